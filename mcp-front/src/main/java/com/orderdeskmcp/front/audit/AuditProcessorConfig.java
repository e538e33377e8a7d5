package com.orderdeskmcp.front.audit;

import com.orderdeskmcp.model.audit.EventStoreSchema;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

import javax.sql.DataSource;

/**
 * The audit read model's tracking event processor, wired by hand (no Axon auto-configuration in the
 * front): it reads the worker's event store through the shared {@link EventStoreSchema}, keeps its
 * token in {@code front.token_entry}, and runs every batch in the Spring transaction that also
 * writes the read model, so token and rows commit together.
 */
@Configuration(proxyBeanMethods = false)
class AuditProcessorConfig {

    static final String PROCESSOR = "audit-read-model";

    @Bean
    AuditEventStore auditEventStore(DataSource dataSource, PlatformTransactionManager transactions,
                                    JdbcTemplate jdbc, AuditProperties properties) {
        TransactionManager axonTransactions = new SpringTransactionManager(transactions);
        ConnectionProvider connections = new SpringDataSourceConnectionProvider(dataSource);
        Serializer serializer = EventStoreSchema.serializer();
        JdbcEventStorageEngine engine = JdbcEventStorageEngine.builder()
                .connectionProvider(connections)
                .transactionManager(axonTransactions)
                .eventSerializer(serializer)
                .snapshotSerializer(serializer)
                .schema(EventStoreSchema.EVENT_SCHEMA)
                .batchSize(properties.batchSize())
                .build();
        EmbeddedEventStore events = EmbeddedEventStore.builder().storageEngine(engine).build();
        TrackingEventProcessor processor = TrackingEventProcessor.builder()
                .name(PROCESSOR)
                .eventHandlerInvoker(SimpleEventHandlerInvoker.builder()
                        .eventHandlers(new AuditProjection(jdbc, serializer)).build())
                .messageSource(events)
                .tokenStore(JdbcTokenStore.builder().connectionProvider(connections).serializer(serializer)
                        .schema(EventStoreSchema.tokenSchema("front.token_entry")).contentType(byte[].class).build())
                .transactionManager(axonTransactions)
                .trackingEventProcessorConfiguration(TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                        .andBatchSize(properties.batchSize())
                        .andInitialTrackingToken(source -> source.createTailToken()))
                .build();
        return new AuditEventStore(events, processor, jdbc, properties);
    }
}
