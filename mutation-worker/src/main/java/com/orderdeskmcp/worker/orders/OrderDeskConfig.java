package com.orderdeskmcp.worker.orders;

import com.orderdeskmcp.model.client.OrderDeskClient;
import com.orderdeskmcp.model.client.OrderDeskSettings;
import com.orderdeskmcp.model.stores.ConfiguredStoreVault;
import com.orderdeskmcp.model.stores.StoreVault;
import com.orderdeskmcp.model.ratelimit.SharedRateLimit;
import com.orderdeskmcp.worker.WorkerProperties;
import com.orderdeskmcp.worker.metrics.WorkerMetrics;
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
                .orElseGet(() -> new OrderDeskSettings(null, null, null, null));
    }

    @Bean
    SharedRateLimit sharedRateLimit(DataSource dataSource, WorkerProperties properties) {
        return new SharedRateLimit(dataSource, properties.rateLimit(), properties.rateLimits());
    }

    /** Every request waits for the store's shared rate limit before it goes out. */
    @Bean
    OrderDeskClient orderDeskClient(OrderDeskSettings settings, SharedRateLimit rateLimit, WorkerMetrics metrics) {
        return settings.newClient(storeId -> {
            long started = System.nanoTime();
            rateLimit.admit(storeId);
            metrics.rateLimitWaited(java.time.Duration.ofNanos(System.nanoTime() - started));
        });
    }

    @Bean
    StoreVault storeVault(OrderDeskSettings settings) {
        return new ConfiguredStoreVault(settings.stores());
    }
}
