package com.orderdeskmcp.front.security;

import com.orderdeskmcp.front.tenants.TenantRegistry;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;

@Configuration(proxyBeanMethods = false)
class SecurityConfig {

    @Bean
    TenantRegistry tenantRegistry(DataSource dataSource) {
        return new TenantRegistry(dataSource);
    }

    @Bean
    @ConditionalOnWebApplication
    FilterRegistrationBean<BearerAuthFilter> bearerAuthFilter(Authenticator authenticator) {
        FilterRegistrationBean<BearerAuthFilter> registration =
                new FilterRegistrationBean<>(new BearerAuthFilter(authenticator));
        // /audit/api/* needs a token; the audit page itself (/audit/index.html, its scripts) loads
        // without one and sends the token it is given as a bearer header.
        registration.addUrlPatterns("/mcp", "/mcp/*", "/admin/*", "/audit/api/*");
        registration.setOrder(1);
        return registration;
    }

    /** After authentication: an unauthenticated caller learns nothing, not even how bodies are checked. */
    @Bean
    @ConditionalOnWebApplication
    FilterRegistrationBean<com.orderdeskmcp.front.mcp.JsonRpcBodyFilter> jsonRpcBodyFilter() {
        FilterRegistrationBean<com.orderdeskmcp.front.mcp.JsonRpcBodyFilter> registration =
                new FilterRegistrationBean<>(new com.orderdeskmcp.front.mcp.JsonRpcBodyFilter());
        registration.addUrlPatterns("/mcp", "/mcp/*");
        registration.setOrder(2);
        return registration;
    }
}
