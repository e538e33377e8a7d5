package com.orderdeskmcp.deploycheck;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * infra/k8s is consistent: selectors match labels, probes hit the management port, the KEDA ScaledObject
 * scales the worker Deployment on the right group and topic and never beyond the partition count, secrets
 * are referenced and never inlined, every environment variable names a real property, and the pods fit
 * 2-core nodes and shut down gracefully.
 */
class KubernetesManifestsTest {

    private static final Path DIR = Repo.path("infra/k8s");
    private static final String EXAMPLE_SECRETS = "secrets.example.yaml";

    /** Every object kustomization.yaml applies. */
    private static List<Map<String, Object>> applied;
    /** The Secrets documented (with placeholders) in secrets.example.yaml. */
    private static List<Map<String, Object>> exampleSecrets;
    private static Map<String, Object> kustomization;

    @BeforeAll
    static void load() {
        kustomization = Repo.yaml("infra/k8s/kustomization.yaml");
        applied = new ArrayList<>();
        for (Object resource : Repo.list(kustomization.get("resources"))) {
            Path file = DIR.resolve(String.valueOf(resource));
            assertThat(file).as("resource %s of kustomization.yaml", resource).isRegularFile();
            applied.addAll(Repo.yamlDocuments(file));
        }
        exampleSecrets = Repo.yamlDocuments(DIR.resolve(EXAMPLE_SECRETS));
    }

    private static List<Map<String, Object>> ofKind(String kind) {
        return applied.stream().filter(o -> kind.equals(o.get("kind"))).toList();
    }

    private static String name(Map<String, Object> object) {
        return Repo.string(Repo.map(object.get("metadata")).get("name"));
    }

