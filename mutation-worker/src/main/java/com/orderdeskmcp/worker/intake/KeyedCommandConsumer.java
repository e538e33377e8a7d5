package com.orderdeskmcp.worker.intake;

import com.orderdeskmcp.model.kafka.StreamKey;
import com.orderdeskmcp.model.kafka.Topics;
import com.orderdeskmcp.worker.WorkerProperties;
import com.orderdeskmcp.worker.commands.CommandBatchRunner;
import com.orderdeskmcp.worker.metrics.WorkerMetrics;
import io.micrometer.core.instrument.Gauge;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Consumes the command topic with per-key ordering and cross-key parallelism.
 * <ul>
 *   <li>One thread polls; records go to {@link KeyedQueues}, which runs each key's records one
 *       after another on virtual threads while other keys proceed.</li>
 *   <li>Offsets are committed, from the polling thread, only up to the oldest record not finished
 *       (terminal event recorded and outcome published): a crash loses nothing. At most every
 *       {@code worker.commit-interval}, so that a busy worker does not commit after every poll.</li>
 *   <li>In-flight records are bounded by number and by size, and shared fairly between stores
 *       ({@link FairIntake}): a store past its share has its records parked, so that its backlog
 *       does not hold up other stores' orders on the same partitions. Once the parked records take
 *       {@code worker.max-parked-size}, the partitions are paused.</li>
 *   <li>On a rebalance or shutdown, records not yet started are handed back (left uncommitted) and
 *       the running ones are allowed to finish before the final commit.</li>
 * </ul>
 */
