package com.orderdeskmcp.deploycheck;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Each app's Dockerfile: non-root, health-checked on the management port, the right jar, no secrets. */
class DockerfileTest {

    /** Instructions with line continuations joined, comments dropped. */
    private static List<String> instructions(String app) {
        List<String> result = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : Repo.read(app + "/Dockerfile").lines().toList()) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || (trimmed.isEmpty() && current.isEmpty())) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
            } else {
                current.append(trimmed);
                result.add(current.toString());
                current.setLength(0);
            }
        }
        return result;
    }

    private static List<String> named(List<String> instructions, String keyword) {
        return instructions.stream().filter(i -> i.regionMatches(true, 0, keyword + " ", 0, keyword.length() + 1)).toList();
    }

    private static Map<String, String> env(List<String> instructions) {
        Map<String, String> env = new LinkedHashMap<>();
        Matcher pair = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\"[^\"]*\"|\\S+)").matcher("");
        for (String instruction : named(instructions, "ENV")) {
            pair.reset(instruction.substring(4));
            while (pair.find()) {
                env.put(pair.group(1), pair.group(2).replace("\"", ""));
            }
        }
        return env;
    }

    @ParameterizedTest
    @ValueSource(strings = {Contract.FRONT, Contract.WORKER})
    void runsAsTheFixedNonRootUser(String app) {
        List<String> instructions = instructions(app);
        List<String> users = named(instructions, "USER");
        assertThat(users).as("USER in %s/Dockerfile", app).isNotEmpty();
        String user = users.getLast().substring(5).trim();
        assertThat(user).as("a numeric uid, so that Kubernetes' runAsNonRoot can verify it").matches("\\d+(:\\d+)?");
        assertThat(Long.parseLong(user.split(":")[0])).isEqualTo(Contract.APP_UID);
        int userAt = instructions.indexOf(users.getLast());
        int entrypointAt = instructions.indexOf(named(instructions, "ENTRYPOINT").getLast());
        assertThat(userAt).as("USER comes before ENTRYPOINT").isLessThan(entrypointAt);
        assertThat(instructions.subList(userAt, instructions.size())).as("nothing runs as root after USER")
                .noneMatch(i -> i.startsWith("USER root") || i.startsWith("USER 0"));
    }

    @ParameterizedTest
    @ValueSource(strings = {Contract.FRONT, Contract.WORKER})
    void healthCheckAsksReadinessOnTheManagementPort(String app) {
        List<String> instructions = instructions(app);
        Map<String, String> env = env(instructions);
        assertThat(env).containsEntry("MANAGEMENT_SERVER_PORT", String.valueOf(Contract.MANAGEMENT_PORTS.get(app)));
        List<String> healthchecks = named(instructions, "HEALTHCHECK");
        assertThat(healthchecks).hasSize(1);
        assertThat(healthchecks.getFirst()).contains("${MANAGEMENT_SERVER_PORT").contains(Contract.READINESS)
                .doesNotContain("curl").doesNotContain("wget"); // neither is in the eclipse-temurin JRE image
        assertThat(named(instructions, "EXPOSE")).anySatisfy(e ->
                assertThat(e).contains(String.valueOf(Contract.MANAGEMENT_PORTS.get(app))));
        if (app.equals(Contract.FRONT)) {
            assertThat(env).containsEntry("SERVER_ADDRESS", "0.0.0.0");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {Contract.FRONT, Contract.WORKER})
    void copiesTheJarMavenBuildsAndNoSecrets(String app) {
        List<String> instructions = instructions(app);
        assertThat(Repo.read(app + "/pom.xml")).contains("<finalName>" + app + "</finalName>");
        assertThat(named(instructions, "COPY")).anySatisfy(c -> assertThat(c).contains("target/" + app + ".jar"));
        assertThat(named(instructions, "ENTRYPOINT").getLast()).contains(app + ".jar");
        for (String name : env(instructions).keySet()) {
            assertThat(Contract.isSecretName(name)).as("ENV %s bakes a secret into the image", name).isFalse();
        }
        for (String arg : named(instructions, "ARG")) {
            assertThat(Contract.isSecretName(arg.substring(4).split("=")[0].trim()))
                    .as("%s passes a secret through the build", arg).isFalse();
        }
        assertThat(named(instructions, "FROM")).allSatisfy(f -> assertThat(f).contains("eclipse-temurin:25"));
    }
}
