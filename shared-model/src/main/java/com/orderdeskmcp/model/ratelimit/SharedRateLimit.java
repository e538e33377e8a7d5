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
 *
 * <p>Where a store's limit refills more than one token per {@link #LEASE_REFILL} (not OrderDesk's 3
 * per second, but a store given a higher limit, or none in effect), a process takes tokens from the
 * shared bucket a few at a time ({@link #leaseSize}: at most a tenth of the burst) and spends them
 * itself, so that not every request costs a database round trip. A process holds fewer tokens than
 * one lease at any time (it takes the next only once it has none), so over any interval the requests
 * of P processes exceed what the bucket allows by less than P leases; a token not spent within
 * {@link #LEASE_HORIZON} is dropped, so an idle process does not hoard any. At OrderDesk's own limit
 * every request takes its own token, as before.
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

    /** A lease is what the limit refills in this time (if that is more than one token). */
    static final Duration LEASE_REFILL = Duration.ofMillis(100);
    /** How long a token taken ahead may wait to be spent before it is dropped. */
    static final Duration LEASE_HORIZON = Duration.ofSeconds(1);
    /** Most tokens taken in one round trip. */
    static final int MAX_LEASE = 100;

    private final ProxyManager<String> buckets;
    private final Limit defaultLimit;
    private final Map<String, Limit> perStore;
    private final Map<String, Bucket> cache = new ConcurrentHashMap<>();
    private final Map<String, Bucket> plain = new ConcurrentHashMap<>();
    private final Map<String, Lease> leases = new ConcurrentHashMap<>();

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
        int size = leaseSize(limit(storeId));
        if (size > 1 && leased(storeId, size)) {
            return;
        }
        try {
            onBucket(storeId, bucket -> {
                bucket.asBlocking().consume(1);
                return 1L;
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for store " + storeId + "'s rate limit", e);
        }
    }

    /**
     * A token from this process's lease of the store's tokens, or from the bucket at once (the thread
     * that refills the empty lease asks for a whole one, the others for one token each); false if the
     * bucket has none now, and the caller is to wait in line.
     */
    private boolean leased(String storeId, int size) {
        Lease lease = leases.computeIfAbsent(storeId, id -> new Lease());
        if (lease.take(System.nanoTime())) {
            return true;
        }
        boolean refilling = lease.startRefill();
        try {
            // The tokens leave the bucket after this instant: their horizon counts from it.
            long asked = System.nanoTime();
            long got = onBucket(storeId, bucket -> bucket.tryConsumeAsMuchAsPossible(refilling ? size : 1));
            if (got > 1) {
                lease.add(got - 1, asked + LEASE_HORIZON.toNanos());
            }
            return got > 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while taking store " + storeId + "'s tokens", e);
        } finally {
            if (refilling) {
                lease.endRefill();
            }
        }
    }

    /**
     * Tokens to take in one round trip: what the limit refills in {@link #LEASE_REFILL}, at most a tenth
     * of the burst and {@link #MAX_LEASE}. 1 or less: no lease. Pure.
     */
    static int leaseSize(Limit limit) {
        double perRefill = limit.perSecond() * LEASE_REFILL.toNanos() / 1e9;
        return (int) Math.min(Math.min(MAX_LEASE, limit.burst() / 10), Math.floor(perRefill));
    }

    private interface BucketCall {
        long on(Bucket bucket) throws InterruptedException;
    }

    private long onBucket(String storeId, BucketCall call) throws InterruptedException {
        try {
            return call.on(bucket(storeId));
        } catch (RuntimeException e) {
            if (!bucketMissing(e)) {
                throw e;
            }
            // A batch that reaches a bucket nobody has created yet (or that was deleted) fails as a
            // whole instead of creating it; the unbatched proxy creates it, then the batch is retried.
            plainBucket(storeId).getAvailableTokens();
            return call.on(bucket(storeId));
        }
    }

    private Bucket bucket(String storeId) {
        return cache.computeIfAbsent(storeId, id -> {
            // Created up front through the unbatched proxy, for the reason given in onBucket.
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

    private Limit limit(String storeId) {
        return perStore.getOrDefault(storeId, defaultLimit);
    }

    private Supplier<BucketConfiguration> configuration(String storeId) {
        Limit limit = limit(storeId);
        return () -> BucketConfiguration.builder()
                .addLimit(bandwidth -> bandwidth.capacity(limit.burst())
                        .refillGreedy(Math.round(limit.perSecond() * 1000), Duration.ofSeconds(1000)))
                .build();
    }

    private static String key(String storeId) {
        return "orderdesk-store:" + storeId;
    }

    /**
     * Tokens this process took from a store's bucket and has not spent yet, and until when they may be
     * spent (the earliest deadline of those taken: a later batch never extends an earlier one's). Only
     * one thread refills it, and only once it is empty, so it never holds a whole lease. Times are
     * {@link System#nanoTime()} values.
     */
    static final class Lease {

        private long tokens;
        private long spendBy;
        private boolean refilling;

        synchronized boolean take(long now) {
            if (tokens > 0 && now - spendBy < 0) {
                tokens--;
                return true;
            }
            tokens = 0; // too late for any left: dropped, never sent late
            return false;
        }

        synchronized void add(long more, long spendBy) {
            if (tokens == 0 || spendBy - this.spendBy < 0) {
                this.spendBy = spendBy;
            }
            tokens += more;
        }

        /** Whether the caller is to refill it: nobody else is, and it is empty. */
        synchronized boolean startRefill() {
            if (refilling || tokens > 0) {
                return false;
            }
            refilling = true;
            return true;
        }

        synchronized void endRefill() {
            refilling = false;
        }
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
