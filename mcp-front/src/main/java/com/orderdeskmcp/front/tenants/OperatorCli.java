package com.orderdeskmcp.front.tenants;

import com.orderdeskmcp.front.audit.ReplayCommand;
import com.orderdeskmcp.model.client.OrderDeskClient;
import com.orderdeskmcp.model.client.OrderDeskException;
import com.orderdeskmcp.model.client.StoreCredentials;
import com.orderdeskmcp.model.stores.CredentialCipher;
import com.orderdeskmcp.model.stores.JdbcStoreVault;
import com.orderdeskmcp.model.stores.VaultKeys;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The operator commands, run without the server (plain JDBC, the same database settings as the app,
 * from the environment). They migrate the schema first, so they work on a fresh database.
 * <pre>
 *   tenants create TENANT [--role agent|auditor|operator] [--label TEXT]   prints the token, once
 *   tenants list [PREFIX]
 *   tenants revoke TOKEN_ID
 *   stores register TENANT STORE_ID [--name NAME]    API key from ORDERDESK_API_KEY; checked with /test
 *   vault new-key KEY_ID                              prints a fresh key-encryption key line
 *   vault rewrap                                      re-seals every store key under the active KEK
 *   audit replay | audit status                       rebuilds the audit read model in the running front
 *                                                     (FRONT_URL, operator token in FRONT_OPERATOR_TOKEN)
 * </pre>
 */
public final class OperatorCli {

    public static final Set<String> COMMANDS = Set.of("tenants", "stores", "vault", "audit");

    private OperatorCli() {
    }

    public static int run(String[] args) {
        // stdout carries only the answer (e.g. the token, for scripts); every log line goes to stderr.
        PrintStream out = System.out;
        PrintStream err = System.err;
        System.setOut(err);
        try {
            String group = args[0];
            String action = args.length > 1 ? args[1] : "";
            List<String> rest = List.of(args).subList(Math.min(2, args.length), args.length);
            if (group.equals("vault") && action.equals("new-key")) {
                out.println(CredentialCipher.newKeySpec(rest.isEmpty() ? "k1" : rest.getFirst()));
                return 0;
            }
            if (group.equals("audit")) {
                return ReplayCommand.run(action, env("FRONT_URL", "http://127.0.0.1:8080"),
                        env("FRONT_OPERATOR_TOKEN", null), Duration.ofSeconds(1), out, err);
            }
            PGSimpleDataSource db = dataSource();
            migrate(db);
            switch (group + " " + action) {
                case "tenants create" -> {
                    TenantRegistry.IssuedToken issued = new TenantRegistry(db).issue(required(rest, 0, "TENANT"),
                            Role.parse(option(rest, "--role")), option(rest, "--label"));
                    err.println("Tenant " + issued.tenantId() + ": token " + issued.tokenId() + " (" + issued.role().wire()
                            + "). It is shown only now:");
                    out.println(issued.token());
                }
                case "tenants list" -> new TenantRegistry(db).list(rest.isEmpty() ? "" : rest.getFirst()).forEach(t ->
                        out.println(t.tokenId() + "\t" + t.tenantId() + "\t" + t.role().wire() + "\t" + t.createdAt()
                                + (t.revokedAt() == null ? "" : "\trevoked " + t.revokedAt())));
                case "tenants revoke" -> {
                    boolean revoked = new TenantRegistry(db).revoke(required(rest, 0, "TOKEN_ID"));
                    err.println(revoked ? "revoked" : "no live token with that id");
                    return revoked ? 0 : 1;
                }
                case "stores register" -> {
                    String tenant = required(rest, 0, "TENANT");
                    String storeId = required(rest, 1, "STORE_ID");
                    String apiKey = env("ORDERDESK_API_KEY", null);
                    if (apiKey == null || apiKey.isBlank()) {
                        throw new IllegalArgumentException("give the store's API key in ORDERDESK_API_KEY (never as an argument)");
                    }
                    OrderDeskClient client = new OrderDeskClient(env("ORDERDESK_BASE_URL", "https://app.orderdesk.me/api/v2"),
                            Duration.ofSeconds(10), Duration.ofSeconds(30));
                    try {
                        client.test(new StoreCredentials(storeId, apiKey));
                    } catch (OrderDeskException e) {
                        throw new IllegalArgumentException("OrderDesk did not accept the credentials (HTTP " + e.status() + ")");
                    }
                    ensureTenant(db, tenant);
                    String name = option(rest, "--name");
                    vault(db).register(tenant, storeId, name == null ? storeId : name, apiKey);
                    err.println("Store " + storeId + " registered for tenant " + tenant + ".");
                }
                case "vault rewrap" -> err.println(vault(db).rewrap() + " store keys re-sealed under the active key");
                default -> {
                    err.println("unknown command; see the mcp-front README (tenants create|list|revoke, stores register, "
                            + "vault new-key|rewrap, audit replay|status)");
                    return 2;
                }
            }
            return 0;
        } catch (RuntimeException e) {
            err.println("error: " + e.getMessage());
            return 1;
        }
    }

