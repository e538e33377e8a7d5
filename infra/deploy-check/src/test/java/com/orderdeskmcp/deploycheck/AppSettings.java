package com.orderdeskmcp.deploycheck;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The configuration properties one app really has, so that an environment variable in docker-compose.yml or
 * infra/k8s can be checked against them: the keys of its {@code application.yml}, the components of the
 * records it binds ({@code @ConfigurationProperties} records and {@code Binder.bind("prefix", X.class)},
 * also from shared-model), the names in its {@code @Value("${...}")}, and Spring Boot's own properties from
 * the configuration metadata on the test classpath.
 *
 * <p>Properties are kept in canonical form with {@code [*]} for a list index and {@code {*}} for a map key,
 * e.g. {@code orderdesk.stores[*].api-key}. An environment variable names one when it matches Spring's
 * relaxed binding: dots to underscores, dashes removed (or, the legacy form, dashes to underscores),
 * upper case, list indexes as {@code _0_}: {@code ORDERDESK_STORES_0_API_KEY}.
 */
final class AppSettings {

    /** Environment variables that are read by something other than Spring's binder, on purpose. */
    static final Set<String> NOT_PROPERTIES = Set.of(
            "AXONIQ_UPDATE_CHECKER_DISABLED", // read by Axon's update checker, not Spring
            "JAVA_TOOL_OPTIONS",              // read by the JVM
            "TZ");

    private static final List<String> SHARED_MODULES = List.of("shared-model");
    private static final Set<String> COLLECTIONS = Set.of("List", "Set", "Collection", "Iterable");
    private static final Pattern CONFIG_PROPERTIES = Pattern.compile(
            "@ConfigurationProperties\\(\\s*(?:(?:prefix|value)\\s*=\\s*)?\"([^\"]+)\"\\s*\\)[\\s\\S]*?record\\s+(\\w+)\\s*\\(");
    private static final Pattern BINDER = Pattern.compile("\\.bind\\(\\s*\"([^\"]+)\"\\s*,\\s*([\\w.]+)\\.class");
    private static final Pattern VALUE = Pattern.compile("@Value\\(\\s*\"\\$\\{([^:}]+)");

    private static volatile Set<String> bootProperties;

    private final String module;
    private final Set<String> properties = new TreeSet<>();
    private final Map<String, String> ymlDefaults = new LinkedHashMap<>();
    private final Map<String, String> sources = new LinkedHashMap<>();

    private AppSettings(String module) {
        this.module = module;
    }

    /** The properties of the app in {@code module} (e.g. {@code mcp-front}). */
    static AppSettings of(String module) {
        AppSettings settings = new AppSettings(module);
        settings.load();
        return settings;
    }

    String module() {
        return module;
    }

    /** The application's own properties (without Spring Boot's), canonical form. */
    Set<String> ownProperties() {
        return Collections.unmodifiableSet(properties);
    }

    /** Flattened keys of application.yml and their values, e.g. {@code worker.shutdown-grace=30s}. */
    Map<String, String> ymlDefaults() {
        return Collections.unmodifiableMap(ymlDefaults);
    }

    /** The property (canonical form) this environment variable sets, if any. */
    Optional<String> propertyOf(String environmentVariable) {
        for (String property : properties) {
            if (envPattern(property).matcher(environmentVariable).matches()) {
                return Optional.of(property);
            }
        }
        for (String property : bootProperties()) {
            if (envPattern(property).matcher(environmentVariable).matches()) {
                return Optional.of(property);
            }
        }
        return Optional.empty();
    }

    /** The application.yml key this environment variable overrides, if the yml has one. */
    Optional<String> ymlKeyOf(String environmentVariable) {
        return ymlDefaults.keySet().stream()
                .filter(key -> envPattern(key).matcher(environmentVariable).matches())
                .findFirst();
    }

