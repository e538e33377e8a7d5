package com.orderdeskmcp.front.mcp;

import com.orderdeskmcp.front.FrontProperties;
import com.orderdeskmcp.front.security.Authenticator;
import com.orderdeskmcp.front.security.Tenant;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

import java.io.FileDescriptor;
import java.io.FileInputStream;

/**
 * stdio mode: one client, started as our parent process. There is no HTTP request to carry a token,
 * so the token comes from the environment ({@code FRONT_STDIO_TOKEN}) and is checked once at start,
 * like a bearer token; without a valid one the process does not start.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "spring.ai.mcp.server", name = "stdio", havingValue = "true")
class StdioConfig {

    @Bean
    StdioServerTransportProvider stdioServerTransport(@Qualifier("mcpServerJsonMapper") JsonMapper jsonMapper,
                                                      StdioTenant tenant) {
        return new StdioServerTransportProvider(new JacksonMcpJsonMapper(jsonMapper),
                new FileInputStream(FileDescriptor.in), StdioStreams.protocolOut());
    }

    @Bean
    StdioTenant stdioTenant(Authenticator authenticator, FrontProperties properties) {
        String token = properties.stdioToken();
        if (token == null || token.isBlank()) {
            throw new IllegalStateException("stdio mode needs the tenant's token in FRONT_STDIO_TOKEN");
        }
        Tenant tenant = authenticator.authenticate(token.trim())
                .orElseThrow(() -> new IllegalStateException("FRONT_STDIO_TOKEN is not a valid token"));
        ToolResults.useStdioTenant(tenant);
        return new StdioTenant(tenant);
    }

    record StdioTenant(Tenant tenant) {
    }
}
