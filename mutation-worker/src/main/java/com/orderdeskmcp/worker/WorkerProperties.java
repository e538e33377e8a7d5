package com.orderdeskmcp.worker;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

import java.time.Duration;
import java.util.List;


/**
 * Settings under {@code worker.*}.
 *
 * @param retryBackoff     the waits before each retry of a conflicting (409) or transiently failing
 *                         update; its length is the number of retries (default 0.5, 1, 2, 4, 8 s)
 * @param rateLimitMaxWait the longest a mutation waits in all for OrderDesk's rate limit (429) before
 *                         it is recorded as failed
 * @param publishTimeout   how long to wait for Kafka to acknowledge an outcome
 * @param maxInFlight      commands taken from Kafka and started or queued behind their order, at most
 *                         (backpressure); shared fairly between stores
 * @param maxInFlightSize  how much memory those commands may take, about (key and value plus 256
 *                         bytes each): large commands (a bulk of shipments) then run fewer at once;
 *                         one larger than this runs alone
 * @param maxParkedSize    how much memory commands taken from Kafka but held back (their store has
 *                         its share of maxInFlight already) may take, about (key and value plus 256
 *                         bytes each): how far one store's backlog can run ahead of other stores'
 *                         orders before they wait for it too; 0 holds nothing back beyond one poll
 * @param maxCoalesced     queued updates of one order applied with one fetch and one PUT, at most
 * @param shutdownGrace    how long running mutations may take to finish on shutdown or rebalance
 * @param storeConcurrency orders of one store this worker carries out at once, at most (the store's
 *                         rate limit is the bottleneck anyway; see StorePermits)
 * @param commitInterval   how often finished offsets are committed to Kafka, at most (each commit is
 *                         a round trip and a write on the broker; a crash redelivers at most this
 *                         much more, and the ledger turns redeliveries into no-ops)
 */
@ConfigurationProperties("worker")
public record WorkerProperties(List<Duration> retryBackoff, Duration rateLimitMaxWait, Duration publishTimeout,
                               Integer maxInFlight, DataSize maxInFlightSize, DataSize maxParkedSize,
                               Integer maxCoalesced, Duration shutdownGrace, Integer storeConcurrency,
                               Duration commitInterval) {

    public WorkerProperties {
        retryBackoff = retryBackoff == null || retryBackoff.isEmpty()
                ? List.of(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4),
                Duration.ofSeconds(8))
                : List.copyOf(retryBackoff);
        rateLimitMaxWait = rateLimitMaxWait == null ? Duration.ofSeconds(60) : rateLimitMaxWait;
        publishTimeout = publishTimeout == null ? Duration.ofSeconds(30) : publishTimeout;
        maxInFlight = maxInFlight == null ? 1_000 : maxInFlight;
        maxInFlightSize = maxInFlightSize == null ? DataSize.ofMegabytes(64) : maxInFlightSize;
        maxParkedSize = maxParkedSize == null ? DataSize.ofMegabytes(16) : maxParkedSize;
        maxCoalesced = maxCoalesced == null ? 50 : maxCoalesced;
        shutdownGrace = shutdownGrace == null ? Duration.ofSeconds(30) : shutdownGrace;
        storeConcurrency = storeConcurrency == null ? 4 : storeConcurrency;
        commitInterval = commitInterval == null ? Duration.ofMillis(200) : commitInterval;
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("worker.max-in-flight must be at least 1");
        }
        if (maxInFlightSize.toBytes() < 1) {
            throw new IllegalArgumentException("worker.max-in-flight-size must be at least 1B");
        }
        if (maxParkedSize.isNegative()) {
            throw new IllegalArgumentException("worker.max-parked-size must not be negative");
        }
        if (storeConcurrency < 1) {
            throw new IllegalArgumentException("worker.store-concurrency must be at least 1");
        }
    }
}
