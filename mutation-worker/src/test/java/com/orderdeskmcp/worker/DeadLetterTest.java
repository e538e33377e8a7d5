package com.orderdeskmcp.worker;

import com.orderdeskmcp.model.mutation.MutationCommand.UpdateOrder;
import com.orderdeskmcp.model.mutation.MutationEvent;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A command that cannot be read, or that lacks a part its kind needs, is dead-lettered with the
 * reason and recorded, and the next command of the same key still runs.
 */
class DeadLetterTest extends WorkerIntegrationTest {

    @Autowired
    JdbcTemplate jdbc;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            not JSON                  | {this is not a command                                   | not a mutation command
            an unknown kind           | {'type':'PaintOrder','orderId':'ORDER'}                  | PaintOrder
            a delete without a header | {'type':'DeleteOrder','orderId':'ORDER'}                 | header is missing
            an item add without item  | {'type':'AddOrderItem','header':HEADER,'orderId':'ORDER'} | item is missing
            a note without its text   | {'type':'AddOrderNote','header':HEADER,'orderId':'ORDER'} | note is missing
            an update without changes | {'type':'UpdateOrder','header':HEADER,'orderId':'ORDER'}  | changes is missing
            """)
    void aCommandThatCannotBeReadIsDeadLetteredAndTheNextCommandOfTheSameKeyStillRuns(String what, String poison,
                                                                                        String reason) {
        String orderId = newOrder();
        String key = STORE + "/" + orderId;
        String header = "{'mutationId':'poison-" + orderId + "','tenantId':'" + TENANT + "','storeId':'" + STORE
                + "','acceptedAt':'2026-11-28T10:00:00Z'}";
        sendRaw(key, poison.replace("HEADER", header).replace("ORDER", orderId).replace('\'', '"'));
        UpdateOrder next = new UpdateOrder(header(), orderId, json("{'email':'after-poison@example.com'}"));

        assertThat(run(next)).isInstanceOf(MutationEvent.OrderMutated.class);
        await().untilAsserted(() -> assertThat(jdbc.queryForList(
                "SELECT reason FROM dead_lettered_command WHERE record_key = ?", String.class, key))
                .singleElement().asString().contains(reason));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM processed_mutation WHERE mutation_id = ?",
                Integer.class, "poison-" + orderId)).isZero();
    }
}
