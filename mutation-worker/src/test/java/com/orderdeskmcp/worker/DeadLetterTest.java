package com.orderdeskmcp.worker;

import com.orderdeskmcp.model.mutation.MutationCommand.UpdateOrder;
import com.orderdeskmcp.model.mutation.MutationEvent;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A command that cannot be read is dead-lettered and recorded, and its partition goes on. */
class DeadLetterTest extends WorkerIntegrationTest {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void anUndecodableCommandIsDeadLetteredAndTheNextCommandOfTheSameKeyStillRuns() {
        String orderId = newOrder();
        String key = STORE + "/" + orderId;
        sendRaw(key, "{this is not a command");
        UpdateOrder next = new UpdateOrder(header(), orderId, json("{'email':'after-poison@example.com'}"));

        assertThat(run(next)).isInstanceOf(MutationEvent.OrderMutated.class);
        await().untilAsserted(() -> assertThat(jdbc.queryForList(
                "SELECT reason FROM dead_lettered_command WHERE record_key = ?", String.class, key))
                .singleElement().asString().contains("not a mutation command"));
    }
}
