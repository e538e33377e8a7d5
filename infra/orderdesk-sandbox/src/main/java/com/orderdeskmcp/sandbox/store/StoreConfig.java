package com.orderdeskmcp.sandbox.store;

import java.time.ZoneId;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One emulated OrderDesk store.
 *
 * @param folders folder id to name, in display order; new orders land in the first one
 */
public record StoreConfig(String id, String apiKey, String name, Map<Integer, String> folders, ZoneId timezone) {

  public static final Map<Integer, String> DEFAULT_FOLDERS = orderedCopy(
      Map.of(1, "New", 2, "Prepared", 3, "Shipped", 4, "Archived"));
  public static final ZoneId DEFAULT_TIMEZONE = ZoneId.of("America/Los_Angeles");

  public StoreConfig {
    requireText(id, "store id");
    requireText(apiKey, "API key");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(timezone, "timezone");
    if (folders == null || folders.isEmpty()) {
      throw new IllegalArgumentException("A store needs at least one folder");
    }
    // Map.copyOf would lose the order, and the first folder matters.
    folders = Collections.unmodifiableMap(new LinkedHashMap<>(folders));
  }

  public static StoreConfig withDefaults(String id, String apiKey) {
    return new StoreConfig(id, apiKey, "Sandbox Store " + id, DEFAULT_FOLDERS, DEFAULT_TIMEZONE);
  }

  public StoreConfig withApiKey(String newKey) {
    return new StoreConfig(id, newKey, name, folders, timezone);
  }

  public StoreConfig withName(String newName) {
    return new StoreConfig(id, apiKey, newName, folders, timezone);
  }

  /** @param newFolders folder id to name, in display order; the first one receives new orders */
  public StoreConfig withFolders(Map<Integer, String> newFolders) {
    return new StoreConfig(id, apiKey, name, newFolders, timezone);
  }

  public StoreConfig withTimezone(ZoneId newTimezone) {
    return new StoreConfig(id, apiKey, name, folders, newTimezone);
  }

  /** The store's e-mail address as {@code /store} shows it (made up from the id). */
  public String email() {
    return "orders@store-" + id + ".sandbox.test";
  }

  public int firstFolderId() {
    return folders.keySet().iterator().next();
  }

  public Optional<Integer> folderIdNamed(String folderName) {
    return folders.entrySet().stream()
        .filter(e -> e.getValue().equals(folderName))
        .map(Map.Entry::getKey)
        .findFirst();
  }

  /** Never prints the API key: configs end up in logs and assertion messages. */
  @Override
  public String toString() {
    return "StoreConfig[id=" + id + ", name=" + name + ", folders=" + folders + ", timezone=" + timezone + "]";
  }

  private static void requireText(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("A store needs a non-blank " + what);
    }
  }

  private static Map<Integer, String> orderedCopy(Map<Integer, String> folders) {
    Map<Integer, String> ordered = new LinkedHashMap<>();
    folders.keySet().stream().sorted().forEach(id -> ordered.put(id, folders.get(id)));
    return Collections.unmodifiableMap(ordered);
  }
}
