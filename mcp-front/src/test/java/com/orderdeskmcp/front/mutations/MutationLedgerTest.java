package com.orderdeskmcp.front.mutations;

import com.orderdeskmcp.front.tenants.OperatorCli;
import com.orderdeskmcp.infra.InfrastructureExtension;
import com.orderdeskmcp.infra.TestInfrastructure;
import com.orderdeskmcp.model.audit.EventStoreSchema;
import com.orderdeskmcp.model.audit.HashChain;
import com.orderdeskmcp.model.json.JsonCodec;
import com.orderdeskmcp.model.mutation.MutationEvent;
import com.orderdeskmcp.model.mutation.MutationHeader;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.PostgresEventTableFactory;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The front reads the worker's ledger in each shape a worker may have left it, so fronts and workers
 * can be upgraded in either order: no ledger yet, rows that keep a copy of their event (a worker from
 * before its migration V2), and rows that name their event in the event store.
 */
@ExtendWith(InfrastructureExtension.class)
class MutationLedgerTest {

    @Test
    void outcomesAreReadFromEachShapeOfTheWorkersLedger() {
        TestInfrastructure infra = InfrastructureExtension.get();
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(infra.newDatabase("front_ledger"));
        dataSource.setUser(infra.jdbcUsername());
        dataSource.setPassword(infra.jdbcPassword());
        OperatorCli.migrate(dataSource);
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        MutationLedger ledger = new MutationLedger(jdbc);
        MutationEvent copied = event("copied");
        MutationEvent named = event("named");

        assertThat(ledger.outcome("t1", copied.mutationId())).as("no worker has started yet").isEmpty();

        // A worker from before V2: its ledger keeps the event's JSON in the row.
        jdbc.execute("""
                CREATE TABLE public.processed_mutation (
                    mutation_id VARCHAR(100) PRIMARY KEY, tenant_id VARCHAR(100) NOT NULL,
                    store_id VARCHAR(100) NOT NULL, subject VARCHAR(200) NOT NULL, outcome VARCHAR(40) NOT NULL,
                    event_json TEXT NOT NULL, recorded_at TIMESTAMPTZ NOT NULL)""");
        jdbc.update("INSERT INTO public.processed_mutation VALUES (?, 't1', 's1', '100', 'OrderMutated', ?, now())",
                copied.mutationId(), EventStoreSchema.canonical(copied));
        assertThat(ledger.outcome("t1", copied.mutationId())).map(EventStoreSchema::canonical)
                .contains(EventStoreSchema.canonical(copied));

        // The worker upgraded (its migration V2): new rows name the stored event, old rows keep their copy.
        var transactions = new DataSourceTransactionManager(dataSource);
        JdbcEventStorageEngine engine = EventStoreSchema.storageEngine(
                new SpringDataSourceConnectionProvider(dataSource), new SpringTransactionManager(transactions),
                EventStoreSchema.serializer()).build();
        engine.createSchema(PostgresEventTableFactory.INSTANCE);
        jdbc.execute("ALTER TABLE public.processed_mutation ADD COLUMN event_identifier VARCHAR(255)");
        jdbc.execute("ALTER TABLE public.processed_mutation ALTER COLUMN event_json DROP NOT NULL");
        String identifier = UUID.randomUUID().toString();
        new TransactionTemplate(transactions).executeWithoutResult(status -> {
            jdbc.update("""
                    INSERT INTO public.processed_mutation (mutation_id, tenant_id, store_id, subject, outcome,
                      event_identifier, recorded_at) VALUES (?, 't1', 's1', '100', 'OrderMutated', ?, now())""",
                    named.mutationId(), identifier);
            engine.appendEvents(EventStoreSchema.chained(named, EventStoreSchema.canonical(named), 0,
                    HashChain.GENESIS, identifier));
        });

        assertThat(ledger.outcome("t1", named.mutationId())).map(EventStoreSchema::canonical)
                .contains(EventStoreSchema.canonical(named));
        assertThat(ledger.outcome("t1", copied.mutationId())).map(EventStoreSchema::canonical)
                .contains(EventStoreSchema.canonical(copied));
        assertThat(ledger.outcome("t2", named.mutationId())).as("another tenant's").isEmpty();
        assertThat(jdbc.queryForObject("SELECT event_json FROM public.processed_mutation WHERE mutation_id = ?",
                String.class, named.mutationId())).isNull();
    }

    private static MutationEvent event(String email) {
        var order = JsonCodec.object().put("id", "100").put("email", email + "@example.org");
        return new MutationEvent.OrderMutated(new MutationHeader(UUID.randomUUID().toString(), "t1", "s1", null,
                "odm_test", Instant.parse("2026-11-28T10:00:00Z")), "100", JsonCodec.object().put("email",
                email + "@example.org"), order, order, List.of(), Instant.parse("2026-11-28T10:00:01Z"), List.of(),
                List.of());
    }
}
