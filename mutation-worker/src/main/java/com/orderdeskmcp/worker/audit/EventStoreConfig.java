package com.orderdeskmcp.worker.audit;

import com.orderdeskmcp.model.audit.EventStoreSchema;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.serialization.Serializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.transaction.PlatformTransactionManager;

import javax.sql.DataSource;

/**
 * Axon's event store on PostgreSQL through JDBC (bytea payloads), wired by hand: on Boot 4 Axon's
 * own JDBC auto-configuration does not activate and would silently run without a transaction
 * manager. Everything here joins the Spring transaction, so the ledger row and the event commit
 * together. The tables are created by Flyway (V1), with Axon's PostgreSQL DDL; their names, and the
 * serializer, are the shared {@link EventStoreSchema} that mcp-front reads them with.
 */
@Configuration(proxyBeanMethods = false)
class EventStoreConfig {

    @Bean
    TransactionManager axonTransactionManager(PlatformTransactionManager transactionManager) {
        return new SpringTransactionManager(transactionManager);
    }

    @Bean
    ConnectionProvider axonConnectionProvider(DataSource dataSource) {
        return new SpringDataSourceConnectionProvider(dataSource);
    }

    @Bean
    @Primary
    Serializer axonSerializer() {
        return EventStoreSchema.serializer();
    }

    @Bean
    EventStorageEngine eventStorageEngine(ConnectionProvider connections, TransactionManager transactions,
                                          Serializer serializer) {
        return EventStoreSchema.storageEngine(connections, transactions, serializer).build();
    }

    @Bean
    EventStore eventStore(EventStorageEngine storageEngine) {
        return EmbeddedEventStore.builder().storageEngine(storageEngine).build();
    }

    @Bean
    TokenStore tokenStore(ConnectionProvider connections, Serializer serializer) {
        return JdbcTokenStore.builder().connectionProvider(connections).serializer(serializer).schema(EventStoreSchema.TOKEN_SCHEMA)
                .contentType(byte[].class).build();
    }
}
