package com.orderdeskmcp.front.security;

import com.orderdeskmcp.front.FrontProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class SecurityConfig {

    @Bean
    FilterRegistrationBean<BearerAuthFilter> bearerAuthFilter(FrontProperties properties) {
        FilterRegistrationBean<BearerAuthFilter> registration =
                new FilterRegistrationBean<>(new BearerAuthFilter(properties));
        registration.addUrlPatterns("/mcp", "/mcp/*");
        return registration;
    }
}
