package com.orderdeskmcp.sandbox.store;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** The configured stores. Per-store data (orders, later inventory) lives with its own feature. */
public final class StoreRegistry {

  private final ConcurrentMap<String, StoreConfig> stores = new ConcurrentHashMap<>();

  /** Adds a store, or replaces its settings (e.g. a rotated key); its data is kept. */
  public void put(StoreConfig config) {
    stores.put(config.id(), config);
  }

  public void remove(String storeId) {
    stores.remove(storeId);
  }

  public Optional<StoreConfig> find(String storeId) {
    return storeId == null ? Optional.empty() : Optional.ofNullable(stores.get(storeId));
  }

  public StoreConfig require(String storeId) {
    return find(storeId).orElseThrow(() -> new IllegalArgumentException("Unknown store " + storeId));
  }
}
