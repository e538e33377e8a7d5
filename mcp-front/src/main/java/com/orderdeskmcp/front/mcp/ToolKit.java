package com.orderdeskmcp.front.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.orderdeskmcp.front.mutations.MutationGateway;
import com.orderdeskmcp.front.security.Tenant;
import com.orderdeskmcp.front.stores.StoreRegistry;
import com.orderdeskmcp.model.client.OrderDeskException;
import com.orderdeskmcp.model.json.JsonCodec;
import com.orderdeskmcp.model.stores.CredentialCipher;
import com.orderdeskmcp.model.stores.JdbcStoreVault;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import com.orderdeskmcp.model.trace.TraceContext;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import static com.orderdeskmcp.front.mcp.ToolResults.schema;

/**
 * How every tool is declared and guarded: explicit annotations and a title, input and output
 * schemas, the role check (only agents mutate), and one place that turns every failure into a
 * readable tool error, never a stack trace.
 */
public final class ToolKit {

    private static final Logger log = LoggerFactory.getLogger(ToolKit.class);

    /** The optional store parameter every tool takes. */
    public static final String STORE_PARAM = """
            "store": {"type": "string", "maxLength": 100, "description": "Store id or name. Optional: defaults to the store chosen with stores_use, else the tenant's only store."}""";

    /** The optional client idempotency key every mutation tool takes. */
    public static final String IDEMPOTENCY_PARAM = """
            "idempotency_key": {"type": "string", "minLength": 1, "maxLength": 200, "description": "Your own key for this change. Sending the same key again returns the first mutation instead of applying the change twice."}""";

    private ToolKit() {
    }

    /** A tool call as the handlers see it. */
    public record Call(McpSyncServerExchange exchange, McpSchema.CallToolRequest request, Tenant tenant, Args args) {
        public String sessionId() {
            return exchange.sessionId();
        }

        public Object progressToken() {
            return request.progressToken();
        }

        /** The trace this call belongs to: the caller's (W3C traceparent header) or a new one. */
        public TraceContext trace() {
            return exchange.transportContext().get(TraceContext.HEADER) instanceof TraceContext trace ? trace
                    : TraceContext.newTrace();
        }
    }

    @FunctionalInterface
    public interface Handler {
        CallToolResult handle(Call call);
    }

    /** The caller's arguments are wrong in a way the input schema cannot say; the message says how. */
    public static final class InvalidArgument extends RuntimeException {
        public InvalidArgument(String message) {
            super(message, null, false, false);
        }
    }

    public static Builder tool(String name, String title) {
        return new Builder(name, title);
    }

    public static final class Builder {
        private final String name;
        private final String title;
        private String description;
        private String input;
        private String output;
        private boolean readOnly;
        private boolean destructive;
        private boolean idempotent;
        private boolean openWorld = true;
        private boolean readersAllowed;

        private Builder(String name, String title) {
            this.name = name;
            this.title = title;
        }

        public Builder description(String description) {
            this.description = description;
            return this;
        }

        /** The properties of the input object (JSON, without braces) and the required ones. */
        public Builder input(String properties, String... required) {
            this.input = "{\"type\": \"object\", \"properties\": {" + properties + "}, \"required\": "
                    + JsonCodec.encode(List.of(required)) + ", \"additionalProperties\": false}";
            return this;
        }

        public Builder output(String schemaJson) {
            this.output = schemaJson;
            return this;
        }

        /** A read: read-only, idempotent, changes nothing. */
        public Builder read() {
            readOnly = true;
            idempotent = true;
            readersAllowed = true;
            return this;
        }

        /** A change upstream; {@code destructive} when it replaces or removes data. */
        public Builder write(boolean destructive, boolean idempotent) {
            this.readOnly = false;
            this.destructive = destructive;
            this.idempotent = idempotent;
            return this;
        }

        /** Changes only this session's state (e.g. the active store): auditors may call it. */
        public Builder sessionOnly() {
            readOnly = false;
            destructive = false;
            idempotent = true;
            openWorld = false;
            readersAllowed = true;
            return this;
        }

        public Builder localOnly() {
            openWorld = false;
            return this;
        }

        public SyncToolSpecification handler(Handler handler) {
            McpSchema.Tool tool = McpSchema.Tool.builder(name, schema(Objects.requireNonNull(input, "input")))
                    .title(title)
                    .description(description)
                    .outputSchema(schema(Objects.requireNonNull(output, "output")))
                    .annotations(new McpSchema.ToolAnnotations(title, readOnly, destructive, idempotent, openWorld, null))
                    .build();
            boolean onlyAgents = !readersAllowed;
            return SyncToolSpecification.builder().tool(tool).callHandler((exchange, request) ->
                    guarded(name, onlyAgents, handler, exchange, request)).build();
        }
    }

