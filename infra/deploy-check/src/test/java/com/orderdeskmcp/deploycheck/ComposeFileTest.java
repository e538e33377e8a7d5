package com.orderdeskmcp.deploycheck;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml has the services operators need, with health checks, scalable workers, secrets from
 * files, and environment variables that name real properties of the apps with documented defaults. (No
 * Docker engine runs where this is built, so the file is checked, not run.)
 */
class ComposeFileTest {

    private static String text;
    private static Map<String, Object> compose;
    private static Map<String, Object> services;

    @BeforeAll
    static void load() {
        text = Repo.read("docker-compose.yml");
        compose = Repo.yaml("docker-compose.yml");
        services = Repo.map(compose.get("services"));
    }

    private static Map<String, Object> service(String name) {
        assertThat(services).as("services of docker-compose.yml").containsKey(name);
        return Repo.map(services.get(name));
    }

    /** A service's environment, in either of compose's forms (mapping or list of NAME=value). */
    static Map<String, String> environment(Map<String, Object> service) {
        Map<String, String> env = new LinkedHashMap<>();
        Object raw = service.get("environment");
        if (raw instanceof Map<?, ?> map) {
            map.forEach((k, v) -> env.put(String.valueOf(k), v == null ? null : String.valueOf(v)));
        } else {
            for (Object entry : Repo.list(raw)) {
                String[] kv = String.valueOf(entry).split("=", 2);
                env.put(kv[0], kv.length > 1 ? kv[1] : null);
            }
        }
        return env;
    }

    private static List<String> profiles(Map<String, Object> service) {
        return Repo.list(service.get("profiles")).stream().map(String::valueOf).toList();
    }

    @Test
    void hasTheProductionShapedServicesAndTheDemoSandbox() {
        assertThat(services).containsKeys("kafka", "postgres", Contract.FRONT, Contract.WORKER, "sandbox");
        for (String always : List.of("kafka", "postgres", Contract.FRONT, Contract.WORKER)) {
            assertThat(profiles(service(always))).as("%s starts without a profile", always).isEmpty();
        }
        assertThat(profiles(service("sandbox"))).containsExactly("demo");
    }

    @Test
    void kafkaIsTheOfficialImageInKraftModeAtTheVersionOfTheLocalBroker() {
        Map<String, Object> kafka = service("kafka");
        String image = Repo.string(kafka.get("image"));
        assertThat(image).startsWith("apache/kafka:");
        Matcher local = Pattern.compile("<kafka.version>([^<]+)</kafka.version>").matcher(Repo.read("infra/kafka/pom.xml"));
        assertThat(local.find()).as("kafka.version in infra/kafka/pom.xml").isTrue();
        assertThat(image).as("the compose broker and infra/kafka/kafka.sh run the same Kafka")
                .isEqualTo("apache/kafka:" + local.group(1));
    }

    @Test
    void kafkaRunsKraftWithDataInTheVolume() {
        Map<String, Object> kafka = service("kafka");
        Map<String, String> env = environment(kafka);
        assertThat(env.get("KAFKA_PROCESS_ROLES")).contains("broker").contains("controller");
        assertThat(env).doesNotContainKey("KAFKA_ZOOKEEPER_CONNECT");
        assertThat(env.get("KAFKA_CONTROLLER_QUORUM_VOTERS")).isNotBlank();
        assertThat(env.get("KAFKA_ADVERTISED_LISTENERS")).contains("kafka:9092");
        String logDirs = env.get("KAFKA_LOG_DIRS");
        assertThat(logDirs).as("KAFKA_LOG_DIRS (else the image keeps data in /tmp)").isNotBlank();
        assertThat(Repo.list(kafka.get("volumes"))).anySatisfy(v -> assertThat(String.valueOf(v)).endsWith(":" + logDirs));
    }

    @Test
    void longRunningServicesHaveHealthChecks() {
        for (Map.Entry<String, Object> entry : services.entrySet()) {
            Map<String, Object> service = Repo.map(entry.getValue());
            if (profiles(service).contains("monitoring")) {
                continue;
            }
            Map<String, Object> healthcheck = Repo.map(service.get("healthcheck"));
            assertThat(healthcheck.get("test")).as("healthcheck of %s", entry.getKey()).isNotNull();
            assertThat(healthcheck.get("disable")).as("healthcheck of %s", entry.getKey()).isNotEqualTo(true);
        }
    }

