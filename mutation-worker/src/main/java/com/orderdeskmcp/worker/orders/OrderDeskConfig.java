package com.orderdeskmcp.worker.orders;

import com.orderdeskmcp.model.client.OrderDeskClient;
import com.orderdeskmcp.model.client.OrderDeskSettings;
import com.orderdeskmcp.model.stores.CompositeStoreVault;
import com.orderdeskmcp.model.stores.ConfiguredStoreVault;
import com.orderdeskmcp.model.stores.JdbcStoreVault;
import com.orderdeskmcp.model.stores.VaultKeys;
import com.orderdeskmcp.model.stores.StoreVault;
import com.orderdeskmcp.model.ratelimit.SharedRateLimit;
import com.orderdeskmcp.worker.metrics.WorkerMetrics;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import javax.sql.DataSource;
import java.util.List;

@Configuration(proxyBeanMethods = false)
class OrderDeskConfig {

    @Bean
    OrderDeskSettings orderDeskSettings(Environment environment) {
        return Binder.get(environment).bind("orderdesk", OrderDeskSettings.class)
                .orElseGet(() -> new OrderDeskSettings(null, null, null, null, null, null));
    }

    @Bean
    SharedRateLimit sharedRateLimit(DataSource dataSource, OrderDeskSettings settings) {
        return new SharedRateLimit(dataSource, settings.rateLimit(), settings.rateLimits());
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

    /**
     * Stores given in configuration, then mcp-front's registry (same database, API keys sealed
     * under the key-encryption key), when a key-encryption key is configured.
     */
    @Bean
    StoreVault storeVault(OrderDeskSettings settings, DataSource dataSource,
                          @Value("${orderdesk.vault.keys:}") String keys,
                          @Value("${orderdesk.vault.key-file:}") String keyFile,
                          @Value("${orderdesk.vault.active-key-id:}") String activeKeyId) {
        StoreVault configured = new ConfiguredStoreVault(settings.stores());
        if (keys.isBlank() && keyFile.isBlank()) {
            return configured;
        }
        return new CompositeStoreVault(List.of(configured,
                new JdbcStoreVault(dataSource, VaultKeys.cipher(keys, keyFile, activeKeyId))));
    }
}
