package com.orderdeskmcp.front.orders;

import com.orderdeskmcp.front.security.Tenant;
import com.orderdeskmcp.model.client.StoreCredentials;
import com.orderdeskmcp.model.stores.StoreVault;
import org.springframework.stereotype.Component;

import java.util.List;

/** Picks the store a tool call is about: the one named, else the tenant's only store. */
@Component
public class StoreResolver {

    /** The call named no usable store; the message says which stores exist. */
    public static final class NoSuchStore extends RuntimeException {
        NoSuchStore(String message) {
            super(message);
        }
    }

    private final StoreVault vault;

    public StoreResolver(StoreVault vault) {
        this.vault = vault;
    }

    public StoreCredentials resolve(Tenant tenant, String requested) {
        List<String> stores = vault.storeIds(tenant.id());
        if (requested == null || requested.isBlank()) {
            if (stores.size() == 1) {
                return vault.credentials(tenant.id(), stores.getFirst()).orElseThrow();
            }
            throw new NoSuchStore(stores.isEmpty() ? "no store is registered for this tenant"
                    : "name a store: this tenant has the stores " + stores);
        }
        return vault.credentials(tenant.id(), requested.trim())
                .orElseThrow(() -> new NoSuchStore("unknown store " + requested + "; this tenant has the stores " + stores));
    }
}
