package com.orderdeskmcp.deploycheck;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the deployment files must agree on, read from the apps' sources where the apps define it. */
final class Contract {

    static final String FRONT = "mcp-front";
    static final String WORKER = "mutation-worker";

    /** Actuator's port in each app (MANAGEMENT_SERVER_PORT), as agreed for issue 7. */
    static final Map<String, Integer> MANAGEMENT_PORTS = Map.of(FRONT, 9091, WORKER, 9090);

    static final String LIVENESS = "/actuator/health/liveness";
    static final String READINESS = "/actuator/health/readiness";

    /** The uid the Dockerfiles run as, and the Kubernetes pods' runAsUser. */
    static final long APP_UID = 10001;

    /**
     * Environment variables the deployment may already set for a property an app is about to get: list one
     * here (with the reason) only while the app side is being written, and remove it as soon as the app has
     * the property. Empty: every variable names a property the apps have today.
     */
    static final Map<String, Set<String>> PENDING_PROPERTIES = Map.of(
            WORKER, Set.of(),
            FRONT, Set.of());

    /** Names that look like secrets: such variables must come from a secret, never a literal value. */
    static final Pattern SECRET_NAME = Pattern.compile(".*(PASSWORD|API_KEY|APIKEY|SECRET|TOKEN(?!_SHA256)|_KEYS$|_KEK$).*");

    /** A variable that holds a secret itself (not the path of a file that does). */
    static boolean isSecretName(String name) {
        return SECRET_NAME.matcher(name).matches() && !name.endsWith("_FILE");
    }

    private Contract() {
    }

    /** The command topic's name ({@code Topics.COMMANDS}). */
    static String commandTopic() {
        return constant("shared-model/src/main/java/com/orderdeskmcp/model/kafka/Topics.java", "COMMANDS");
    }

    /** The command topic's partition count, from {@code TopicSpec.ALL}: the most workers that can share it. */
    static int commandPartitions() {
        String source = Repo.read("shared-model/src/main/java/com/orderdeskmcp/model/kafka/TopicSpec.java");
        Matcher m = Pattern.compile("new\\s+TopicSpec\\(\\s*Topics\\.COMMANDS\\s*,\\s*(\\d+)\\s*\\)").matcher(source);
        if (!m.find()) {
            throw new AssertionError("TopicSpec.java declares no partition count for Topics.COMMANDS");
        }
        return Integer.parseInt(m.group(1));
    }

    /** The workers' consumer group, from the worker's application.yml. */
    static String workerGroup() {
        return Repo.string(Repo.at(Repo.yaml(WORKER + "/src/main/resources/application.yml"), "spring", "kafka", "consumer")
                .get("group-id"));
    }

    /** How long the worker lets running mutations finish on shutdown, by default. */
    static Duration workerShutdownGrace() {
        String yml = Repo.string(Repo.at(Repo.yaml(WORKER + "/src/main/resources/application.yml"), "worker")
                .get("shutdown-grace"));
        return Repo.duration(yml == null ? "30s" : yml);
    }

    /** The longest Spring waits for one shutdown phase of the worker (Boot's default is 30 s). */
    static Duration workerLifecycleTimeout() {
        Object value = Repo.at(Repo.yaml(WORKER + "/src/main/resources/application.yml"), "spring").get("lifecycle") == null
                ? null : Repo.at(Repo.yaml(WORKER + "/src/main/resources/application.yml"), "spring", "lifecycle")
                .get("timeout-per-shutdown-phase");
        return Repo.duration(value == null ? "30s" : String.valueOf(value));
    }

    /** How long the platform must wait for a worker to stop before it kills it. */
    static Duration workerStopAtLeast(Duration shutdownGrace) {
        Duration graceAndClose = shutdownGrace.plusSeconds(10); // + closing the consumer (10 s)
        Duration lifecycle = workerLifecycleTimeout();
        return graceAndClose.compareTo(lifecycle) > 0 ? graceAndClose : lifecycle;
    }

    static String constant(String file, String name) {
        Matcher m = Pattern.compile("\\b" + name + "\\s*=\\s*\"([^\"]+)\"").matcher(Repo.read(file));
        if (!m.find()) {
            throw new AssertionError(name + " not found in " + file);
        }
        return m.group(1);
    }
}
