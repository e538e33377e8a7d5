package com.orderdeskmcp.front;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.List;

/**
 * Settings under {@code front.*}.
 *
 * @param tenants         extra callers from configuration: a tenant id, the SHA-256 (hex) of its bearer
 *                        token and a role (default agent); tenants and tokens normally live in the
 *                        database (see the operator CLI and {@code /admin/tenants})
 * @param mutationWait    how long a mutation tool waits for the outcome before answering "pending"
 * @param cacheTtl        how long a read of one order (or item, shipment, inventory item) stays cached when
 *                        nothing invalidates it earlier
 * @param listCacheTtl    the same for searches and lists (orders_list, inventory_list)
 * @param cacheMaxEntries bound on cached reads per instance
 * @param authCacheTtl    how long a checked token is remembered (a revocation takes effect on other
 *                        instances within this time; on the revoking instance at once)
 * @param allowedOrigins  browser origins allowed to call /mcp (e.g. {@code http://localhost:*}); a
 *                        request with any other Origin is refused (DNS rebinding)
 * @param stdioToken      the bearer token in stdio mode ({@code --stdio}), from the environment
 * @param readRateLimitWait how long a read waits out OrderDesk 429s before it answers with an error
 *                        ({@code FRONT_STDIO_TOKEN}), never from a file in the repository
 */
@ConfigurationProperties("front")
public record FrontProperties(List<TenantToken> tenants, Duration mutationWait, Duration cacheTtl,
                              Duration listCacheTtl, Long cacheMaxEntries, Duration authCacheTtl,
                              List<String> allowedOrigins, String stdioToken, Duration readRateLimitWait) {

    public record TenantToken(String tenant, String tokenSha256, String role) {
        @Override
        public String toString() {
            return "TenantToken[tenant=" + tenant + ", role=" + role + "]";
        }
    }

    public FrontProperties {
        tenants = tenants == null ? List.of() : List.copyOf(tenants);
        mutationWait = mutationWait == null ? Duration.ofSeconds(20) : mutationWait;
        cacheTtl = cacheTtl == null ? Duration.ofSeconds(60) : cacheTtl;
        listCacheTtl = listCacheTtl == null ? Duration.ofSeconds(15) : listCacheTtl;
        cacheMaxEntries = cacheMaxEntries == null ? 10_000L : cacheMaxEntries;
        authCacheTtl = authCacheTtl == null ? Duration.ofSeconds(5) : authCacheTtl;
        readRateLimitWait = readRateLimitWait == null ? Duration.ofSeconds(10) : readRateLimitWait;
        allowedOrigins = allowedOrigins == null
                ? List.of("http://localhost:*", "http://127.0.0.1:*", "http://[::1]:*") : List.copyOf(allowedOrigins);
    }

    @Override
    public String toString() {
        return "FrontProperties[tenants=" + tenants + ", mutationWait=" + mutationWait + ", cacheTtl=" + cacheTtl
                + ", stdioToken=" + (stdioToken == null ? "none" : "***") + "]";
    }
}
