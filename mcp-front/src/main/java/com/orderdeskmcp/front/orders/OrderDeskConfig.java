package com.orderdeskmcp.front.orders;

import com.orderdeskmcp.model.client.OrderDeskClient;
import com.orderdeskmcp.model.client.OrderDeskSettings;
import com.orderdeskmcp.model.ratelimit.SharedRateLimit;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import javax.sql.DataSource;

@Configuration(proxyBeanMethods = false)
class OrderDeskConfig {

    @Bean
    OrderDeskSettings orderDeskSettings(Environment environment) {
        return Binder.get(environment).bind("orderdesk", OrderDeskSettings.class)
                .orElseGet(() -> new OrderDeskSettings(null, null, null, null, null, null));
    }

    /** Reads spend the same per-store budget as the workers' writes. */
    @Bean
    OrderDeskClient orderDeskClient(OrderDeskSettings settings, DataSource dataSource) {
        return settings.newClient(new SharedRateLimit(dataSource, settings.rateLimit(), settings.rateLimits()));
    }
}
