package com.orderdeskmcp.model.ratelimit;

import com.orderdeskmcp.model.client.RequestGate;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.BucketNotFoundException;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * OrderDesk's per-store request budget, shared by every worker and front process through one
 * token bucket per store in PostgreSQL (Bucket4j, advisory locks). A request waits for a token
 * before it is sent, so all processes together stay within the limit instead of meeting 429s.
 * Needs the table {@code rate_limit_bucket(id varchar primary key, state bytea, expires_at bigint)}.
 */
public final class SharedRateLimit implements RequestGate {

    /**
     * @param burst           tokens a store can spend at once (OrderDesk: 20)
     * @param perSecond       tokens added per second (OrderDesk: 3; a little less leaves room for clock drift)
     */
    public record Limit(int burst, double perSecond) {
        public Limit {
            if (burst < 1 || !(perSecond > 0)) {
                throw new IllegalArgumentException("a rate limit needs burst >= 1 and perSecond > 0");
            }
        }
    }

    private final ProxyManager<String> buckets;
    private final Limit defaultLimit;
    private final Map<String, Limit> perStore;
    private final Map<String, Bucket> cache = new ConcurrentHashMap<>();
    private final Map<String, Bucket> plain = new ConcurrentHashMap<>();

    public SharedRateLimit(DataSource dataSource, Limit defaultLimit, Map<String, Limit> perStore) {
        this.buckets = Bucket4jPostgreSQL.advisoryLockBasedBuilder(dataSource)
                .primaryKeyMapper(PrimaryKeyMapper.STRING)
                .table("rate_limit_bucket")
                .build();
        this.defaultLimit = defaultLimit;
        this.perStore = Map.copyOf(perStore);
    }

    @Override
    public void admit(String storeId) {
        try {
            try {
                bucket(storeId).asBlocking().consume(1);
            } catch (RuntimeException e) {
                if (!bucketMissing(e)) {
                    throw e;
                }
                // A batch that reaches a bucket nobody has created yet (or that was deleted) fails as a
                // whole instead of creating it; the unbatched proxy creates it, then the batch is retried.
                plainBucket(storeId).getAvailableTokens();
                bucket(storeId).asBlocking().consume(1);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for store " + storeId + "'s rate limit", e);
        }
    }

    private Bucket bucket(String storeId) {
        return cache.computeIfAbsent(storeId, id -> {
            // Created up front through the unbatched proxy, for the reason given in admit.
            plainBucket(id).getAvailableTokens();
            // Batching merges this process's concurrent requests for a token into one database round
            // trip; every token is still taken from the shared bucket, so the limit stays exact.
            return buckets.builder().withOptimization(Optimizations.batching())
                    .build(key(id), configuration(id));
        });
    }

    private Bucket plainBucket(String storeId) {
        return plain.computeIfAbsent(storeId, id -> buckets.builder().build(key(id), configuration(id)));
    }

    private Supplier<BucketConfiguration> configuration(String storeId) {
        Limit limit = perStore.getOrDefault(storeId, defaultLimit);
        return () -> BucketConfiguration.builder()
                .addLimit(bandwidth -> bandwidth.capacity(limit.burst())
                        .refillGreedy(Math.round(limit.perSecond() * 1000), Duration.ofSeconds(1000)))
                .build();
    }

    private static String key(String storeId) {
        return "orderdesk-store:" + storeId;
    }

    private static boolean bucketMissing(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof BucketNotFoundException) {
                return true;
            }
        }
        return false;
    }
}