    private static CallToolResult guarded(String name, boolean onlyAgents, Handler handler,
                                          McpSyncServerExchange exchange, McpSchema.CallToolRequest request) {
        try {
            Tenant tenant = ToolResults.tenant(exchange);
            if (onlyAgents && !tenant.role().mayMutate()) {
                return ToolResults.error("Forbidden: this token has the role " + tenant.role().wire()
                        + ", which may read but not change anything. Nothing was queued.");
            }
            Map<String, Object> arguments = request.arguments() == null ? Map.of() : request.arguments();
            return handler.handle(new Call(exchange, request, tenant, new Args(arguments)));
        } catch (InvalidArgument | StoreRegistry.StoreProblem | MutationGateway.NotAccepted e) {
            return ToolResults.error(e.getMessage());
        } catch (OrderDeskException e) {
            return ToolResults.error(switch (e.kind()) {
                case FINAL -> e.status() == 404 ? "Not found in this store: " + e.getMessage()
                        : e.status() == 401 || e.status() == 403
                        ? "OrderDesk refused this store's credentials; rotate its key with stores_rotate_key."
                        : "OrderDesk refused the request: " + e.getMessage();
                case RATE_LIMITED -> "OrderDesk's rate limit is exhausted for this store; try again in a few seconds.";
                default -> "OrderDesk did not answer properly; try again shortly.";
            });
        } catch (CredentialCipher.CannotDecrypt e) {
            log.error("tool {}: stored credentials do not open: {}", name, e.getMessage());
            return ToolResults.error("This store's stored credentials cannot be used; an operator must check the "
                    + "key-encryption keys, or rotate the store's key with stores_rotate_key.");
        } catch (JdbcStoreVault.RegistryUnavailable e) {
            log.error("tool {}: {}", name, e.getMessage());
            return ToolResults.error("The store registry is unavailable; try again shortly.");
        } catch (RuntimeException e) {
            // Logged without the arguments (they may hold an API key); the client sees no detail.
            log.error("tool {} failed: {}", name, e.getClass().getName(), e);
            return ToolResults.error("Internal error while running " + name + "; it was logged.");
        }
    }

    /** Typed access to a call's arguments, with messages that say what is wrong. */
    public static final class Args {
        private static final String ID = "[A-Za-z0-9_-]{1,64}";
        private final Map<String, Object> values;

        Args(Map<String, Object> values) {
            this.values = values;
        }

        public boolean has(String name) {
            return values.get(name) != null;
        }

        public String text(String name) {
            Object value = values.get(name);
            if (value == null) {
                return null;
            }
            if (!(value instanceof String s)) {
                throw new InvalidArgument(name + " must be a string");
            }
            return s;
        }

        public String requiredText(String name, int maxLength) {
            String value = text(name);
            if (value == null || value.isBlank()) {
                throw new InvalidArgument(name + " is required");
            }
            if (value.length() > maxLength) {
                throw new InvalidArgument(name + " is longer than " + maxLength + " characters");
            }
            return value;
        }

        /** An OrderDesk id (order, item, shipment, inventory item). */
        public String id(String name) {
            Object value = values.get(name);
            if (value instanceof Number n && n.longValue() >= 0 && n.doubleValue() == n.longValue()) {
                return Long.toString(n.longValue());
            }
            String text = text(name);
            if (text == null || text.isBlank()) {
                throw new InvalidArgument(name + " is required");
            }
            if (!text.trim().matches(ID)) {
                throw new InvalidArgument(name + " must be an OrderDesk id (letters, digits, - or _)");
            }
            return text.trim();
        }

        public String optionalId(String name) {
            return has(name) ? id(name) : null;
        }

        public int integer(String name, int min, int max, int fallback) {
            Object value = values.get(name);
            if (value == null) {
                return fallback;
            }
            if (!(value instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
                throw new InvalidArgument(name + " must be a whole number");
            }
            long v = n.longValue();
            if (v < min || v > max) {
                throw new InvalidArgument(name + " must be between " + min + " and " + max);
            }
            return (int) v;
        }

        public JsonNode json(String name) {
            Object value = values.get(name);
            return value == null ? null : JsonCodec.toTree(value);
        }

        public ObjectNode object(String name) {
            JsonNode node = json(name);
            if (node == null) {
                throw new InvalidArgument(name + " is required");
            }
            if (!(node instanceof ObjectNode object)) {
                throw new InvalidArgument(name + " must be a JSON object");
            }
            return object;
        }

        public String store() {
            return text("store");
        }

        public String idempotencyKey() {
            String key = text("idempotency_key");
            if (key == null) {
                return null;
            }
            if (key.isBlank() || key.length() > 200 || key.chars().anyMatch(Character::isISOControl)) {
                throw new InvalidArgument("idempotency_key must be 1-200 printable characters");
            }
            return key;
        }
    }
}
