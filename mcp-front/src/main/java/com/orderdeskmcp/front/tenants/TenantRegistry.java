package com.orderdeskmcp.front.tenants;

import com.orderdeskmcp.front.security.Tenant;
import com.orderdeskmcp.front.security.TokenHash;

import javax.sql.DataSource;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Tenants and their bearer tokens in PostgreSQL. A token is {@code odm_<id>_<secret>}: the id (8 hex
 * characters) is public and names the token in listings and audit trails; the secret is 256 random
 * bits. Only the SHA-256 of the whole token is stored; a presented token is looked up by its id and
 * its hash compared in constant time. Plain JDBC, so that the operator CLI runs without Spring.
 */
public final class TenantRegistry {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String TENANT_ID = "[a-z0-9][a-z0-9_-]{0,63}";

    /** A new token: shown once, then only its hash exists. */
    public record IssuedToken(String tenantId, String tokenId, Role role, String token) {
        @Override
        public String toString() {
            return "IssuedToken[tenant=" + tenantId + ", id=" + tokenId + ", role=" + role + ", token=***]";
        }
    }

    /** A token as listed: never the token, never its hash. */
    public record TokenEntry(String tokenId, String tenantId, Role role, String label, Instant createdAt,
                             Instant revokedAt) {
    }

    public static final class TenantProblem extends RuntimeException {
        public TenantProblem(String message) {
            super(message, null, false, false);
        }
    }

    private final DataSource dataSource;

    public TenantRegistry(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Creates the tenant if it does not exist yet and issues it a token with the given role. */
    public IssuedToken issue(String tenantId, Role role, String label) {
        if (tenantId == null || !tenantId.matches(TENANT_ID)) {
            throw new TenantProblem("a tenant id is 1-64 lower-case letters, digits, '_' or '-', starting with a letter or digit");
        }
        if (label != null && label.length() > 200) {
            throw new TenantProblem("a label is at most 200 characters");
        }
        byte[] idBytes = new byte[4];
        byte[] secret = new byte[32];
        RANDOM.nextBytes(idBytes);
        RANDOM.nextBytes(secret);
        String tokenId = "odm_" + HexFormat.of().formatHex(idBytes);
        String token = tokenId + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Instant now = Instant.now();
        try (Connection db = dataSource.getConnection()) {
            db.setAutoCommit(false);
            try (PreparedStatement tenant = db.prepareStatement(
                    "INSERT INTO front.tenant (tenant_id, created_at) VALUES (?, ?) ON CONFLICT DO NOTHING");
                 PreparedStatement insert = db.prepareStatement("""
                         INSERT INTO front.token (token_id, tenant_id, role, token_sha256, label, created_at)
                         VALUES (?, ?, ?, ?, ?, ?)""")) {
                tenant.setString(1, tenantId);
                tenant.setTimestamp(2, Timestamp.from(now));
                tenant.executeUpdate();
                insert.setString(1, tokenId);
                insert.setString(2, tenantId);
                insert.setString(3, role.wire());
                insert.setBytes(4, TokenHash.sha256(token));
                insert.setString(5, label);
                insert.setTimestamp(6, Timestamp.from(now));
                insert.executeUpdate();
                db.commit();
            } catch (SQLException e) {
                db.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot issue a token (SQL state " + e.getSQLState() + ")");
        }
        return new IssuedToken(tenantId, tokenId, role, token);
    }

    /** The caller a presented token stands for, if it is known and not revoked. */
    public Optional<Tenant> authenticate(String token) {
        if (token == null || token.length() < 14 || token.length() > 200 || !token.startsWith("odm_")) {
            return Optional.empty();
        }
        String tokenId = token.substring(0, 12);
        byte[] presented = TokenHash.sha256(token);
        try (Connection db = dataSource.getConnection();
             PreparedStatement query = db.prepareStatement(
                     "SELECT tenant_id, role, token_sha256 FROM front.token WHERE token_id = ? AND revoked_at IS NULL")) {
            query.setString(1, tokenId);
            try (ResultSet rs = query.executeQuery()) {
                if (rs.next() && MessageDigest.isEqual(rs.getBytes(3), presented)) {
                    return Optional.of(new Tenant(rs.getString(1), tokenId, Role.parse(rs.getString(2))));
                }
                return Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot check the token (SQL state " + e.getSQLState() + ")");
        }
    }

    /** Tokens whose id or tenant starts with {@code prefix} (all when blank), newest first. */
    public List<TokenEntry> list(String prefix) {
        String like = (prefix == null ? "" : prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")) + "%";
        try (Connection db = dataSource.getConnection();
             PreparedStatement query = db.prepareStatement("""
                     SELECT token_id, tenant_id, role, label, created_at, revoked_at FROM front.token
                     WHERE token_id LIKE ? OR tenant_id LIKE ? ORDER BY created_at DESC LIMIT 500""")) {
            query.setString(1, like);
            query.setString(2, like);
            List<TokenEntry> entries = new ArrayList<>();
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    Timestamp revoked = rs.getTimestamp(6);
                    entries.add(new TokenEntry(rs.getString(1), rs.getString(2), Role.parse(rs.getString(3)),
                            rs.getString(4), rs.getTimestamp(5).toInstant(), revoked == null ? null : revoked.toInstant()));
                }
            }
            return entries;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot list tokens (SQL state " + e.getSQLState() + ")");
        }
    }

    /** Revokes a token by its id; false when no such live token exists. */
    public boolean revoke(String tokenId) {
        try (Connection db = dataSource.getConnection();
             PreparedStatement update = db.prepareStatement(
                     "UPDATE front.token SET revoked_at = ? WHERE token_id = ? AND revoked_at IS NULL")) {
            update.setTimestamp(1, Timestamp.from(Instant.now()));
            update.setString(2, tokenId);
            return update.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot revoke the token (SQL state " + e.getSQLState() + ")");
        }
    }
}