    private static Map<String, Object> named(String kind, String name) {
        return ofKind(kind).stream().filter(o -> name.equals(name(o))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in infra/k8s"));
    }

    private static Map<String, Object> podSpec(Map<String, Object> deployment) {
        return Repo.at(deployment, "spec", "template", "spec");
    }

    private static Map<String, Object> container(Map<String, Object> deployment) {
        List<Object> containers = Repo.list(podSpec(deployment).get("containers"));
        assertThat(containers).as("containers of %s", name(deployment)).hasSize(1);
        return Repo.map(containers.getFirst());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> labels(Object labels) {
        return (Map<String, String>) (Map<?, ?>) Repo.map(labels);
    }

    @Test
    void everyManifestIsAppliedExceptTheSecretExample() throws IOException {
        Set<String> listed = new LinkedHashSet<>();
        Repo.list(kustomization.get("resources")).forEach(r -> listed.add(String.valueOf(r)));
        try (Stream<Path> files = Files.list(DIR)) {
            files.map(f -> f.getFileName().toString())
                    .filter(f -> f.endsWith(".yaml") && !f.equals("kustomization.yaml"))
                    .forEach(f -> {
                        if (f.equals(EXAMPLE_SECRETS)) {
                            assertThat(listed).as("%s is documentation and never applied", f).doesNotContain(f);
                        } else {
                            assertThat(listed).as("%s is applied by kustomization.yaml", f).contains(f);
                        }
                    });
        }
        assertThat(ofKind("Deployment")).extracting(KubernetesManifestsTest::name)
                .containsExactlyInAnyOrder(Contract.FRONT, Contract.WORKER);
        assertThat(ofKind("Secret")).as("no Secret is committed with values").isEmpty();
        for (Map<String, Object> object : applied) {
            assertThat(object.get("apiVersion")).as("apiVersion of %s", name(object)).isNotNull();
            assertThat(object.get("kind")).isNotNull();
        }
    }

    @Test
    void kustomizeBuildsIt() throws Exception {
        Path kubectl = Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .map(p -> Path.of(p, "kubectl")).filter(Files::isExecutable).findFirst().orElse(null);
        Assumptions.assumeTrue(kubectl != null, "kubectl is not installed");
        Process process = new ProcessBuilder(kubectl.toString(), "kustomize", DIR.toString()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).as(output).isZero();
        List<Map<String, Object>> built = new ArrayList<>();
        for (Object document : Repo.yamlParser().loadAll(output)) {
            built.add(Repo.map(document));
        }
        assertThat(built).hasSize(applied.size());
        assertThat(built).filteredOn(o -> !"Namespace".equals(o.get("kind")))
                .allSatisfy(o -> assertThat(Repo.map(o.get("metadata")).get("namespace")).isEqualTo(kustomization.get("namespace")));
        assertThat(output).contains("image: orderdesk/mcp-front:").contains("image: orderdesk/mutation-worker:");
    }

    @Test
    void selectorsMatchTheLabelsOfThePodsTheyMean() {
        for (Map<String, Object> deployment : ofKind("Deployment")) {
            Map<String, String> selector = labels(Repo.at(deployment, "spec", "selector").get("matchLabels"));
            Map<String, String> podLabels = labels(Repo.at(deployment, "spec", "template", "metadata").get("labels"));
            assertThat(selector).as("selector of %s", name(deployment)).isNotEmpty();
            assertThat(podLabels).as("pod labels of %s", name(deployment)).containsAllEntriesOf(selector);
        }
        for (Map<String, Object> service : ofKind("Service")) {
            Map<String, String> selector = labels(Repo.at(service, "spec").get("selector"));
            Map<String, Object> target = deploymentSelectedBy(selector, "Service " + name(service));
            Set<String> portNames = new LinkedHashSet<>();
            Repo.list(container(target).get("ports")).forEach(p -> portNames.add(Repo.string(Repo.map(p).get("name"))));
            for (Object port : Repo.list(Repo.at(service, "spec").get("ports"))) {
                assertThat(portNames).as("targetPort of Service %s", name(service))
                        .contains(Repo.string(Repo.map(port).get("targetPort")));
            }
        }
        for (Map<String, Object> budget : ofKind("PodDisruptionBudget")) {
            Map<String, Object> spec = Repo.at(budget, "spec");
            deploymentSelectedBy(labels(Repo.map(spec.get("selector")).get("matchLabels")), "PDB " + name(budget));
            assertThat(spec.containsKey("minAvailable") ^ spec.containsKey("maxUnavailable"))
                    .as("PDB %s sets minAvailable or maxUnavailable", name(budget)).isTrue();
        }
        for (Map<String, Object> deployment : ofKind("Deployment")) {
            Map<String, String> podLabels = labels(Repo.at(deployment, "spec", "template", "metadata").get("labels"));
            assertThat(ofKind("PodDisruptionBudget")).as("a PodDisruptionBudget for %s", name(deployment))
                    .anySatisfy(b -> assertThat(podLabels).containsAllEntriesOf(
                            labels(Repo.at(b, "spec", "selector").get("matchLabels"))));
            Object replicas = Repo.at(deployment, "spec").get("replicas");
            Object minAvailable = ofKind("PodDisruptionBudget").stream()
                    .filter(b -> podLabels.entrySet().containsAll(labels(Repo.at(b, "spec", "selector").get("matchLabels")).entrySet()))
                    .map(b -> Repo.at(b, "spec").getOrDefault("minAvailable", "none")).findFirst().orElse("none");
            if (replicas != null && minAvailable instanceof Integer min) {
                assertThat(min).as("minAvailable of %s leaves room to drain a node", name(deployment))
                        .isLessThan((Integer) replicas);
            }
        }
    }

    private static Map<String, Object> deploymentSelectedBy(Map<String, String> selector, String what) {
        assertThat(selector).as("selector of %s", what).isNotEmpty();
        List<Map<String, Object>> matching = ofKind("Deployment").stream()
                .filter(d -> labels(Repo.at(d, "spec", "template", "metadata").get("labels")).entrySet()
                        .containsAll(selector.entrySet()))
                .toList();
        assertThat(matching).as("%s selects the pods of exactly one Deployment", what).hasSize(1);
        return matching.getFirst();
    }

    @Test
    void probesHitTheManagementPort() {
        for (Map<String, Object> deployment : ofKind("Deployment")) {
            String app = name(deployment);
            Map<String, Object> container = container(deployment);
            int management = Contract.MANAGEMENT_PORTS.get(app);
            assertThat(Repo.list(container.get("ports"))).as("ports of %s", app).anySatisfy(p -> {
                assertThat(Repo.map(p).get("name")).isEqualTo("management");
                assertThat(Repo.map(p).get("containerPort")).isEqualTo(management);
            });
            assertThat(env(container)).as("env of %s", app)
                    .containsEntry("MANAGEMENT_SERVER_PORT", String.valueOf(management))
                    .containsEntry("MANAGEMENT_SERVER_ADDRESS", "0.0.0.0");
            Map<String, String> paths = Map.of("livenessProbe", Contract.LIVENESS, "readinessProbe", Contract.READINESS,
                    "startupProbe", Contract.LIVENESS);
            paths.forEach((probe, path) -> {
                Map<String, Object> httpGet = Repo.at(container, probe, "httpGet");
                assertThat(httpGet.get("path")).as("%s of %s", probe, app).isEqualTo(path);
                assertThat(Repo.string(httpGet.get("port"))).as("%s of %s", probe, app)
                        .isIn("management", String.valueOf(management));
            });
            Map<String, String> annotations = labels(Repo.at(deployment, "spec", "template", "metadata").get("annotations"));
            assertThat(annotations).containsEntry("prometheus.io/port", String.valueOf(management))
                    .containsEntry("prometheus.io/path", "/actuator/prometheus");
        }
        assertThat(env(container(named("Deployment", Contract.FRONT)))).containsEntry("SERVER_ADDRESS", "0.0.0.0");
    }

    @Test
    void kedaScalesTheWorkerOnItsGroupsLagNeverBeyondThePartitions() {
        List<Map<String, Object>> scaledObjects = ofKind("ScaledObject");
        assertThat(scaledObjects).hasSize(1);
        Map<String, Object> scaled = scaledObjects.getFirst();
        assertThat(Repo.string(scaled.get("apiVersion"))).startsWith("keda.sh/");
        Map<String, Object> spec = Repo.at(scaled, "spec");
        Map<String, Object> target = Repo.map(spec.get("scaleTargetRef"));
        assertThat(target.get("name")).isEqualTo(Contract.WORKER);
        assertThat(target.getOrDefault("kind", "Deployment")).isEqualTo("Deployment");
        named("Deployment", Contract.WORKER);
        assertThat(Repo.at(named("Deployment", Contract.WORKER), "spec").get("replicas"))
                .as("the worker's replicas belong to KEDA").isNull();

        int partitions = Contract.commandPartitions();
        int max = (Integer) spec.get("maxReplicaCount");
        int min = (Integer) spec.getOrDefault("minReplicaCount", 0);
        assertThat(max).as("maxReplicaCount <= partitions of %s", Contract.commandTopic())
                .isLessThanOrEqualTo(partitions).isGreaterThanOrEqualTo(Math.max(min, 1));

        List<Object> triggers = Repo.list(spec.get("triggers"));
        assertThat(triggers).hasSize(1);
        Map<String, Object> trigger = Repo.map(triggers.getFirst());
        assertThat(trigger.get("type")).isEqualTo("kafka");
        Map<String, Object> metadata = Repo.map(trigger.get("metadata"));
        assertThat(metadata.get("consumerGroup")).isEqualTo(Contract.workerGroup());
        assertThat(metadata.get("topic")).isEqualTo(Contract.commandTopic());
        assertThat(Repo.string(metadata.getOrDefault("allowIdleConsumers", "false"))).isEqualTo("false");
        assertThat(Long.parseLong(Repo.string(metadata.get("lagThreshold")))).isPositive();
        String fromEnv = Repo.string(metadata.get("bootstrapServersFromEnv"));
        if (fromEnv != null) {
            assertThat(env(container(named("Deployment", Contract.WORKER)))).as("KEDA reads %s from the worker", fromEnv)
                    .containsKey(fromEnv);
        } else {
            assertThat(Repo.string(metadata.get("bootstrapServers"))).isNotBlank();
        }
    }

    @Test
    void secretsAreReferencedNeverInlined() {
        Map<String, Set<String>> documented = new LinkedHashMap<>();
        for (Map<String, Object> secret : exampleSecrets) {
            assertThat(secret.get("kind")).isEqualTo("Secret");
            Map<String, Object> data = new LinkedHashMap<>(Repo.map(secret.get("stringData")));
            data.putAll(Repo.map(secret.get("data")));
            data.forEach((key, value) -> assertThat(Repo.string(value)).as("%s/%s in %s is a placeholder", name(secret), key,
                    EXAMPLE_SECRETS).contains("PLACEHOLDER"));
            documented.put(name(secret), data.keySet());
        }
        for (Map<String, Object> configMap : ofKind("ConfigMap")) {
            Repo.map(configMap.get("data")).keySet().forEach(key -> assertThat(Contract.isSecretName(key))
                    .as("ConfigMap %s holds %s, which belongs in a Secret", name(configMap), key).isFalse());
        }
        for (Map<String, Object> deployment : ofKind("Deployment")) {
            Map<String, Object> container = container(deployment);
            for (Object item : Repo.list(container.get("env"))) {
                Map<String, Object> variable = Repo.map(item);
                String envName = Repo.string(variable.get("name"));
                if (variable.containsKey("valueFrom")) {
                    Map<String, Object> ref = Repo.map(Repo.map(variable.get("valueFrom")).get("secretKeyRef"));
                    if (!ref.isEmpty()) {
                        assertThat(documented).as("Secret %s (for %s) is documented", ref.get("name"), envName)
                                .containsKey(Repo.string(ref.get("name")));
                        assertThat(documented.get(Repo.string(ref.get("name")))).contains(Repo.string(ref.get("key")));
                    }
                } else {
                    assertThat(Contract.isSecretName(envName))
                            .as("%s of %s is a secret given as a literal", envName, name(deployment)).isFalse();
                }
            }
            for (Object source : Repo.list(container.get("envFrom"))) {
                Map<String, Object> secretRef = Repo.map(Repo.map(source).get("secretRef"));
                if (!secretRef.isEmpty()) {
                    assertThat(documented).as("Secret %s is documented", secretRef.get("name"))
                            .containsKey(Repo.string(secretRef.get("name")));
                }
            }
            for (Object volume : Repo.list(podSpec(deployment).get("volumes"))) {
                Map<String, Object> secret = Repo.map(Repo.map(volume).get("secret"));
                if (!secret.isEmpty()) {
                    String secretName = Repo.string(secret.get("secretName"));
                    assertThat(documented).containsKey(secretName);
                    Repo.list(secret.get("items")).forEach(i ->
                            assertThat(documented.get(secretName)).contains(Repo.string(Repo.map(i).get("key"))));
                }
            }
        }
    }

    @Test
    void environmentNamesRealProperties() {
        for (Map<String, Object> deployment : ofKind("Deployment")) {
            String app = name(deployment);
            AppSettings settings = AppSettings.of(app);
            for (String variable : env(container(deployment)).keySet()) {
                if (AppSettings.NOT_PROPERTIES.contains(variable) || Contract.PENDING_PROPERTIES.get(app).contains(variable)) {
                    continue;
                }
                assertThat(settings.propertyOf(variable)).as("%s of %s names a property of %s", variable, app, app)
                        .isPresent();
            }
        }
    }

    @Test
    void podsRunAsTheImageUserWithinTwoCoreNodesAndStopGracefully() {
        for (Map<String, Object> deployment : ofKind("Deployment")) {
            String app = name(deployment);
            Map<String, Object> pod = podSpec(deployment);
            Map<String, Object> security = Repo.map(pod.get("securityContext"));
            assertThat(security.get("runAsNonRoot")).isEqualTo(true);
            assertThat(((Number) security.get("runAsUser")).longValue()).isEqualTo(Contract.APP_UID);
            Map<String, Object> containerSecurity = Repo.map(container(deployment).get("securityContext"));
            assertThat(containerSecurity.get("allowPrivilegeEscalation")).isEqualTo(false);

            Map<String, Object> resources = Repo.map(container(deployment).get("resources"));
            Map<String, Object> requests = Repo.map(resources.get("requests"));
            Map<String, Object> limits = Repo.map(resources.get("limits"));
            for (String resource : List.of("cpu", "memory")) {
                assertThat(requests).as("%s request of %s", resource, app).containsKey(resource);
                assertThat(limits).as("%s limit of %s", resource, app).containsKey(resource);
                assertThat(quantity(requests.get(resource))).as("%s request <= limit for %s", resource, app)
                        .isLessThanOrEqualTo(quantity(limits.get(resource)));
            }
            assertThat(quantity(limits.get("cpu"))).as("cpu limit of %s on a 2-core node", app)
                    .isLessThanOrEqualTo(new BigDecimal("1.5"));
            assertThat(quantity(requests.get("cpu")).multiply(BigDecimal.valueOf(4)))
                    .as("four %s pods fit a 2-core node by request", app).isLessThanOrEqualTo(new BigDecimal("1.9"));
            assertThat(quantity(limits.get("memory"))).as("memory limit of %s", app)
                    .isLessThanOrEqualTo(quantity("2Gi"));
            assertThat(image(deployment)).startsWith("orderdesk/" + app);
        }

        Map<String, Object> worker = named("Deployment", Contract.WORKER);
        int workerGrace = (Integer) podSpec(worker).get("terminationGracePeriodSeconds");
        String configured = Repo.string(Repo.map(named("ConfigMap", Contract.WORKER).get("data")).get("WORKER_SHUTDOWN_GRACE"));
        Duration shutdownGrace = configured == null ? Contract.workerShutdownGrace() : Repo.duration(configured);
        assertThat(Duration.ofSeconds(workerGrace)).as("the worker's terminationGracePeriodSeconds > WORKER_SHUTDOWN_GRACE "
                + "+ consumer close and > Spring's shutdown-phase timeout").isGreaterThan(Contract.workerStopAtLeast(shutdownGrace));

        Map<String, Object> front = named("Deployment", Contract.FRONT);
        int frontGrace = (Integer) podSpec(front).get("terminationGracePeriodSeconds");
        Duration wait = Repo.duration(Repo.string(Repo.map(named("ConfigMap", Contract.FRONT).get("data")).get("FRONT_MUTATION_WAIT")));
        assertThat(Duration.ofSeconds(frontGrace)).as("the front's grace period covers a waiting mutation call")
                .isGreaterThan(wait.plusSeconds(5));
    }

    private static String image(Map<String, Object> deployment) {
        String image = Repo.string(container(deployment).get("image"));
        List<String> overridden = Repo.list(kustomization.get("images")).stream()
                .map(i -> Repo.string(Repo.map(i).get("name"))).toList();
        assertThat(overridden).as("kustomization.yaml sets the tag of %s", image).contains(image);
        return image;
    }

    /** A Kubernetes quantity (250m, 1, 640Mi, 2Gi) as a number of cores or bytes. */
    static BigDecimal quantity(Object value) {
        String text = String.valueOf(value).trim();
        Map<String, BigDecimal> suffixes = new LinkedHashMap<>();
        suffixes.put("Ki", BigDecimal.valueOf(1024L));
        suffixes.put("Mi", BigDecimal.valueOf(1024L * 1024));
        suffixes.put("Gi", BigDecimal.valueOf(1024L * 1024 * 1024));
        suffixes.put("m", new BigDecimal("0.001"));
        suffixes.put("k", BigDecimal.valueOf(1000L));
        suffixes.put("M", BigDecimal.valueOf(1000L * 1000));
        suffixes.put("G", BigDecimal.valueOf(1000L * 1000 * 1000));
        for (Map.Entry<String, BigDecimal> suffix : suffixes.entrySet()) {
            if (text.endsWith(suffix.getKey())) {
                return new BigDecimal(text.substring(0, text.length() - suffix.getKey().length())).multiply(suffix.getValue());
            }
        }
        return new BigDecimal(text);
    }

    /**
     * The environment a container gets: its env entries, the keys of the ConfigMaps it imports, and the keys
     * documented for the Secrets it imports. Values: the literal, the ConfigMap value, or "(secret)".
     */
    static Map<String, String> env(Map<String, Object> container) {
        Map<String, String> env = new LinkedHashMap<>();
        for (Object source : Repo.list(container.get("envFrom"))) {
            Map<String, Object> from = Repo.map(source);
            Map<String, Object> configMapRef = Repo.map(from.get("configMapRef"));
            if (!configMapRef.isEmpty()) {
                Map<String, Object> configMap = named("ConfigMap", Repo.string(configMapRef.get("name")));
                Repo.map(configMap.get("data")).forEach((k, v) -> env.put(k, Repo.string(v)));
            }
            Map<String, Object> secretRef = Repo.map(from.get("secretRef"));
            if (!secretRef.isEmpty()) {
                String secretName = Repo.string(secretRef.get("name"));
                exampleSecrets.stream().filter(s -> secretName.equals(name(s))).findFirst().ifPresent(s ->
                        Repo.map(s.get("stringData")).keySet().forEach(k -> env.put(k, "(secret)")));
            }
        }
        for (Object item : Repo.list(container.get("env"))) {
            Map<String, Object> variable = Repo.map(item);
            env.put(Repo.string(variable.get("name")),
                    variable.containsKey("value") ? Repo.string(variable.get("value")) : "(secret)");
        }
        return env;
    }
}
