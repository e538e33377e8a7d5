package com.orderdeskmcp.deploycheck;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml hands the database password to the apps as a file named after the property
 * (/run/secrets/spring.datasource.password) and imports the folder with SPRING_CONFIG_IMPORT=configtree.
 * This shows Spring Boot really lets such a file override the app's application.yml, trailing newline and all.
 */
class ConfigTreeSecretsTest {

    @Configuration(proxyBeanMethods = false)
    static class Empty {
    }

    @ParameterizedTest
    @ValueSource(strings = {Contract.FRONT, Contract.WORKER})
    void aSecretFileNamedAfterThePropertyOverridesApplicationYml(String app, @TempDir Path secrets) throws IOException {
        Files.writeString(secrets.resolve("spring.datasource.password"), "from-the-secret-file\n");
        // Other files in the folder (the vault key file) do not disturb anything.
        Files.writeString(secrets.resolve("orderdesk_vault_keys"), "k1:AAAA\n");
        Path yml = Repo.path(app + "/src/main/resources/application.yml");
        assertThat(Repo.read(yml)).contains("password:");

        SpringApplication application = new SpringApplication(Empty.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.setBannerMode(Banner.Mode.OFF);
        application.setLogStartupInfo(false);
        try (ConfigurableApplicationContext context = application.run(
                "--spring.config.location=file:" + yml,
                // the value compose sets, with the folder of this test
                "--spring.config.import=optional:configtree:" + secrets + "/")) {
            assertThat(context.getEnvironment().getProperty("spring.datasource.password")).isEqualTo("from-the-secret-file");
            assertThat(context.getEnvironment().getProperty("spring.datasource.username")).isEqualTo("orderdesk");
        }
    }
}
