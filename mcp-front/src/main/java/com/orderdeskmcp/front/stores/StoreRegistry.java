package com.orderdeskmcp.front.stores;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.orderdeskmcp.model.client.OrderDeskClient;
import com.orderdeskmcp.model.client.OrderDeskException;
import com.orderdeskmcp.model.client.StoreCredentials;
import com.orderdeskmcp.model.stores.JdbcStoreVault;
import com.orderdeskmcp.model.stores.JdbcStoreVault.StoreEntry;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A tenant's stores: the registry (sealed keys in PostgreSQL) with a short in-process memory of
 * each tenant's entries, so that a tool call does not cost a query and a decryption. Changes made
 * here forget the tenant's entries at once; changes made on another instance show within seconds.
 */
@Component
public class StoreRegistry {

    /** A business failure of a store operation; the message is for the agent. */
    public static final class StoreProblem extends RuntimeException {
        public StoreProblem(String message) {
            super(message, null, false, false);
        }
    }

    public static final String STORE_ID = "[0-9A-Za-z_-]{1,64}";

    private final JdbcStoreVault vault;
    private final OrderDeskClient orderDesk;
    private final Cache<String, List<StoreEntry>> entries = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofSeconds(5)).maximumSize(10_000).build();
    private final Cache<String, StoreCredentials> credentials = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofSeconds(5)).maximumSize(10_000).build();

    public StoreRegistry(JdbcStoreVault vault, OrderDeskClient orderDesk) {
        this.vault = vault;
        this.orderDesk = orderDesk;
    }

    public List<StoreEntry> list(String tenantId) {
        return entries.get(tenantId, vault::list);
    }

    /** The tenant's store by id, else by name (case-insensitive). */
    public Optional<StoreEntry> find(String tenantId, String idOrName) {
        List<StoreEntry> all = list(tenantId);
        return all.stream().filter(s -> s.storeId().equals(idOrName)).findFirst()
                .or(() -> all.stream().filter(s -> s.name().equalsIgnoreCase(idOrName)).findFirst());
    }

    public StoreCredentials credentials(String tenantId, StoreEntry store) {
        return credentials.get(tenantId + "\u0000" + store.storeId(), key -> vault.credentials(tenantId, store.storeId())
                .orElseThrow(() -> new StoreProblem("store " + store.storeId() + " is no longer registered")));
    }

    /** Registers a store after OrderDesk accepted the credentials ({@code GET /test}). */
    public StoreEntry register(String tenantId, String storeId, String name, String apiKey) {
        if (storeId == null || !storeId.matches(STORE_ID)) {
            throw new StoreProblem("store_id must be OrderDesk's store id (letters, digits, '_' or '-', at most 64)");
        }
        String label = name == null || name.isBlank() ? storeId : name.trim();
        if (label.length() > 100 || label.chars().anyMatch(Character::isISOControl)) {
            throw new StoreProblem("name must be at most 100 printable characters");
        }
        if (apiKey == null || apiKey.isBlank() || apiKey.length() > 200) {
            throw new StoreProblem("api_key must be the store's OrderDesk API key (1-200 characters)");
        }
        if (find(tenantId, label).isPresent() || find(tenantId, storeId).isPresent()) {
            throw new StoreProblem("this tenant already has a store with id " + storeId + " or name " + label);
        }
        checkCredentials(new StoreCredentials(storeId, apiKey.trim()));
        try {
            return vault.register(tenantId, storeId, label, apiKey.trim());
        } catch (JdbcStoreVault.AlreadyRegistered e) {
            throw new StoreProblem("this tenant already has a store with id " + storeId + " or name " + label);
        } finally {
            forget(tenantId);
        }
    }

    public void rotateKey(String tenantId, StoreEntry store, String apiKey) {
        if (apiKey == null || apiKey.isBlank() || apiKey.length() > 200) {
            throw new StoreProblem("api_key must be the store's new OrderDesk API key (1-200 characters)");
        }
        checkCredentials(new StoreCredentials(store.storeId(), apiKey.trim()));
        vault.replaceKey(tenantId, store.storeId(), apiKey.trim());
        forget(tenantId);
    }

    public void delete(String tenantId, StoreEntry store) {
        vault.delete(tenantId, store.storeId());
        forget(tenantId);
    }

    /** Settings and folders of the store, without the API key and mail-server credentials OrderDesk echoes. */
    public ObjectNode settings(StoreCredentials store) {
        ObjectNode answer = orderDesk.getStore(store);
        if (answer == null) {
            throw new StoreProblem("OrderDesk returned no store settings");
        }
        ObjectNode copy = answer.deepCopy();
        if (copy.get("settings") instanceof ObjectNode settings) {
            Iterator<Map.Entry<String, JsonNode>> fields = settings.properties().iterator();
            while (fields.hasNext()) {
                String key = fields.next().getKey().toLowerCase();
                if (SECRET_SETTINGS.contains(key) || key.startsWith("smtp_") || key.contains("password")
                        || key.contains("secret") || key.contains("api_key") || key.contains("token")) {
                    fields.remove();
                }
            }
        }
        copy.remove("api_key");
        return copy;
    }

    private static final Set<String> SECRET_SETTINGS = Set.of("api_key", "smtp_password", "smtp_username",
            "smtp_host", "smtp_port");

    /** Every tenant's credentials for an OrderDesk store id (a webhook names only the store). */
    public List<StoreCredentials> credentialsOfAnyTenant(String storeId) {
        return vault.credentialsOfAnyTenant(storeId);
    }

    private void checkCredentials(StoreCredentials candidate) {
        try {
            orderDesk.test(candidate);
        } catch (OrderDeskException e) {
            throw new StoreProblem(switch (e.kind()) {
                case FINAL -> "OrderDesk did not accept these credentials (HTTP " + e.status()
                        + "); check the store id and API key. Nothing was saved.";
                case RATE_LIMITED -> "OrderDesk's rate limit is exhausted for this store; try again in a few seconds. Nothing was saved.";
                default -> "OrderDesk could not be reached to check the credentials; try again shortly. Nothing was saved.";
            });
        }
    }

    private void forget(String tenantId) {
        entries.invalidate(tenantId);
        credentials.asMap().keySet().removeIf(key -> key.startsWith(tenantId + "\u0000"));
    }
}
