package com.orderdeskmcp.front.mcp;

import io.modelcontextprotocol.spec.McpError;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.module.SimpleModule;

/**
 * The MCP transport answers transport-level failures (no session, malformed message, wrong Accept
 * header) by writing the exception object as the HTTP body, which would hand the client a Java
 * stack trace. These serializers turn any exception that reaches an HTTP body into a plain
 * JSON-RPC error: code and message only.
 */
@Configuration(proxyBeanMethods = false)
class ErrorBodies {

    @Bean
    JsonMapperBuilderCustomizer noStackTracesInHttpBodies() {
        SimpleModule module = new SimpleModule("no-stack-traces");
        module.addSerializer(Throwable.class, new ThrowableAsJsonRpcError());
        return builder -> builder.addModule(module);
    }

    static final class ThrowableAsJsonRpcError extends ValueSerializer<Throwable> {
        @Override
        public void serialize(Throwable value, JsonGenerator json, SerializationContext context) {
            int code = -32603;
            String message = "Internal error";
            if (value instanceof McpError mcp && mcp.getJsonRpcError() != null) {
                code = mcp.getJsonRpcError().code();
                message = mcp.getJsonRpcError().message();
            }
            json.writeStartObject();
            json.writeStringProperty("jsonrpc", "2.0");
            json.writeNullProperty("id");
            json.writeName("error");
            json.writeStartObject();
            json.writeNumberProperty("code", code);
            json.writeStringProperty("message", message);
            json.writeEndObject();
            json.writeEndObject();
        }
    }
}
