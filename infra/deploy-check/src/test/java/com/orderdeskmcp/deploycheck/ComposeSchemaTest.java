package com.orderdeskmcp.deploycheck;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml is a valid Compose file: interpolated the way {@code docker compose} does it (defaults
 * taken, required variables given a value), then validated against the Compose specification's JSON schema
 * (src/test/resources/compose-spec). This stands in for {@code docker compose config}, which cannot run here.
 */
class ComposeSchemaTest {

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?}");

    /** Compose's interpolation with an empty environment: defaults, and "set" for required variables. */
    static String interpolate(String text) {
        String protectedText = text.replace("$$", "\u0000");
        Matcher m = VARIABLE.matcher(protectedText);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String operator = m.group(2);
            String replacement = operator == null ? "" : operator.endsWith("-") ? m.group(3) : "set";
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString().replace("\u0000", "$");
    }

    /** The vendored schema, loaded from the classpath so that its relative $id resolves. */
    private static Schema composeSchema() {
        assertThat(ComposeSchemaTest.class.getResource("/compose-spec/compose-spec.json")).isNotNull();
        return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7)
                .getSchema(SchemaLocation.of("classpath:compose-spec/compose-spec.json"));
    }

    @Test
    void isAValidComposeFile() throws IOException {
        Object model = Repo.yamlParser().load(interpolate(Repo.read("docker-compose.yml")));
        JsonMapper mapper = JsonMapper.builder().build();
        JsonNode document = mapper.valueToTree(model);
        List<Error> errors = composeSchema().validate(document);
        assertThat(errors).as("docker-compose.yml against the Compose specification").isEmpty();
        assertThat(document.path("services").size()).isGreaterThanOrEqualTo(4);
    }

    @Test
    void schemaCatchesAMistake() throws IOException {
        String broken = Repo.read("docker-compose.yml").replaceFirst("\n    stop_grace_period:", "\n    stop_grace_periods:");
        assertThat(broken).isNotEqualTo(Repo.read("docker-compose.yml"));
        JsonNode document = JsonMapper.builder().build().valueToTree(Repo.yamlParser().load(interpolate(broken)));
        assertThat(composeSchema().validate(document)).as("an unknown key is reported").isNotEmpty();
    }

    @Test
    void interpolationFollowsCompose() {
        assertThat(interpolate("a: ${X:-1s}, b: ${Y:?say}, c: $${Z}, d: ${W:-}")).isEqualTo("a: 1s, b: set, c: ${Z}, d: ");
    }
}
