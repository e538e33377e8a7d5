package com.orderdeskmcp.worker.outcomes;

import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.transaction.CannotCreateTransactionException;

import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

/** Which failures to record a group are worth retrying part by part (see GroupCommitTest for the whole path). */
class PartSpecificFailureTest {

    @Test
    void aRowTheDatabaseRefusesMayBeOnePartsFault() {
        assertThat(OutcomeCommitter.partSpecific(new DataIntegrityViolationException("duplicate key"))).isTrue();
        assertThat(OutcomeCommitter.partSpecific(new UncategorizedSQLException("insert", "INSERT",
                new SQLException("refused by a trigger", "P0001")))).isTrue();
        assertThat(OutcomeCommitter.partSpecific(new IllegalArgumentException("cannot encode the payload"))).isTrue();
    }

    @Test
    void aDatabaseOutOfReachIsEveryPartsFault() {
        assertThat(OutcomeCommitter.partSpecific(new CannotGetJdbcConnectionException("no connection",
                new SQLException("refused")))).isFalse();
        assertThat(OutcomeCommitter.partSpecific(new CannotCreateTransactionException("no transaction"))).isFalse();
        assertThat(OutcomeCommitter.partSpecific(new QueryTimeoutException("statement timeout"))).isFalse();
    }
}