    @Test
    void appsAreBuiltFromTheirDockerfilesAndCheckedOnTheManagementPort() {
        for (String app : List.of(Contract.FRONT, Contract.WORKER)) {
            Map<String, Object> service = service(app);
            String build = Repo.string(service.get("build"));
            assertThat(build).as("build of %s", app).isEqualTo("./" + app);
            assertThat(Files.isRegularFile(Repo.path(app).resolve("Dockerfile"))).isTrue();
            assertThat(Repo.string(service.get("image"))).as("image of %s", app).contains(app);

            Map<String, String> env = environment(service);
            assertThat(env.get("MANAGEMENT_SERVER_PORT")).as("MANAGEMENT_SERVER_PORT of %s", app)
                    .isEqualTo(String.valueOf(Contract.MANAGEMENT_PORTS.get(app)));
            assertThat(env.get("MANAGEMENT_SERVER_ADDRESS")).as("management reachable from other containers")
                    .isEqualTo("0.0.0.0");
            String test = String.join(" ", Repo.list(Repo.map(service.get("healthcheck")).get("test")).stream()
                    .map(String::valueOf).toList());
            assertThat(test).as("healthcheck of %s", app)
                    .contains("$${MANAGEMENT_SERVER_PORT}") // compose passes $$ on as $: the container's own port
                    .contains(Contract.READINESS);
            Map<String, Object> dependsOn = Repo.map(service.get("depends_on"));
            for (String dependency : List.of("kafka", "postgres")) {
                assertThat(Repo.map(dependsOn.get(dependency)).get("condition")).as("%s waits for %s", app, dependency)
                        .isEqualTo("service_healthy");
            }
        }
        assertThat(environment(service(Contract.FRONT)).get("SERVER_ADDRESS")).isEqualTo("0.0.0.0");
    }

    @Test
    void workersScale() {
        Map<String, Object> worker = service(Contract.WORKER);
        assertThat(worker).as("a fixed container name, hostname or host port would stop --scale")
                .doesNotContainKeys("container_name", "hostname", "ports");
        Object replicas = Repo.at(worker, "deploy").get("replicas");
        assertThat(replicas).as("deploy.replicas of the worker").isNotNull();
        Duration stopGrace = Repo.duration(Repo.string(worker.get("stop_grace_period")));
        String graceSetting = environment(worker).get("WORKER_SHUTDOWN_GRACE");
        Duration shutdownGrace = Repo.duration(defaultOf(graceSetting));
        assertThat(stopGrace).as("stop_grace_period longer than WORKER_SHUTDOWN_GRACE + consumer close and Spring's "
                + "shutdown-phase timeout").isGreaterThan(Contract.workerStopAtLeast(shutdownGrace));
        assertThat(shutdownGrace).isEqualTo(Contract.workerShutdownGrace());
    }

    @Test
    void sandboxServesTheDemoStoreFromTheBuiltJarOnAllInterfaces() {
        Map<String, Object> sandbox = service("sandbox");
        String command = String.join(" ", Repo.list(sandbox.get("command")).stream().map(String::valueOf).toList());
        String usage = Repo.read("infra/orderdesk-sandbox/src/main/java/com/orderdeskmcp/sandbox/SandboxCommandLine.java");
        for (String option : List.of("--bind", "--port", "--seed", "--store", "--control-token")) {
            assertThat(command).as("sandbox command uses %s", option).contains(option);
            assertThat(usage).as("the sandbox knows %s", option).contains("\"" + option + "\"");
        }
        assertThat(command).contains("--bind 0.0.0.0").contains("/sandbox/orderdesk-sandbox.jar");
        assertThat(Repo.list(sandbox.get("volumes"))).anySatisfy(v ->
                assertThat(String.valueOf(v)).startsWith("./infra/orderdesk-sandbox/target:/sandbox"));
        assertThat(Repo.read("infra/orderdesk-sandbox/pom.xml")).contains("<finalName>orderdesk-sandbox</finalName>");
    }

