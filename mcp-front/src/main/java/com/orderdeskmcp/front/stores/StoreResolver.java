package com.orderdeskmcp.front.stores;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.orderdeskmcp.front.security.Tenant;
import com.orderdeskmcp.model.client.StoreCredentials;
import com.orderdeskmcp.model.stores.JdbcStoreVault.StoreEntry;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Picks the store a tool call is about: the one named (id or name), else the session's active store
 * ({@code stores_use}), else the tenant's only store; otherwise it says which stores exist. It only
 * ever looks among the caller's own stores, so its answers say nothing about other tenants.
 */
@Component
public class StoreResolver {

    /** The store a call is about, with its credentials. */
    public record ResolvedStore(StoreEntry entry, StoreCredentials credentials) {
        public String storeId() {
            return entry.storeId();
        }
    }

    private final StoreRegistry registry;
    /** Active store per MCP session (tenant + session id), forgotten after a day of disuse. */
    private final Cache<String, String> active = Caffeine.newBuilder()
            .expireAfterAccess(Duration.ofHours(24)).maximumSize(100_000).build();

    public StoreResolver(StoreRegistry registry) {
        this.registry = registry;
    }

    public ResolvedStore resolve(Tenant tenant, String sessionId, String requested) {
        StoreEntry entry = entry(tenant, sessionId, requested);
        return new ResolvedStore(entry, registry.credentials(tenant.id(), entry));
    }

    public StoreEntry entry(Tenant tenant, String sessionId, String requested) {
        if (requested != null && !requested.isBlank()) {
            return registry.find(tenant.id(), requested.trim())
                    .orElseThrow(() -> new StoreRegistry.StoreProblem("unknown store " + quote(requested)
                            + "; " + available(tenant)));
        }
        String chosen = active.getIfPresent(sessionKey(tenant, sessionId));
        if (chosen != null) {
            var entry = registry.find(tenant.id(), chosen);
            if (entry.isPresent()) {
                return entry.get();
            }
        }
        List<StoreEntry> stores = registry.list(tenant.id());
        if (stores.size() == 1) {
            return stores.getFirst();
        }
        throw new StoreRegistry.StoreProblem(stores.isEmpty()
                ? "no store is registered for this tenant; register one with stores_register"
                : "name a store (store: id or name), or choose one for this session with stores_use; " + available(tenant));
    }

    public void use(Tenant tenant, String sessionId, StoreEntry store) {
        active.put(sessionKey(tenant, sessionId), store.storeId());
    }

    public String activeStoreId(Tenant tenant, String sessionId) {
        return active.getIfPresent(sessionKey(tenant, sessionId));
    }

    private String available(Tenant tenant) {
        List<StoreEntry> stores = registry.list(tenant.id());
        return stores.isEmpty() ? "this tenant has no stores yet"
                : "this tenant's stores are " + stores.stream().map(s -> s.name() + " (" + s.storeId() + ")")
                .collect(Collectors.joining(", "));
    }

    private static String sessionKey(Tenant tenant, String sessionId) {
        return tenant.id() + "\u0000" + (sessionId == null ? "" : sessionId);
    }

    private static String quote(String value) {
        String shown = value.length() > 64 ? value.substring(0, 64) + "..." : value;
        return "\"" + shown.replaceAll("\\p{Cntrl}", "?") + "\"";
    }
}
