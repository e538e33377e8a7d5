package com.orderdeskmcp.model.stores;

import com.orderdeskmcp.model.client.StoreCredentials;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A vault of stores given in configuration (environment or properties) at start. */
public final class ConfiguredStoreVault implements StoreVault {

    /** One configured store; the key comes from the environment, never from a file in the repository. */
    public record ConfiguredStore(String tenant, String id, String apiKey) {
        public ConfiguredStore {
            Objects.requireNonNull(tenant, "orderdesk.stores[].tenant");
            Objects.requireNonNull(id, "orderdesk.stores[].id");
            Objects.requireNonNull(apiKey, "orderdesk.stores[].api-key");
        }

        @Override
        public String toString() {
            return "ConfiguredStore[tenant=" + tenant + ", id=" + id + ", apiKey=***]";
        }
    }

    private final List<ConfiguredStore> stores;

    public ConfiguredStoreVault(List<ConfiguredStore> stores) {
        this.stores = List.copyOf(stores);
    }

    @Override
    public Optional<StoreCredentials> credentials(String tenantId, String storeId) {
        return stores.stream()
                .filter(s -> s.tenant().equals(tenantId) && s.id().equals(storeId))
                .findFirst()
                .map(s -> new StoreCredentials(s.id(), s.apiKey()));
    }

    @Override
    public List<String> storeIds(String tenantId) {
        return stores.stream().filter(s -> s.tenant().equals(tenantId)).map(ConfiguredStore::id).toList();
    }
}
