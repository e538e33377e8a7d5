package com.orderdeskmcp.front.stores;

import com.orderdeskmcp.front.mcp.ToolKit;
import com.orderdeskmcp.front.mcp.ToolResults;
import com.orderdeskmcp.front.reads.ReadCache;
import com.orderdeskmcp.front.stores.StoreResolver.ResolvedStore;
import com.orderdeskmcp.model.stores.JdbcStoreVault.StoreEntry;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static com.orderdeskmcp.front.mcp.ToolKit.tool;

/** The store tools: the tenant's registry of OrderDesk stores and the session's active store. */
@Configuration(proxyBeanMethods = false)
class StoreTools {

    private static final String ENTRY_SCHEMA = """
            {"type": "object", "properties": {"store_id": {"type": "string"}, "name": {"type": "string"},
             "active": {"type": "boolean"}, "created_at": {"type": "string"}, "updated_at": {"type": "string"}},
             "required": ["store_id", "name"]}""";

    private final StoreRegistry registry;
    private final StoreResolver resolver;
    private final ReadCache cache;

    StoreTools(StoreRegistry registry, StoreResolver resolver, ReadCache cache) {
        this.registry = registry;
        this.resolver = resolver;
        this.cache = cache;
    }

    @Bean
    List<SyncToolSpecification> storeToolSpecifications() {
        return List.of(register(), list(), get(), use(), resolve(), delete(), rotateKey());
    }

    private SyncToolSpecification register() {
        return tool("stores_register", "Register store")
                .description("Adds an OrderDesk store to this tenant. The credentials are checked against OrderDesk "
                        + "first and stored encrypted; the API key is never shown again.")
                .input("""
                        "store_id": {"type": "string", "maxLength": 64, "description": "OrderDesk's store id."},
                        "api_key": {"type": "string", "minLength": 1, "maxLength": 200, "description": "The store's OrderDesk API key."},
                        "name": {"type": "string", "maxLength": 100, "description": "A name to call the store by (default: its id)."}""",
                        "store_id", "api_key")
                .output("{\"type\": \"object\", \"properties\": {\"store\": " + ENTRY_SCHEMA + "}, \"required\": [\"store\"]}")
                .write(false, false)
                .handler(call -> {
                    StoreEntry entry = registry.register(call.tenant().id(), call.args().requiredText("store_id", 64).trim(),
                            call.args().text("name"), call.args().requiredText("api_key", 200));
                    return ToolResults.success(Map.of("store", describe(entry, null)));
                });
    }

    private SyncToolSpecification list() {
        return tool("stores_list", "List stores")
                .description("The stores of this tenant, and which one this session uses by default.")
                .input("")
                .output("{\"type\": \"object\", \"properties\": {\"stores\": {\"type\": \"array\", \"items\": "
                        + ENTRY_SCHEMA + "}}, \"required\": [\"stores\"]}")
                .read().localOnly()
                .handler(call -> {
                    String active = resolver.activeStoreId(call.tenant(), call.sessionId());
                    return ToolResults.success(Map.of("stores", registry.list(call.tenant().id()).stream()
                            .map(s -> describe(s, active)).toList()));
                });
    }

    private SyncToolSpecification get() {
        return tool("stores_get", "Get store settings")
                .description("A store's settings and folders (id to name) from OrderDesk, without its API key or "
                        + "mail-server credentials.")
                .input(ToolKit.STORE_PARAM)
                .output("""
                        {"type": "object", "properties": {"store_id": {"type": "string"}, "name": {"type": "string"},
                         "settings": {"type": "object"}, "folders": {}}, "required": ["store_id", "settings"]}""")
                .read()
                .handler(call -> {
                    ResolvedStore store = resolver.resolve(call.tenant(), call.sessionId(), call.args().store());
                    var answer = cache.get(ReadCache.Key.of(call.tenant().id(), store.storeId(), ReadCache.Scope.STORE,
                            "", Map.of()), () -> registry.settings(store.credentials()));
                    Map<String, Object> result = new LinkedHashMap<>();
                    result.put("store_id", store.storeId());
                    result.put("name", store.entry().name());
                    result.put("settings", answer.path("settings").isObject() ? answer.get("settings") : Map.of());
                    result.put("folders", answer.path("folders"));
                    return ToolResults.success(result);
                });
    }

