package com.orderdeskmcp.front.mcp;

import com.orderdeskmcp.front.FrontProperties;
import com.orderdeskmcp.front.security.Tenant;
import com.orderdeskmcp.model.trace.TraceContext;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.transport.DefaultServerTransportSecurityValidator;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.ai.mcp.server.common.autoconfigure.properties.McpServerStreamableHttpProperties;
import org.springframework.ai.mcp.server.webmvc.transport.WebMvcStreamableServerTransportProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

import java.util.Map;

/**
 * The Streamable HTTP transport, as Spring AI would build it, plus what it does not do by default:
 * refuse foreign browser origins (DNS rebinding), hand the tenant that the bearer filter
 * authenticated to the tool handlers, and close its sessions before a graceful shutdown.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "spring.ai.mcp.server", name = "stdio", havingValue = "false", matchIfMissing = true)
class McpTransportConfig {

    @Bean
    WebMvcStreamableServerTransportProvider webMvcStreamableServerTransportProvider(
            @Qualifier("mcpServerJsonMapper") JsonMapper jsonMapper, McpServerStreamableHttpProperties http, FrontProperties properties) {
        return WebMvcStreamableServerTransportProvider.builder()
                .jsonMapper(new JacksonMcpJsonMapper(jsonMapper))
                .mcpEndpoint(http.getMcpEndpoint())
                .keepAliveInterval(http.getKeepAliveInterval())
                .disallowDelete(http.isDisallowDelete())
                .securityValidator(DefaultServerTransportSecurityValidator.builder()
                        .allowedOrigins(properties.allowedOrigins())
                        .build())
                .contextExtractor(request -> request.attribute(Tenant.ATTRIBUTE)
                        .map(tenant -> McpTransportContext.create(Map.of(Tenant.ATTRIBUTE, tenant,
                                TraceContext.HEADER, trace(request.headers().firstHeader(TraceContext.HEADER)))))
                        .orElse(McpTransportContext.EMPTY))
                .build();
    }

    @Bean
    SessionsClosedOnShutdown sessionsClosedOnShutdown(WebMvcStreamableServerTransportProvider transport) {
        return new SessionsClosedOnShutdown(transport);
    }

    /** The caller's trace (a W3C traceparent header) continued, or a new one. */
    private static TraceContext trace(String traceparent) {
        return TraceContext.parse(traceparent).map(TraceContext::child).orElseGet(TraceContext::newTrace);
    }
}