@Component
public class KeyedCommandConsumer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(KeyedCommandConsumer.class);
    private static final Duration POLL = Duration.ofMillis(100);

    private final ConsumerFactory<String, String> consumerFactory;
    private final CommandBatchRunner runner;
    private final WorkerProperties properties;
    private final Map<TopicPartition, OffsetTracker> trackers = new ConcurrentHashMap<>();
    private final FairIntake<ConsumerRecord<String, String>> intake;
    /**
     * One virtual thread per key being worked on. Never shut down: stop() ends the poll loop, after
     * which nothing new is started, and a consumer stopped and started again (Spring may do so to
     * an application context) needs it again.
     */
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final KeyedQueues queues;
    private volatile Consumer<String, String> consumer;
    private volatile Thread poller;
    private volatile boolean running;

    private final WorkerMetrics metrics;
    private final ApplicationEventPublisher events;

    public KeyedCommandConsumer(ConsumerFactory<String, String> consumerFactory, CommandBatchRunner runner,
                                WorkerProperties properties, WorkerMetrics metrics, ApplicationEventPublisher events) {
        this.metrics = metrics;
        this.events = events;
        this.consumerFactory = consumerFactory;
        this.runner = runner;
        this.properties = properties;
        this.queues = new KeyedQueues(workers, runner::batchSize, runner::run, this::finished);
        FairIntake.Bounds bounds = new FairIntake.Bounds(properties.maxInFlight(),
                properties.maxInFlightSize().toBytes(), properties.maxParkedSize().toBytes(),
                properties.storeConcurrency());
        this.intake = new FairIntake<>(bounds, KeyedCommandConsumer::storeOf, KeyedCommandConsumer::sizeOf,
                queues::add);
        Gauge.builder("orderdesk.commands.parked", intake, FairIntake::parked)
                .description("commands taken from Kafka and held back: their store has its share in flight, or"
                        + " they do not fit in the in-flight size bound yet")
                .register(metrics.registry());
    }

    @Override
    public void start() {
        running = true;
        consumer = consumerFactory.createConsumer();
        poller = Thread.ofPlatform().name("command-poller").start(this::pollLoop);
    }

    private void pollLoop() {
        consumer.subscribe(List.of(Topics.COMMANDS), new Rebalance());
        long interval = properties.commitInterval().toNanos();
        long lastCommit = System.nanoTime();
        try {
            while (running) {
                for (ConsumerRecord<String, String> record : consumer.poll(POLL)) {
                    trackers.computeIfAbsent(new TopicPartition(record.topic(), record.partition()),
                            this::track).started(record.offset());
                    intake.offer(record);
                }
                if (System.nanoTime() - lastCommit >= interval) {
                    commitFinished(trackers.keySet());
                    lastCommit = System.nanoTime();
                }
                applyBackpressure();
            }
        } catch (WakeupException e) {
            // stop() asked us to end
        } catch (RuntimeException e) {
            // Nothing is lost (unfinished records stay uncommitted), but this worker no longer
            // consumes: say so to the liveness probe, so that the orchestrator restarts it.
            log.error("the command consumer stopped on an unexpected error; records not finished stay uncommitted", e);
            AvailabilityChangeEvent.publish(events, this, LivenessState.BROKEN);
        } finally {
            handBack(consumer.assignment());
            consumer.close(Duration.ofSeconds(10));
        }
    }

    private OffsetTracker track(TopicPartition partition) {
        OffsetTracker tracker = new OffsetTracker();
        Gauge.builder("orderdesk.commands.in_flight", tracker, OffsetTracker::unfinishedCount)
                .description("commands taken from Kafka and not finished")
                .tag("partition", partition.toString())
                .register(metrics.registry());
        return tracker;
    }

    private void untrack(TopicPartition partition) {
        trackers.remove(partition);
        metrics.registry().find("orderdesk.commands.in_flight").tag("partition", partition.toString()).gauges()
                .forEach(metrics.registry()::remove);
    }

    private void applyBackpressure() {
        Set<TopicPartition> assigned = consumer.assignment();
        if (intake.full()) {
            consumer.pause(assigned);
        } else if (!consumer.paused().isEmpty()) {
            consumer.resume(consumer.paused());
        }
    }

    private void finished(ConsumerRecord<String, String> record) {
        OffsetTracker tracker = trackers.get(new TopicPartition(record.topic(), record.partition()));
        if (tracker != null) {
            tracker.finished(record.offset());
        }
        intake.finished(record);
    }

    private void commitFinished(Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
        for (TopicPartition partition : partitions) {
            OffsetTracker tracker = trackers.get(partition);
            if (tracker != null) {
                tracker.toCommit().ifPresent(position -> commits.put(partition, new OffsetAndMetadata(position)));
            }
        }
        if (!commits.isEmpty()) {
            consumer.commitSync(commits);
            commits.forEach((partition, offset) -> trackers.get(partition).committedAt(offset.offset()));
        }
    }

    /**
     * Gives partitions up cleanly: withdraw what has not started, let what runs finish (bounded
     * by {@code worker.shutdown-grace}), commit what finished, forget the rest.
     */
    private void handBack(Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        List<ConsumerRecord<String, String>> withdrawn = withdraw(partitions);
        long deadline = System.nanoTime() + properties.shutdownGrace().toNanos();
        for (TopicPartition partition : partitions) {
            OffsetTracker tracker = trackers.get(partition);
            while (tracker != null && tracker.unfinishedCount() > withdrawnFrom(withdrawn, partition)
                    && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        try {
            commitFinished(partitions);
        } catch (RuntimeException e) {
            log.warn("could not commit on hand-back of {}: {}; the records will be delivered again and found in the ledger",
                    partitions, e.toString());
        }
        partitions.forEach(this::untrack);
        log.info("handed back {} ({} records not started left for the next owner)", partitions, withdrawn.size());
    }

    /** Takes back the records of these partitions that have not started, admitted or parked. */
    private List<ConsumerRecord<String, String>> withdraw(Collection<TopicPartition> partitions) {
        return intake.withdraw(r -> partitions.contains(new TopicPartition(r.topic(), r.partition())),
                () -> queues.withdraw(partitions));
    }

    /** The store part of a record's key; a malformed key is a store of its own. */
    static String storeOf(ConsumerRecord<String, String> record) {
        return StreamKey.storeIdOf(record.key() == null ? "" : record.key());
    }

    /** About the heap a taken record holds: its key and value, and a fixed allowance for the rest. */
    static long sizeOf(ConsumerRecord<String, String> record) {
        return Math.max(0, record.serializedKeySize()) + Math.max(0, record.serializedValueSize()) + 256;
    }

    private static long withdrawnFrom(List<ConsumerRecord<String, String>> withdrawn, TopicPartition partition) {
        return withdrawn.stream().filter(r -> r.partition() == partition.partition()
                && r.topic().equals(partition.topic())).count();
    }

    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            // Only those not handed back yet: closing the consumer revokes again what stop() gave up.
            handBack(partitions.stream().filter(trackers::containsKey).toList());
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            log.info("assigned {}", partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            // Someone else owns them already: nothing may be committed; the ledger absorbs redeliveries.
            withdraw(partitions);
            partitions.forEach(KeyedCommandConsumer.this::untrack);
        }
    }

    @Override
    public void stop() {
        running = false;
        Thread thread = poller;
        if (thread != null) {
            try {
                thread.join(properties.shutdownGrace().plusSeconds(15));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stop before the Kafka producer and the database pool go away. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 100;
    }
}
