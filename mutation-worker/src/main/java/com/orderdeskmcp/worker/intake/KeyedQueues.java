package com.orderdeskmcp.worker.intake;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Runs the records of one key strictly one batch after another, in offset order, while different
 * keys run in parallel: a key that is retrying or waiting for the rate limit holds up only itself,
 * not the rest of its partition. A batch is the longest run at the head of a key's queue that
 * {@link BatchPolicy} allows to go together (consecutive order updates, for coalescing).
 */
final class KeyedQueues {

    /** Decides how many records from the head of a key's queue go in one batch (at least one). */
    interface BatchPolicy {
        int batchSize(List<ConsumerRecord<String, String>> queued);
    }

    /** Runs one batch; called on a worker thread; returns only when every record of it is finished. */
    interface BatchRunner {
        void run(List<ConsumerRecord<String, String>> batch);
    }

    private final Executor executor;
    private final BatchPolicy policy;
    private final BatchRunner runner;
    private final Consumer<ConsumerRecord<String, String>> finished;
    /** A key's queue; its first {@code running} records are the batch being run right now. */
    private static final class KeyState {
        final Deque<ConsumerRecord<String, String>> queue = new ArrayDeque<>();
        int running;
    }

    private final Map<String, KeyState> queues = new HashMap<>();

    KeyedQueues(Executor executor, BatchPolicy policy, BatchRunner runner,
                Consumer<ConsumerRecord<String, String>> finished) {
        this.executor = executor;
        this.policy = policy;
        this.runner = runner;
        this.finished = finished;
    }

    /** Queues a record; starts a drainer for its key when none is running. */
    void add(ConsumerRecord<String, String> record) {
        String key = record.key() == null ? "" : record.key();
        boolean start;
        synchronized (this) {
            KeyState state = queues.get(key);
            start = state == null;
            if (start) {
                state = new KeyState();
                queues.put(key, state);
            }
            state.queue.addLast(record);
        }
        if (start) {
            executor.execute(() -> drain(key));
        }
    }

    /**
     * Takes back the records of these partitions that have not started (a rebalance or shutdown):
     * they stay uncommitted, so whoever owns the partition next receives them again.
     */
    synchronized List<ConsumerRecord<String, String>> withdraw(Collection<TopicPartition> partitions) {
        List<ConsumerRecord<String, String>> withdrawn = new ArrayList<>();
        for (KeyState state : queues.values()) {
            Iterator<ConsumerRecord<String, String>> it = state.queue.iterator();
            int position = 0;
            while (it.hasNext()) {
                ConsumerRecord<String, String> record = it.next();
                // The running batch finishes on its own; only what has not started is taken back.
                if (position++ >= state.running
                        && partitions.contains(new TopicPartition(record.topic(), record.partition()))) {
                    it.remove();
                    withdrawn.add(record);
                }
            }
        }
        return withdrawn;
    }

    private void drain(String key) {
        while (true) {
            List<ConsumerRecord<String, String>> batch;
            synchronized (this) {
                KeyState state = queues.get(key);
                if (state.queue.isEmpty()) {
                    queues.remove(key);
                    return;
                }
                List<ConsumerRecord<String, String>> queued = List.copyOf(state.queue);
                int size = Math.max(1, Math.min(queued.size(), policy.batchSize(queued)));
                batch = queued.subList(0, size);
                state.running = size;
            }
            runner.run(batch);
            synchronized (this) {
                KeyState state = queues.get(key);
                for (int i = 0; i < batch.size(); i++) {
                    state.queue.pollFirst();
                }
                state.running = 0;
            }
            batch.forEach(finished);
        }
    }
}
