package com.orderdeskmcp.worker.audit;

import com.orderdeskmcp.model.json.JsonCodec;
import com.orderdeskmcp.model.mutation.MutationEvent;
import com.orderdeskmcp.model.audit.EventStoreSchema;
import com.orderdeskmcp.model.audit.HashChain;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.util.Optional;

/**
 * Records a mutation's terminal event: one row in the ledger of processed mutations and one event
 * in the order's stream, in one transaction. Each event carries, in its metadata, its link in the
 * stream's hash chain ({@link HashChain}), so that an auditor can tell whether anything was altered.
 * The ledger's primary key is what makes a redelivered command a no-op: the second recording finds
 * the first and returns it instead.
 */
@Component
public class EventRecorder {

    private final EventStore eventStore;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;

    public EventRecorder(EventStore eventStore, JdbcTemplate jdbc, PlatformTransactionManager transactionManager) {
        this.eventStore = eventStore;
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactionManager);
    }

    /** The chain hash of the stream's newest event (kept in the event's metadata). */
    private String lastHash(String stream) {
        String metadata = jdbc.queryForObject("SELECT convert_from(meta_data, 'UTF8') FROM domain_event_entry "
                + "WHERE aggregate_identifier = ? ORDER BY sequence_number DESC LIMIT 1", String.class, stream);
        return JsonCodec.tree(metadata).path("hash").asText(HashChain.GENESIS);
    }

    /** The terminal event already recorded for this mutation, if any. */
    public Optional<MutationEvent> recorded(String mutationId) {
        return jdbc.query("SELECT event_json FROM processed_mutation WHERE mutation_id = ?",
                        (rs, row) -> rs.getString(1), mutationId)
                .stream().findFirst().map(json -> JsonCodec.decode(json, MutationEvent.class));
    }

    /** Records {@code event}, or returns the event recorded earlier for the same mutation. */
    public MutationEvent record(MutationEvent event) {
        return transaction.execute(status -> {
            int inserted = jdbc.update("""
                            INSERT INTO processed_mutation
                              (mutation_id, tenant_id, store_id, subject, outcome, event_json, recorded_at)
                            VALUES (?, ?, ?, ?, ?, ?, ?)
                            ON CONFLICT (mutation_id) DO NOTHING""",
                    event.mutationId(), event.header().tenantId(), event.header().storeId(), event.subject(),
                    event.getClass().getSimpleName(), JsonCodec.encode(event), Timestamp.from(event.completedAt()));
            if (inserted == 0) {
                return recorded(event.mutationId()).orElseThrow();
            }
            // Finished: a redelivery will find the ledger row; the started mark has done its job.
            jdbc.update("DELETE FROM mutation_started WHERE mutation_id = ?", event.mutationId());
            String stream = event.key().value();
            long next = eventStore.lastSequenceNumberFor(stream).map(last -> last + 1).orElse(0L);
            String previous = next == 0 ? HashChain.GENESIS : lastHash(stream);
            eventStore.publish(EventStoreSchema.chained(event, next, previous));
            return event;
        });
    }
}