    private static void ensureTenant(PGSimpleDataSource db, String tenant) {
        try (var connection = db.getConnection(); var insert = connection.prepareStatement(
                "INSERT INTO front.tenant (tenant_id, created_at) VALUES (?, now()) ON CONFLICT DO NOTHING")) {
            insert.setString(1, tenant);
            insert.executeUpdate();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot create the tenant (SQL state " + e.getSQLState() + ")");
        }
    }

    private static JdbcStoreVault vault(PGSimpleDataSource db) {
        return new JdbcStoreVault(db, VaultKeys.cipher(env("ORDERDESK_VAULT_KEYS", ""),
                env("ORDERDESK_VAULT_KEY_FILE", ""), env("ORDERDESK_VAULT_ACTIVE_KEY_ID", "")));
    }

    private static PGSimpleDataSource dataSource() {
        PGSimpleDataSource db = new PGSimpleDataSource();
        db.setUrl(env("SPRING_DATASOURCE_URL", "jdbc:postgresql://127.0.0.1:5432/orderdesk"));
        db.setUser(env("SPRING_DATASOURCE_USERNAME", "orderdesk"));
        db.setPassword(env("SPRING_DATASOURCE_PASSWORD", "orderdesk"));
        return db;
    }

    /** The same migration the server runs at start. */
    public static void migrate(javax.sql.DataSource db) {
        Flyway.configure().dataSource(db).schemas("front").defaultSchema("front").createSchemas(true)
                .table("flyway_history_front").locations("classpath:db/migration").load().migrate();
    }

    /**
     * A setting as the app would see it: the environment variable, else the file of the same
     * property in a Spring config tree ({@code SPRING_CONFIG_IMPORT=optional:configtree:/run/secrets/},
     * as docker compose mounts secrets), else the fallback.
     */
    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        if (value != null && !value.isBlank()) {
            return value;
        }
        String imports = System.getenv("SPRING_CONFIG_IMPORT");
        if (imports != null) {
            for (String location : imports.split(",")) {
                String tree = location.trim().replaceFirst("^optional:", "");
                if (tree.startsWith("configtree:")) {
                    java.nio.file.Path file = java.nio.file.Path.of(tree.substring("configtree:".length()))
                            .resolve(name.toLowerCase(java.util.Locale.ROOT).replace('_', '.'));
                    try {
                        if (java.nio.file.Files.isRegularFile(file)) {
                            return java.nio.file.Files.readString(file).strip();
                        }
                    } catch (java.io.IOException e) {
                        throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
                    }
                }
            }
        }
        return fallback;
    }

    private static String required(List<String> args, int index, String name) {
        List<String> positional = args.stream().filter(a -> !a.startsWith("--")).toList();
        // options take the next word as their value: drop it from the positional ones
        List<String> cleaned = new java.util.ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).startsWith("--")) {
                i++;
            } else {
                cleaned.add(args.get(i));
            }
        }
        if (cleaned.size() <= index) {
            throw new IllegalArgumentException("missing " + name);
        }
        return positional.isEmpty() ? null : cleaned.get(index);
    }

    private static String option(List<String> args, String name) {
        int at = args.indexOf(name);
        return at >= 0 && at + 1 < args.size() ? args.get(at + 1) : null;
    }

    @SuppressWarnings("unused")
    private static final Map<String, String> ENVIRONMENT = Map.of(); // documentation lives in the README
}
