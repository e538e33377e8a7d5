package com.orderdeskmcp.model.stores;

import com.orderdeskmcp.model.client.StoreCredentials;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Stores given in configuration first, then the registry: how the worker finds a store's key. */
public final class CompositeStoreVault implements StoreVault {

    private final List<StoreVault> vaults;

    public CompositeStoreVault(List<StoreVault> vaults) {
        this.vaults = List.copyOf(vaults);
    }

    @Override
    public Optional<StoreCredentials> credentials(String tenantId, String storeId) {
        for (StoreVault vault : vaults) {
            Optional<StoreCredentials> found = vault.credentials(tenantId, storeId);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    @Override
    public List<String> storeIds(String tenantId) {
        Set<String> ids = new LinkedHashSet<>();
        vaults.forEach(vault -> ids.addAll(vault.storeIds(tenantId)));
        return List.copyOf(ids);
    }
}
