package com.orderdeskmcp.model.stores;

import com.orderdeskmcp.model.client.StoreCredentials;

import java.util.List;
import java.util.Optional;

/**
 * Where both apps find a store's OrderDesk credentials. Always asked with the tenant, so that one
 * tenant can never reach another tenant's store.
 */
public interface StoreVault {

    Optional<StoreCredentials> credentials(String tenantId, String storeId);

    /** The ids of the tenant's stores. */
    List<String> storeIds(String tenantId);
}
