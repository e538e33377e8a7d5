package com.orderdeskmcp.worker;

import com.orderdeskmcp.model.mutation.MutationCommand.UpdateOrder;
import com.orderdeskmcp.model.mutation.MutationEvent;
import com.orderdeskmcp.worker.intake.KeyedCommandConsumer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A worker's consumer stopped and started again (as Spring does to an application context it pauses)
 * goes on with the commands sent meanwhile.
 */
class WorkerRestartTest extends WorkerIntegrationTest {

    @Autowired
    KeyedCommandConsumer consumer;

    @Test
    void aConsumerStoppedAndStartedAgainCarriesOutTheCommandsSentMeanwhile() {
        String orderId = newOrder();
        assertThat(run(new UpdateOrder(header(), orderId, json("{'email':'before@example.com'}"))))
                .isInstanceOf(MutationEvent.OrderMutated.class);

        consumer.stop();
        UpdateOrder meanwhile = new UpdateOrder(header(), orderId, json("{'email':'meanwhile@example.com'}"));
        send(meanwhile);
        consumer.start();

        assertThat(outcomeOf(meanwhile)).isInstanceOf(MutationEvent.OrderMutated.class);
        assertThat(order(orderId).path("email").asText()).isEqualTo("meanwhile@example.com");
    }
}
