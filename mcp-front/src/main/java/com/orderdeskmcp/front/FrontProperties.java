package com.orderdeskmcp.front;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.List;

/**
 * Settings under {@code front.*}.
 *
 * @param tenants        who may call: a tenant id and the SHA-256 (hex) of its bearer token; the
 *                       token itself is never configured or stored
 * @param mutationWait   how long a mutation tool waits for the outcome before answering "pending"
 * @param cacheTtl       how long a read stays cached when nothing invalidates it earlier (changes made
 *                       outside this system reach us only through OrderDesk's webhook, if configured)
 * @param cacheMaxEntries bound on cached reads per instance
 * @param allowedOrigins browser origins allowed to call /mcp (e.g. {@code http://localhost:*}); a
 *                       request with any other Origin is refused (DNS rebinding)
 */
@ConfigurationProperties("front")
public record FrontProperties(List<TenantToken> tenants, Duration mutationWait, Duration cacheTtl,
                              Long cacheMaxEntries, List<String> allowedOrigins) {

    public record TenantToken(String tenant, String tokenSha256) {
    }

    public FrontProperties {
        tenants = tenants == null ? List.of() : List.copyOf(tenants);
        mutationWait = mutationWait == null ? Duration.ofSeconds(20) : mutationWait;
        cacheTtl = cacheTtl == null ? Duration.ofSeconds(60) : cacheTtl;
        cacheMaxEntries = cacheMaxEntries == null ? 10_000L : cacheMaxEntries;
        allowedOrigins = allowedOrigins == null
                ? List.of("http://localhost:*", "http://127.0.0.1:*", "http://[::1]:*") : List.copyOf(allowedOrigins);
    }
}
