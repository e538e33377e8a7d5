package com.orderdeskmcp.model.ratelimit;

import com.orderdeskmcp.infra.InfrastructureExtension;
import com.orderdeskmcp.infra.TestInfrastructure;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** Two processes' worth of rate limiters on one PostgreSQL share one budget per store. */
@ExtendWith(InfrastructureExtension.class)
class SharedRateLimitTest {

    private static PGSimpleDataSource database;

    @BeforeAll
    static void database(TestInfrastructure infra) throws Exception {
        database = new PGSimpleDataSource();
        database.setUrl(infra.newDatabase("ratelimit"));
        database.setUser(infra.jdbcUsername());
        database.setPassword(infra.jdbcPassword());
        try (Connection db = database.getConnection()) {
            db.createStatement().execute(
                    "CREATE TABLE rate_limit_bucket (id VARCHAR(200) PRIMARY KEY, state BYTEA, expires_at BIGINT)");
        }
    }

    @Test
    void twoLimitersTogetherNeverExceedTheBurstPlusTheRefill() throws Exception {
        SharedRateLimit.Limit limit = new SharedRateLimit.Limit(10, 5.0);
        SharedRateLimit first = new SharedRateLimit(database, limit, Map.of());
        SharedRateLimit second = new SharedRateLimit(database, limit, Map.of());
        Duration took = fromBoth(first, second, 20, "store-1");
        // 10 at once, then 10 more at 5 per second: not before 2 seconds, whichever process asks.
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(1900));
    }

    @Test
    void atAHighLimitAProcessTakesTokensAFewAtATimeAndStillSharesOneBudget() throws Exception {
        // 100,000 per second: a lease of 100 tokens per round trip (OrderDesk's 3 per second has none).
        SharedRateLimit.Limit high = new SharedRateLimit.Limit(100_000, 100_000.0);
        assertThat(SharedRateLimit.leaseSize(high)).isEqualTo(100);
        CountingDataSource counted = new CountingDataSource(database);
        SharedRateLimit gate = new SharedRateLimit(counted.proxy, high, Map.of());
        for (int i = 0; i < 1000; i++) {
            gate.admit("store-fast");
        }
        // Without the lease: a transaction per request, 1,000 and more.
        assertThat(counted.connections()).as("database round trips for 1,000 requests").isBetween(10, 30);

        // Two processes, a lease each, one budget: a lease holds only tokens taken from the bucket, so 80
        // requests against a burst of 40 refilled at 200 per second wait for 40 more tokens, 0.2 s.
        SharedRateLimit.Limit tight = new SharedRateLimit.Limit(40, 200.0);
        assertThat(SharedRateLimit.leaseSize(tight)).isEqualTo(4);
        SharedRateLimit first = new SharedRateLimit(database, tight, Map.of());
        SharedRateLimit second = new SharedRateLimit(database, tight, Map.of());
        first.admit("store-shared"); // creates the bucket (and takes a lease of it)
        assertThat(fromBoth(first, second, 79, "store-shared")).isGreaterThanOrEqualTo(Duration.ofMillis(190));
    }

    /** How long {@code requests} admits take, asked at once of the two limiters in turn. */
    private static Duration fromBoth(SharedRateLimit first, SharedRateLimit second, int requests, String store)
            throws Exception {
        long started = System.nanoTime();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> admits = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                SharedRateLimit gate = i % 2 == 0 ? first : second;
                admits.add(threads.submit(() -> gate.admit(store)));
            }
            for (Future<?> admit : admits) {
                admit.get();
            }
        }
        return Duration.ofNanos(System.nanoTime() - started);
    }

    @Test
    void concurrentRequestsSurviveABucketThatDisappeared() throws Exception {
        SharedRateLimit gate = new SharedRateLimit(database, new SharedRateLimit.Limit(100, 1.0), Map.of());
        gate.admit("store-gone");
        try (Connection db = database.getConnection()) {
            db.createStatement().execute("DELETE FROM rate_limit_bucket WHERE id = 'orderdesk-store:store-gone'");
        }
        // Many threads at once, so that Bucket4j batches their requests against the missing bucket.
        CyclicBarrier together = new CyclicBarrier(30);
        try (ExecutorService threads = Executors.newFixedThreadPool(30)) {
            List<Future<?>> requests = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                requests.add(threads.submit(() -> {
                    together.await();
                    gate.admit("store-gone");
                    return null;
                }));
            }
            for (Future<?> request : requests) {
                request.get();
            }
        }
        try (Connection db = database.getConnection();
             var rows = db.createStatement().executeQuery(
                     "SELECT count(*) FROM rate_limit_bucket WHERE id = 'orderdesk-store:store-gone'")) {
            rows.next();
            assertThat(rows.getInt(1)).isEqualTo(1);
        }
    }

    @Test
    void storesHaveBudgetsOfTheirOwn() throws Exception {
        SharedRateLimit gate = new SharedRateLimit(database, new SharedRateLimit.Limit(5, 0.001),
                Map.of("big-store", new SharedRateLimit.Limit(50, 0.001)));
        // Nothing waits: each store spends only its own burst. Were the budgets shared, an admit would wait
        // for a token refilled at 0.001 per second, for hours; the timeout interrupts it and fails instead.
        assertTimeoutPreemptively(Duration.ofSeconds(15), () -> {
            for (int i = 0; i < 5; i++) {
                gate.admit("store-a");
                gate.admit("store-b");
            }
            for (int i = 0; i < 50; i++) {
                gate.admit("big-store");
            }
        }, "an admit waited: the stores do not have budgets of their own");
        // And each burst is spent to the last token (read through Bucket4j itself, from the rows in PostgreSQL).
        var buckets = Bucket4jPostgreSQL.advisoryLockBasedBuilder(database).primaryKeyMapper(PrimaryKeyMapper.STRING)
                .table("rate_limit_bucket").build();
        for (String store : List.of("store-a", "store-b", "big-store")) {
            assertThat(buckets.getProxyConfiguration("orderdesk-store:" + store)).as(store).isPresent();
            assertThat(buckets.builder().build("orderdesk-store:" + store, () -> {
                throw new AssertionError("no bucket for " + store);
            }).getAvailableTokens()).as(store).isZero();
        }
        assertThat(buckets.getProxyConfiguration("orderdesk-store:big-store").orElseThrow().getBandwidths()[0].getCapacity())
                .isEqualTo(50);
        assertThat(buckets.getProxyConfiguration("orderdesk-store:store-a").orElseThrow().getBandwidths()[0].getCapacity())
                .isEqualTo(5);
    }

    /** The test database, counting the connections taken from it (Bucket4j takes one per transaction). */
    private static final class CountingDataSource {
        private final AtomicInteger taken = new AtomicInteger();
        private final DataSource proxy;

        CountingDataSource(DataSource target) {
            proxy = (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[]{DataSource.class},
                    (self, method, args) -> {
                        if (method.getName().equals("getConnection")) {
                            taken.incrementAndGet();
                        }
                        try {
                            return method.invoke(target, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }

        int connections() {
            return taken.get();
        }
    }
}