    @Test
    void secretsComeFromFilesNeverFromLiterals() {
        Map<String, Object> secrets = Repo.map(compose.get("secrets"));
        assertThat(secrets).containsKeys("postgres_password", "orderdesk_vault_keys");
        secrets.forEach((name, definition) -> {
            Map<String, Object> d = Repo.map(definition);
            assertThat(d.keySet()).as("secret %s comes from a file or an environment variable", name)
                    .containsAnyOf("file", "environment").doesNotContain("content");
        });
        for (Map.Entry<String, Object> entry : services.entrySet()) {
            environment(Repo.map(entry.getValue())).forEach((name, value) -> {
                if (Contract.isSecretName(name)) {
                    assertThat(value).as("%s of %s: a secret is never a literal or a default", name, entry.getKey())
                            .satisfiesAnyOf(v -> assertThat(v).isNull(),
                                    v -> assertThat(v).matches("\\$\\{[A-Z0-9_]+(:?\\?[^}]*)?}"),
                                    v -> assertThat(v).isEmpty(),
                                    v -> assertThat(v).matches("\\$\\{[A-Z0-9_]+:-}"));
                }
            });
        }
        assertThat(environment(service("postgres"))).containsEntry("POSTGRES_PASSWORD_FILE", "/run/secrets/postgres_password")
                .doesNotContainKey("POSTGRES_PASSWORD");
        for (String app : List.of(Contract.FRONT, Contract.WORKER)) {
            Map<String, String> env = environment(service(app));
            assertThat(env).doesNotContainKey("SPRING_DATASOURCE_PASSWORD");
            assertThat(env.get("SPRING_CONFIG_IMPORT")).isEqualTo("optional:configtree:/run/secrets/");
            assertThat(Repo.list(service(app).get("secrets"))).anySatisfy(s -> {
                Map<String, Object> secret = Repo.map(s);
                assertThat(secret.get("source")).isEqualTo("postgres_password");
                assertThat(secret.get("target")).isEqualTo("spring.datasource.password");
            });
            assertThat(env.get("ORDERDESK_VAULT_KEY_FILE")).isEqualTo("/run/secrets/orderdesk_vault_keys");
        }
    }

    @Test
    void appEnvironmentNamesRealProperties() {
        for (String app : List.of(Contract.FRONT, Contract.WORKER)) {
            AppSettings settings = AppSettings.of(app);
            for (String name : environment(service(app)).keySet()) {
                if (AppSettings.NOT_PROPERTIES.contains(name) || Contract.PENDING_PROPERTIES.get(app).contains(name)) {
                    continue;
                }
                assertThat(settings.propertyOf(name)).as("%s of %s names a property of %s", name, app, app).isPresent();
            }
        }
    }

    @Test
    void defaultsMatchTheAppsAndAreDocumented() {
        Map<String, String> documented = new LinkedHashMap<>();
        Matcher doc = Pattern.compile("([A-Z][A-Z0-9_]+): (\\([^)]*\\)|\\S+)").matcher(
                String.join("\n", text.lines().filter(l -> l.startsWith("#")).toList()));
        while (doc.find()) {
            documented.put(doc.group(1), doc.group(2));
        }
        Matcher used = Pattern.compile("(?<!\\$)\\$\\{([A-Z][A-Z0-9_]*):-([^}]*)}").matcher(text);
        int count = 0;
        while (used.find()) {
            String variable = used.group(1);
            String fallback = used.group(2);
            assertThat(documented).as("${%s:-...} is documented in the header of docker-compose.yml", variable)
                    .containsKey(variable);
            if (fallback.isEmpty()) {
                assertThat(documented.get(variable)).as("documented default of %s", variable).startsWith("(empty");
            } else {
                assertThat(documented.get(variable)).as("documented default of %s", variable).isEqualTo(fallback);
            }
            count++;
        }
        assertThat(count).isGreaterThan(20);

        for (String app : List.of(Contract.FRONT, Contract.WORKER)) {
            AppSettings settings = AppSettings.of(app);
            environment(service(app)).forEach((name, value) -> {
                Matcher own = Pattern.compile("\\$\\{" + name + ":-([^}]*)}").matcher(value == null ? "" : value);
                if (own.matches()) {
                    settings.ymlKeyOf(name).ifPresent(key -> assertThat(normalize(own.group(1)))
                            .as("default of %s in compose vs %s in %s's application.yml", name, key, app)
                            .isEqualTo(normalize(settings.ymlDefaults().get(key))));
                }
            });
        }
    }

    private static String normalize(String value) {
        return value == null ? "" : value.replaceAll("\\s+", "");
    }

    private static String defaultOf(String value) {
        Matcher m = Pattern.compile("\\$\\{[A-Z0-9_]+:-([^}]*)}").matcher(value);
        return m.matches() ? m.group(1) : value;
    }
}