    /** Spring's relaxed binding from the environment, as a regular expression over variable names. */
    static Pattern envPattern(String property) {
        StringBuilder regex = new StringBuilder();
        String[] parts = property.split("\\.");
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (i > 0) {
                regex.append('_');
            }
            int indexes = 0;
            while (part.endsWith("[*]")) {
                part = part.substring(0, part.length() - 3);
                indexes++;
            }
            if (part.equals("{*}")) {
                regex.append("[A-Z0-9_]+");
            } else {
                String upper = part.toUpperCase(Locale.ROOT).replaceAll("\\[(\\d+)]", "_$1");
                if (upper.contains("-")) {
                    regex.append("(?:").append(Pattern.quote(upper.replace("-", ""))).append('|')
                            .append(Pattern.quote(upper.replace('-', '_'))).append(')');
                } else {
                    regex.append(Pattern.quote(upper));
                }
            }
            regex.append("_[0-9]+".repeat(indexes));
        }
        return Pattern.compile(regex.toString());
    }

    private void load() {
        Map<String, Object> yml = Repo.yaml(module + "/src/main/resources/application.yml");
        flatten("", yml);
        for (Path file : sourcesOf(List.of(module))) {
            String source = Repo.read(file);
            Matcher annotated = CONFIG_PROPERTIES.matcher(source);
            while (annotated.find()) {
                addRecord(annotated.group(1), annotated.group(2), new LinkedHashSet<>());
            }
            Matcher bound = BINDER.matcher(source);
            while (bound.find()) {
                addRecord(bound.group(1), simpleName(bound.group(2)), new LinkedHashSet<>());
            }
            Matcher value = VALUE.matcher(source);
            while (value.find()) {
                properties.add(value.group(1).trim());
            }
        }
    }

    private void flatten(String prefix, Map<String, Object> yml) {
        for (Map.Entry<String, Object> entry : yml.entrySet()) {
            String key = prefix.isEmpty() ? entry.getKey() : prefix + "." + entry.getKey();
            if (entry.getValue() instanceof Map<?, ?>) {
                flatten(key, Repo.map(entry.getValue()));
            } else {
                properties.add(key);
                if (entry.getValue() instanceof List<?>) {
                    properties.add(key + "[*]");
                }
                ymlDefaults.put(key, entry.getValue() == null ? "" : String.valueOf(entry.getValue()));
            }
        }
    }

    private void addRecord(String prefix, String recordName, Set<String> seen) {
        if (!seen.add(recordName)) {
            return;
        }
        Map<String, String> components = recordComponents(recordName)
                .orElseThrow(() -> new AssertionError("record " + recordName + " (bound to " + prefix
                        + ") not found in the sources of " + module + " or " + SHARED_MODULES));
        for (Map.Entry<String, String> component : components.entrySet()) {
            String key = prefix + "." + kebab(component.getKey());
            addType(key, component.getValue().trim(), seen);
        }
        seen.remove(recordName);
    }

    private void addType(String key, String type, Set<String> seen) {
        String raw = type.contains("<") ? type.substring(0, type.indexOf('<')).trim() : type;
        raw = simpleName(raw);
        if (type.endsWith("[]")) {
            addElement(key, type.substring(0, type.length() - 2).trim(), seen);
        } else if (COLLECTIONS.contains(raw)) {
            addElement(key, typeArguments(type).getFirst(), seen);
        } else if (raw.equals("Map")) {
            String valueType = typeArguments(type).get(1);
            addType(key + ".{*}", valueType, seen);
        } else if (recordComponents(simpleName(type)).isPresent()) {
            addRecord(key, simpleName(type), seen);
        } else {
            properties.add(key);
        }
    }

    private void addElement(String key, String elementType, Set<String> seen) {
        if (recordComponents(simpleName(elementType)).isPresent()) {
            addRecord(key + "[*]", simpleName(elementType), seen);
        } else {
            properties.add(key);
            properties.add(key + "[*]");
        }
    }

    private static List<String> typeArguments(String type) {
        String inner = type.substring(type.indexOf('<') + 1, type.lastIndexOf('>'));
        return splitTopLevel(inner);
    }

    private static String simpleName(String type) {
        String name = type.trim();
        int generic = name.indexOf('<');
        if (generic >= 0) {
            name = name.substring(0, generic);
        }
        int dot = name.lastIndexOf('.');
        return dot >= 0 ? name.substring(dot + 1) : name;
    }

    /** A record's components (name to type) from the sources of this app and the shared modules. */
    private Optional<Map<String, String>> recordComponents(String recordName) {
        Pattern declaration = Pattern.compile("\\brecord\\s+" + Pattern.quote(recordName) + "\\s*(?:<[^>]*>)?\\s*\\(");
        List<String> modules = new ArrayList<>(List.of(module));
        modules.addAll(SHARED_MODULES);
        for (Path file : sourcesOf(modules)) {
            String source = sources.computeIfAbsent(file.toString(), f -> Repo.read(file));
            Matcher m = declaration.matcher(source);
            if (m.find()) {
                String parameters = balanced(source, m.end() - 1);
                Map<String, String> components = new LinkedHashMap<>();
                for (String parameter : splitTopLevel(parameters)) {
                    String cleaned = parameter.replaceAll("@[\\w.]+(\\([^)]*\\))?", " ").replace("final ", " ").trim();
                    if (cleaned.isEmpty()) {
                        continue;
                    }
                    int space = cleaned.lastIndexOf(' ');
                    components.put(cleaned.substring(space + 1).trim(), cleaned.substring(0, space).trim());
                }
                return Optional.of(components);
            }
        }
        return Optional.empty();
    }

    private static List<Path> sourcesOf(List<String> modules) {
        List<Path> files = new ArrayList<>();
        for (String m : modules) {
            files.addAll(Repo.javaSources(m));
        }
        return files;
    }

    /** The text between the parenthesis at {@code open} and its partner. */
    private static String balanced(String text, int open) {
        int depth = 0;
        for (int i = open; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return text.substring(open + 1, i);
            }
        }
        throw new AssertionError("unbalanced parentheses after offset " + open);
    }

    private static List<String> splitTopLevel(String text) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '<' || c == '(') {
                depth++;
            } else if (c == '>' || c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(text.substring(start, i).trim());
                start = i + 1;
            }
        }
        parts.add(text.substring(start).trim());
        return parts;
    }

    static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    /** Every property in Spring Boot's configuration metadata on the classpath ({@code {*}} for map keys). */
    static Set<String> bootProperties() {
        Set<String> loaded = bootProperties;
        if (loaded == null) {
            loaded = new TreeSet<>();
            JsonMapper mapper = JsonMapper.builder().build();
            for (String resource : List.of("META-INF/spring-configuration-metadata.json",
                    "META-INF/additional-spring-configuration-metadata.json")) {
                try {
                    Enumeration<URL> urls = AppSettings.class.getClassLoader().getResources(resource);
                    while (urls.hasMoreElements()) {
                        try (InputStream in = urls.nextElement().openStream()) {
                            JsonNode root = mapper.readTree(in);
                            for (JsonNode property : root.path("properties")) {
                                String name = property.path("name").asString();
                                String type = property.path("type").asString("");
                                loaded.add(type.startsWith("java.util.Map") ? name + ".{*}" : name);
                            }
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            if (loaded.size() < 500) {
                throw new AssertionError("Spring Boot's configuration metadata is missing from the test classpath ("
                        + loaded.size() + " properties)");
            }
            bootProperties = loaded;
        }
        return loaded;
    }
}
