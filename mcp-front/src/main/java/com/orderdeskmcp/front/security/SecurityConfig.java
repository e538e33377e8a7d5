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
        registration.addUrlPatterns("/mcp", "/mcp/*", "/admin/*");
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
