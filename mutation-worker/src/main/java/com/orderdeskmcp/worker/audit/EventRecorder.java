package com.orderdeskmcp.worker.audit;

import com.orderdeskmcp.model.audit.EventStoreSchema;
import com.orderdeskmcp.model.audit.HashChain;
import com.orderdeskmcp.model.json.JsonCodec;
import com.orderdeskmcp.model.mutation.MutationEvent;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Records mutations' terminal events: for each, one row in the ledger of processed mutations and
 * one event in its stream, all in one transaction. Each event carries, in its metadata, its link in
 * the stream's hash chain ({@link HashChain}), so that an auditor can tell whether anything was
 * altered. The ledger's primary key is what makes a redelivered command a no-op: recording it again
 * finds the first record and returns that instead.
 */
@Component
public class EventRecorder {

    /** A terminal event as recorded, and its JSON (the stored payload, also what is published). */
    public record Recorded(MutationEvent event, String json) {
    }

    private final EventStore eventStore;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;

    public EventRecorder(EventStore eventStore, JdbcTemplate jdbc, PlatformTransactionManager transactionManager) {
        this.eventStore = eventStore;
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactionManager);
    }

    /** The terminal event already recorded for this mutation, if any. */
    public Optional<Recorded> recorded(String mutationId) {
        return jdbc.query("SELECT " + EventStoreSchema.LEDGER_EVENT_JSON + " FROM processed_mutation p"
                                + EventStoreSchema.LEDGER_JOIN_EVENT + "WHERE p.mutation_id = ?",
                        (rs, row) -> rs.getString(1), mutationId)
                .stream().findFirst().map(json -> new Recorded(JsonCodec.decode(json, MutationEvent.class), json));
    }

    /**
     * Records {@code events} in one transaction, in the order given (events of one stream chain in
     * that order). An event whose mutation was recorded before is not recorded again: the earlier
     * record is returned in its place.
     */
    public List<Recorded> recordAll(List<MutationEvent> events) {
        return transaction.execute(status -> {
            // One encoding per event, the canonical one: what the hash covers, the stored payload and
            // the published outcome are the same text. The ledger row names the event by an identifier
            // chosen here, so that it is written before the event and without a copy of it.
            List<String> jsons = events.stream().map(EventStoreSchema::canonical).toList();
            List<String> identifiers = events.stream().map(e -> UUID.randomUUID().toString()).toList();
            List<Object[]> rows = new ArrayList<>();
            for (int i = 0; i < events.size(); i++) {
                MutationEvent event = events.get(i);
                rows.add(new Object[]{event.mutationId(), event.header().tenantId(), event.header().storeId(),
                        event.subject(), event.getClass().getSimpleName(), identifiers.get(i),
                        Timestamp.from(event.completedAt())});
            }
            int[] inserted = jdbc.batchUpdate("""
                    INSERT INTO processed_mutation
                      (mutation_id, tenant_id, store_id, subject, outcome, event_identifier, recorded_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (mutation_id) DO NOTHING""", rows);
            List<Recorded> result = new ArrayList<>();
            List<Integer> fresh = new ArrayList<>();
            Map<String, Recorded> recordedHere = new HashMap<>();
            for (int i = 0; i < events.size(); i++) {
                String mutationId = events.get(i).mutationId();
                if (inserted[i] == 0) {
                    // Recorded before, or earlier in this group (its event is not stored yet).
                    Recorded earlier = recordedHere.get(mutationId);
                    result.add(earlier != null ? earlier : recorded(mutationId).orElseThrow());
                } else {
                    Recorded recorded = new Recorded(events.get(i), jsons.get(i));
                    recordedHere.put(mutationId, recorded);
                    result.add(recorded);
                    fresh.add(i);
                }
            }
            if (fresh.isEmpty()) {
                return result;
            }
            // Finished: a redelivery will find the ledger row; the started marks have done their job.
            jdbc.batchUpdate("DELETE FROM mutation_started WHERE mutation_id = ?",
                    fresh.stream().map(i -> new Object[]{events.get(i).mutationId()}).toList());
            Map<String, Head> heads = heads(fresh.stream().map(i -> events.get(i).key().value()).toList());
            List<DomainEventMessage<?>> chained = new ArrayList<>();
            for (int i : fresh) {
                MutationEvent event = events.get(i);
                String stream = event.key().value();
                Head head = heads.getOrDefault(stream, Head.EMPTY);
                var message = EventStoreSchema.chained(event, jsons.get(i), head.sequence() + 1, head.hash(),
                        identifiers.get(i));
                heads.put(stream, new Head(message.getSequenceNumber(), (String) message.getMetaData().get("hash")));
                chained.add(message);
            }
            eventStore.publish(chained);
            return result;
        });
    }

    /** The newest event of each stream: its sequence number and chain hash (kept in its metadata). */
    private Map<String, Head> heads(List<String> streams) {
        Map<String, Head> heads = new HashMap<>();
        String[] distinct = new LinkedHashSet<>(streams).toArray(String[]::new);
        jdbc.query("""
                SELECT DISTINCT ON (aggregate_identifier) aggregate_identifier, sequence_number,
                       convert_from(meta_data, 'UTF8')
                FROM domain_event_entry WHERE aggregate_identifier = ANY (?)
                ORDER BY aggregate_identifier, sequence_number DESC""", rs -> {
            heads.put(rs.getString(1), new Head(rs.getLong(2),
                    JsonCodec.tree(rs.getString(3)).path("hash").asText(HashChain.GENESIS)));
        }, (Object) distinct);
        return heads;
    }

    private record Head(long sequence, String hash) {
        static final Head EMPTY = new Head(-1, HashChain.GENESIS);
    }
}
