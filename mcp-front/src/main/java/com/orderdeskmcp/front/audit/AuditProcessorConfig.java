package com.orderdeskmcp.front.audit;

import com.orderdeskmcp.model.audit.EventStoreSchema;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.statements.JdbcEventStorageEngineStatements;
import org.axonframework.serialization.Serializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.postgresql.PGStatement;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

import javax.sql.DataSource;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * The audit read model's event processor, wired by hand (no Axon auto-configuration in the front):
 * a pooled streaming processor that reads the worker's event store through the shared
 * {@link EventStoreSchema}, keeps its tokens (one per segment) in {@code front.token_entry}, and runs
 * every batch in the Spring transaction that also writes the read model, so token and rows commit
 * together.
 */
@Configuration(proxyBeanMethods = false)
class AuditProcessorConfig {

    @Bean
    AuditEventStore auditEventStore(DataSource dataSource, PlatformTransactionManager transactions,
                                    JdbcTemplate jdbc, AuditProperties properties) {
        TransactionManager axonTransactions = new SpringTransactionManager(transactions);
        ConnectionProvider connections = new SpringDataSourceConnectionProvider(dataSource);
        Serializer serializer = EventStoreSchema.serializer();
        // One serializer for the engine and the projection: the projection then reads the stored bytes as
        // they are (AuditProjection), where another instance would make Axon decode and re-encode each payload.
        JdbcEventStorageEngine engine = EventStoreSchema.storageEngine(connections, axonTransactions, serializer)
                .batchSize(properties.batchSize())
                .readEventDataWithoutGaps((connection, schema, index, size) -> binary(
                        JdbcEventStorageEngineStatements.readEventDataWithoutGaps(connection, schema, index, size)))
                .readEventDataWithGaps((connection, schema, index, size, gaps) -> binary(
                        JdbcEventStorageEngineStatements.readEventDataWithGaps(connection, schema, index, size, gaps)))
                .build();
        EmbeddedEventStore events = EmbeddedEventStore.builder().storageEngine(engine).build();
        // Who holds a segment (token_entry.owner): Axon's default is pid@host, which two fronts in one JVM
        // (a test) would share; a suffix per application context keeps every front a claimant of its own.
        String node = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8);
        JdbcTokenStore tokens = JdbcTokenStore.builder().connectionProvider(connections).serializer(serializer)
                .schema(EventStoreSchema.tokenSchema("front.token_entry")).contentType(byte[].class).nodeId(node).build();
        // A pooled streaming processor: one reader of the event store hands the events to the
        // segments' workers (per stream, so a stream's events stay in order), which project their
        // batches in parallel, each batch in its own transaction with its segment's token.
        AuditEventStore.Projectors projectors = (name, table, from) -> {
            int segments = properties.segments();
            ThreadFactory threads = Thread.ofPlatform().daemon().name(name + "-", 0).factory();
            ScheduledExecutorService coordinator = Executors.newSingleThreadScheduledExecutor(threads);
            ScheduledExecutorService workers = Executors.newScheduledThreadPool(segments, threads);
            PooledStreamingEventProcessor processor = PooledStreamingEventProcessor.builder()
                    .name(name)
                    .eventHandlerInvoker(SimpleEventHandlerInvoker.builder()
                            .eventHandlers(new AuditProjection(jdbc, serializer, table)).build())
                    .messageSource(events)
                    .tokenStore(tokens)
                    .transactionManager(axonTransactions)
                    .coordinatorExecutor(coordinator)
                    .workerExecutor(workers)
                    .initialSegmentCount(segments)
                    .batchSize(properties.batchSize())
                    .tokenClaimInterval(properties.eventStoreWait().toMillis())
                    .initialToken(source -> from == null ? source.createTailToken() : from)
                    .build();
            return new AuditEventStore.Projector(processor, List.of(coordinator, workers));
        };
        return new AuditEventStore(events, projectors, jdbc, properties);
    }

    /**
     * Has PostgreSQL send the rows of this statement in binary: pgjdbc otherwise reads a one-off query
     * in text, which for the payload columns (bytea) means hex, twice their size, encoded by the server
     * and decoded here (a plain scan of the event table ran 4-5 times slower that way).
     */
    static PreparedStatement binary(PreparedStatement statement) throws SQLException {
        if (statement.isWrapperFor(PGStatement.class)) {
            statement.unwrap(PGStatement.class).setPrepareThreshold(-1);
        }
        return statement;
    }
}
