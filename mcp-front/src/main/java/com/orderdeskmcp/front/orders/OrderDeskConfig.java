package com.orderdeskmcp.front.orders;

import com.orderdeskmcp.model.client.OrderDeskClient;
import com.orderdeskmcp.model.client.OrderDeskSettings;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

@Configuration(proxyBeanMethods = false)
class OrderDeskConfig {

    @Bean
    OrderDeskSettings orderDeskSettings(Environment environment) {
        return Binder.get(environment).bind("orderdesk", OrderDeskSettings.class)
                .orElseGet(() -> new OrderDeskSettings(null, null, null, null));
    }

    @Bean
    OrderDeskClient orderDeskClient(OrderDeskSettings settings) {
        return settings.newClient();
    }
}
