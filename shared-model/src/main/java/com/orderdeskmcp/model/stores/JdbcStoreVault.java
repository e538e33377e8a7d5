package com.orderdeskmcp.model.stores;

import com.orderdeskmcp.model.client.StoreCredentials;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The store registry in PostgreSQL, shared by mcp-front (which owns the schema: its Flyway migration
 * creates {@value #TABLE}) and mutation-worker (which only reads it). API keys are stored sealed by
 * {@link CredentialCipher}; every query is scoped by tenant.
 */
public final class JdbcStoreVault implements StoreVault {

    public static final String TABLE = "front.store_credentials";

    /** A registered store without its key: what may be shown. */
    public record StoreEntry(String tenantId, String storeId, String name, String keyId, Instant createdAt,
                             Instant updatedAt) {
    }

    /** The store id or name is already registered for this tenant. */
    public static final class AlreadyRegistered extends RuntimeException {
        AlreadyRegistered(String message) {
            super(message, null, false, false);
        }
    }

    /** A database failure, with the SQL state only: never parameters (which may include sealed keys). */
    public static final class RegistryUnavailable extends RuntimeException {
        RegistryUnavailable(String message, SQLException cause) {
            super(message + " (SQL state " + cause.getSQLState() + ")", cause);
        }
    }

    private final DataSource dataSource;
    private final CredentialCipher cipher;

    public JdbcStoreVault(DataSource dataSource, CredentialCipher cipher) {
        this.dataSource = dataSource;
        this.cipher = cipher;
    }

    @Override
    public Optional<StoreCredentials> credentials(String tenantId, String storeId) {
        return query("SELECT key_id, api_key_sealed FROM " + TABLE + " WHERE tenant_id = ? AND store_id = ?",
                rs -> cipher.open(tenantId, storeId, new CredentialCipher.Sealed(rs.getString(1), rs.getBytes(2))),
                tenantId, storeId).stream().findFirst().map(key -> new StoreCredentials(storeId, key));
    }

    @Override
    public List<String> storeIds(String tenantId) {
        return list(tenantId).stream().map(StoreEntry::storeId).toList();
    }

    public List<StoreEntry> list(String tenantId) {
        return query("SELECT tenant_id, store_id, name, key_id, created_at, updated_at FROM " + TABLE
                + " WHERE tenant_id = ? ORDER BY name", JdbcStoreVault::entry, tenantId);
    }

    /** The tenant's store whose id, or else whose name (case-insensitive), is {@code idOrName}. */
    public Optional<StoreEntry> find(String tenantId, String idOrName) {
        List<StoreEntry> found = query("SELECT tenant_id, store_id, name, key_id, created_at, updated_at FROM " + TABLE
                        + " WHERE tenant_id = ? AND (store_id = ? OR lower(name) = lower(?))"
                        + " ORDER BY CASE WHEN store_id = ? THEN 0 ELSE 1 END",
                JdbcStoreVault::entry, tenantId, idOrName, idOrName, idOrName);
        return found.stream().findFirst();
    }

    /** Every tenant's entry for an OrderDesk store id, with its key (webhooks name only the store). */
    public List<StoreCredentials> credentialsOfAnyTenant(String storeId) {
        return query("SELECT tenant_id, key_id, api_key_sealed FROM " + TABLE + " WHERE store_id = ?",
                rs -> new StoreCredentials(storeId, cipher.open(rs.getString(1), storeId,
                        new CredentialCipher.Sealed(rs.getString(2), rs.getBytes(3)))), storeId);
    }

    public StoreEntry register(String tenantId, String storeId, String name, String apiKey) {
        CredentialCipher.Sealed sealed = cipher.seal(tenantId, storeId, apiKey);
        Instant now = Instant.now();
        try (Connection db = dataSource.getConnection();
             PreparedStatement insert = db.prepareStatement("INSERT INTO " + TABLE
                     + " (tenant_id, store_id, name, key_id, api_key_sealed, created_at, updated_at)"
                     + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, tenantId);
            insert.setString(2, storeId);
            insert.setString(3, name);
            insert.setString(4, sealed.keyId());
            insert.setBytes(5, sealed.ciphertext());
            insert.setTimestamp(6, Timestamp.from(now));
            insert.setTimestamp(7, Timestamp.from(now));
            insert.executeUpdate();
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) {
                throw new AlreadyRegistered("a store with this id or name is already registered for this tenant");
            }
            throw new RegistryUnavailable("cannot register the store", e);
        }
        return new StoreEntry(tenantId, storeId, name, sealed.keyId(), now, now);
    }

    /** Replaces the store's API key; false when the tenant has no such store. */
    public boolean replaceKey(String tenantId, String storeId, String apiKey) {
        CredentialCipher.Sealed sealed = cipher.seal(tenantId, storeId, apiKey);
        return update("UPDATE " + TABLE + " SET key_id = ?, api_key_sealed = ?, updated_at = ? WHERE tenant_id = ? AND store_id = ?",
                sealed.keyId(), sealed.ciphertext(), Timestamp.from(Instant.now()), tenantId, storeId) == 1;
    }

    public boolean delete(String tenantId, String storeId) {
        return update("DELETE FROM " + TABLE + " WHERE tenant_id = ? AND store_id = ?", tenantId, storeId) == 1;
    }

    /** Re-seals every row not under the active KEK with it (after a KEK rotation); returns how many. */
    public int rewrap() {
        record Row(String tenantId, String storeId, CredentialCipher.Sealed sealed) {
        }
        List<Row> rows = query("SELECT tenant_id, store_id, key_id, api_key_sealed FROM " + TABLE + " WHERE key_id <> ?",
                rs -> new Row(rs.getString(1), rs.getString(2), new CredentialCipher.Sealed(rs.getString(3), rs.getBytes(4))),
                cipher.activeKeyId());
        int done = 0;
        for (Row row : rows) {
            CredentialCipher.Sealed fresh = cipher.seal(row.tenantId(), row.storeId(),
                    cipher.open(row.tenantId(), row.storeId(), row.sealed()));
            done += update("UPDATE " + TABLE + " SET key_id = ?, api_key_sealed = ? WHERE tenant_id = ? AND store_id = ? AND key_id = ?",
                    fresh.keyId(), fresh.ciphertext(), row.tenantId(), row.storeId(), row.sealed().keyId());
        }
        return done;
    }

    private static StoreEntry entry(ResultSet rs) throws SQLException {
        return new StoreEntry(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getTimestamp(5).toInstant(), rs.getTimestamp(6).toInstant());
    }

    @FunctionalInterface
    private interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private <T> List<T> query(String sql, RowMapper<T> mapper, Object... parameters) {
        try (Connection db = dataSource.getConnection(); PreparedStatement statement = db.prepareStatement(sql)) {
            bind(statement, parameters);
            try (ResultSet rs = statement.executeQuery()) {
                List<T> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(mapper.map(rs));
                }
                return rows;
            }
        } catch (SQLException e) {
            throw new RegistryUnavailable("cannot read the store registry", e);
        }
    }

    private int update(String sql, Object... parameters) {
        try (Connection db = dataSource.getConnection(); PreparedStatement statement = db.prepareStatement(sql)) {
            bind(statement, parameters);
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new RegistryUnavailable("cannot change the store registry", e);
        }
    }

    private static void bind(PreparedStatement statement, Object... parameters) throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
    }
}