    private SyncToolSpecification use() {
        return tool("stores_use", "Use store")
                .description("Makes a store the default of this MCP session, for every tool called without a store.")
                .input(ToolKit.STORE_PARAM.replace("Optional: defaults to", "The store to use from now on; without it, shows"), "store")
                .output("{\"type\": \"object\", \"properties\": {\"store\": " + ENTRY_SCHEMA + "}, \"required\": [\"store\"]}")
                .sessionOnly()
                .handler(call -> {
                    StoreEntry entry = resolver.entry(call.tenant(), call.sessionId(), call.args().requiredText("store", 100));
                    resolver.use(call.tenant(), call.sessionId(), entry);
                    return ToolResults.success(Map.of("store", describe(entry, entry.storeId())));
                });
    }

    private SyncToolSpecification resolve() {
        return tool("stores_resolve", "Resolve store")
                .description("Which store a call would use: the one named (id or name), else this session's store, "
                        + "else the tenant's only store.")
                .input(ToolKit.STORE_PARAM)
                .output("{\"type\": \"object\", \"properties\": {\"store\": " + ENTRY_SCHEMA + "}, \"required\": [\"store\"]}")
                .read().localOnly()
                .handler(call -> {
                    StoreEntry entry = resolver.entry(call.tenant(), call.sessionId(), call.args().store());
                    return ToolResults.success(Map.of("store", describe(entry,
                            resolver.activeStoreId(call.tenant(), call.sessionId()))));
                });
    }

    private SyncToolSpecification delete() {
        return tool("stores_delete", "Delete store")
                .description("Removes a store and its stored credentials from this tenant. Its orders in OrderDesk "
                        + "are not touched.")
                .input(ToolKit.STORE_PARAM.replace("Optional: defaults to", "Required. (Not defaulted to"), "store")
                .output("{\"type\": \"object\", \"properties\": {\"deleted\": " + ENTRY_SCHEMA + "}, \"required\": [\"deleted\"]}")
                .write(true, true).localOnly()
                .handler(call -> {
                    StoreEntry entry = resolver.entry(call.tenant(), call.sessionId(), call.args().requiredText("store", 100));
                    registry.delete(call.tenant().id(), entry);
                    cache.forgetStore(call.tenant().id(), entry.storeId());
                    return ToolResults.success(Map.of("deleted", describe(entry, null)));
                });
    }

    private SyncToolSpecification rotateKey() {
        return tool("stores_rotate_key", "Rotate store API key")
                .description("Replaces a store's API key after OrderDesk accepted the new one; the old one is "
                        + "forgotten.")
                .input(ToolKit.STORE_PARAM + """
                        ,
                        "api_key": {"type": "string", "minLength": 1, "maxLength": 200, "description": "The store's new OrderDesk API key."}""",
                        "api_key")
                .output("{\"type\": \"object\", \"properties\": {\"store\": " + ENTRY_SCHEMA + "}, \"required\": [\"store\"]}")
                .write(true, true)
                .handler(call -> {
                    StoreEntry entry = resolver.entry(call.tenant(), call.sessionId(), call.args().store());
                    registry.rotateKey(call.tenant().id(), entry, call.args().requiredText("api_key", 200));
                    cache.forgetStore(call.tenant().id(), entry.storeId());
                    return ToolResults.success(Map.of("store", describe(registry.find(call.tenant().id(), entry.storeId())
                            .orElse(entry), null)));
                });
    }

    private static Map<String, Object> describe(StoreEntry entry, String activeStoreId) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("store_id", entry.storeId());
        answer.put("name", entry.name());
        answer.put("active", entry.storeId().equals(activeStoreId));
        answer.put("created_at", entry.createdAt().toString());
        answer.put("updated_at", entry.updatedAt().toString());
        return answer;
    }
}
