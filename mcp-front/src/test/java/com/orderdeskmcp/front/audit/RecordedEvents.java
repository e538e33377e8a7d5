package com.orderdeskmcp.front.audit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.orderdeskmcp.front.mutations.MutationLedger;
import com.orderdeskmcp.model.audit.EventStoreSchema;
import com.orderdeskmcp.model.audit.HashChain;
import com.orderdeskmcp.model.json.JsonCodec;
import com.orderdeskmcp.model.mutation.Attempt;
import com.orderdeskmcp.model.mutation.MutationCommand;
import com.orderdeskmcp.model.mutation.MutationEvent;
import com.orderdeskmcp.model.mutation.MutationHeader;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.PostgresEventTableFactory;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Writes terminal events the way the worker's EventRecorder does (the shared EventStoreSchema, an
 * Axon JDBC storage engine, the hash chain linked to the stream's last event, one transaction), and
 * accepts the command the way the front does (MutationLedger), so the audit code under test reads
 * exactly what production writes. Creates the worker's event tables with Axon's PostgreSQL DDL when
 * asked, since the worker's Flyway migration is not on the front's class path.
 */
final class RecordedEvents {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final JdbcEventStorageEngine engine;
    private final MutationLedger ledger;

    RecordedEvents(DataSource dataSource, PlatformTransactionManager transactions, MutationLedger ledger) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.transaction = new TransactionTemplate(transactions);
        this.ledger = ledger;
        this.engine = EventStoreSchema.storageEngine(new SpringDataSourceConnectionProvider(dataSource),
                new SpringTransactionManager(transactions), EventStoreSchema.serializer()).build();
    }

    boolean tablesExist() {
        return Boolean.TRUE.equals(jdbc.queryForObject("SELECT to_regclass('public.domain_event_entry') IS NOT NULL",
                Boolean.class));
    }

    void createTables() {
        if (!tablesExist()) {
            engine.createSchema(PostgresEventTableFactory.INSTANCE);
        }
    }

    static MutationHeader header(String tenant, String store, Instant acceptedAt) {
        return new MutationHeader(UUID.randomUUID().toString(), tenant, store, null, "odm_test" + tenant.hashCode() % 100,
                acceptedAt);
    }

    /** The front accepted the command and Kafka took it (queued). */
    void accept(MutationCommand command) {
        ledger.accept(command, "0".repeat(64));
        ledger.markQueued(command.mutationId());
    }

    /** The worker's terminal event, appended to its stream as EventRecorder appends it. */
    MutationEvent record(MutationEvent event) {
        transaction.executeWithoutResult(status -> {
            String stream = event.key().value();
            long next = engine.lastSequenceNumberFor(stream).map(last -> last + 1).orElse(0L);
            String previous = next == 0 ? HashChain.GENESIS : JsonCodec.tree(jdbc.queryForObject(
                    "SELECT convert_from(meta_data, 'UTF8') FROM domain_event_entry WHERE aggregate_identifier = ? "
                            + "ORDER BY sequence_number DESC LIMIT 1", String.class, stream)).path("hash").asText();
            engine.appendEvents(EventStoreSchema.chained(event, next, previous));
        });
        return event;
    }

    /** An update accepted and applied: the order afterwards is {@code after}. */
    MutationEvent.OrderMutated update(MutationHeader header, String orderId, ObjectNode changes, ObjectNode after) {
        accept(new MutationCommand.UpdateOrder(header, orderId, changes));
        return (MutationEvent.OrderMutated) record(new MutationEvent.OrderMutated(header, orderId, changes, after, after,
                attempts(200, "ok"), header.acceptedAt().plusMillis(40), List.of(), null)); // as written before changes were recorded
    }

    MutationEvent.OrderCreated create(MutationHeader header, String orderId, ObjectNode order) {
        accept(new MutationCommand.CreateOrder(header, order));
        return (MutationEvent.OrderCreated) record(new MutationEvent.OrderCreated(header, orderId, order, order,
                order.deepCopy().put("id", orderId), attempts(201, "ok"), header.acceptedAt().plusMillis(40)));
    }

    /** A note added as the worker records it: OrderDesk answers with the order's history, not the whole order. */
    MutationEvent.OrderNoteAdded note(MutationHeader header, String orderId, String text) {
        accept(new MutationCommand.AddOrderNote(header, orderId, text, "API"));
        ObjectNode sent = JsonCodec.object().put("note", text).put("source_name", "API");
        return (MutationEvent.OrderNoteAdded) record(new MutationEvent.OrderNoteAdded(header, orderId, sent, sent,
                JsonCodec.mapper().createArrayNode().add(sent.deepCopy().put("date_added", "2026-11-28 10:00:00")),
                attempts(200, "ok"), header.acceptedAt().plusMillis(40)));
    }

    MutationEvent.MutationRejected reject(MutationHeader header, String orderId, ObjectNode changes) {
        return reject(header, orderId, changes, "invalid email");
    }

    MutationEvent.MutationRejected reject(MutationHeader header, String orderId, ObjectNode changes, String reason) {
        accept(new MutationCommand.UpdateOrder(header, orderId, changes));
        return (MutationEvent.MutationRejected) record(new MutationEvent.MutationRejected(header, "UpdateOrder",
                orderId, changes, 422, reason, attempts(422, "rejected"), header.acceptedAt().plusMillis(40)));
    }

    static List<Attempt> attempts(int status, String outcome) {
        return List.of(new Attempt(1, "GET /orders/{id}", Instant.now(), 12, 200, "ok"),
                new Attempt(2, "PUT /orders/{id}", Instant.now(), 15, status, outcome));
    }

    static ObjectNode json(String text) {
        return (ObjectNode) JsonCodec.tree(text.replace('\'', '"'));
    }
}
