package com.orderdeskmcp.front.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.orderdeskmcp.front.FrontProperties;
import com.orderdeskmcp.front.tenants.Role;
import com.orderdeskmcp.front.tenants.TenantRegistry;
import org.springframework.stereotype.Component;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Who a bearer token stands for: a token of the registry (database), or one configured by hash.
 * Answers are remembered briefly, keyed by the token's SHA-256 (never the token), so that a busy
 * agent does not cost a database query per call.
 */
@Component
public class Authenticator {

    private record Known(String tenant, byte[] hash, Role role) {
    }

    private final TenantRegistry registry;
    private final List<Known> configured;
    private final Cache<String, Optional<Tenant>> recent;

    public Authenticator(TenantRegistry registry, FrontProperties properties) {
        this.registry = registry;
        this.configured = properties.tenants().stream()
                .map(t -> new Known(t.tenant(), HexFormat.of().parseHex(t.tokenSha256().trim().toLowerCase()),
                        Role.parse(t.role())))
                .toList();
        this.recent = Caffeine.newBuilder().expireAfterWrite(properties.authCacheTtl()).maximumSize(10_000).build();
    }

    public Optional<Tenant> authenticate(String token) {
        byte[] hash = TokenHash.sha256(token);
        return recent.get(HexFormat.of().formatHex(hash), key -> lookUp(token, hash));
    }

    /** Forget remembered answers (after a revocation on this instance). */
    public void forgetAll() {
        recent.invalidateAll();
    }

    private Optional<Tenant> lookUp(String token, byte[] presented) {
        Optional<Tenant> stored = registry.authenticate(token);
        if (stored.isPresent()) {
            return stored;
        }
        Tenant match = null;
        for (Known candidate : configured) { // every hash compared, in constant time
            if (MessageDigest.isEqual(candidate.hash(), presented)) {
                match = new Tenant(candidate.tenant(), "sha256:" + HexFormat.of().formatHex(presented).substring(0, 12),
                        candidate.role());
            }
        }
        return Optional.ofNullable(match);
    }
}
