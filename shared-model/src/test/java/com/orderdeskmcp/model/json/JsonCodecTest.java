package com.orderdeskmcp.model.json;

import com.orderdeskmcp.model.kafka.OrderKey;
import com.orderdeskmcp.model.mutation.Attempt;
import com.orderdeskmcp.model.mutation.MutationCommand;
import com.orderdeskmcp.model.mutation.MutationEvent;
import com.orderdeskmcp.model.client.StoreCredentials;
import com.orderdeskmcp.model.client.UpstreamFailure;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class JsonCodecTest {

    private static final Instant T = Instant.parse("2026-11-28T10:15:30.123Z");

    @Test
    void commandsRoundTripThroughTheSealedType() {
        MutationCommand command = new MutationCommand.UpdateOrder("m-1", "t-1", "1001", "5", JsonCodec.object().put("email", "x@y.z"), T);

        String json = JsonCodec.encode(command);
        MutationCommand back = JsonCodec.decode(json, MutationCommand.class);

        assertThat(json).contains("\"type\":\"UpdateOrder\"", "\"acceptedAt\":\"2026-11-28T10:15:30.123Z\"");
        assertThat(back).isEqualTo(command);
    }

    @Test
    void eventsRoundTripAndKeepTheirKind() {
        MutationEvent event = new MutationEvent.ConflictExhausted("m-1", "t-1", "1001", "5", JsonCodec.object(),
                List.of(new Attempt(1, "PUT /orders/5", T, 12, 409, "conflict")), T, T.plusSeconds(3));

        MutationEvent back = JsonCodec.decode(JsonCodec.encode(event), MutationEvent.class);

        assertThat(back).isInstanceOf(MutationEvent.ConflictExhausted.class).isEqualTo(event);
    }

    @Test
    void orderKeyIsStoreThenOrder() {
        assertThat(new OrderKey("1001", "55").value()).isEqualTo("1001/55");
        assertThat(OrderKey.parse("1001/55")).isEqualTo(new OrderKey("1001", "55"));
    }

    @Test
    void credentialsNeverPrintTheirKey() {
        assertThat(new StoreCredentials("1001", "s3cr3t-key").toString()).doesNotContain("s3cr3t");
    }

    @Test
    void retryDecisionByStatus() {
        assertThat(UpstreamFailure.of(409)).isEqualTo(UpstreamFailure.CONFLICT);
        assertThat(UpstreamFailure.of(429)).isEqualTo(UpstreamFailure.RATE_LIMITED);
        assertThat(List.of(0, 500, 502, 503, 408)).allMatch(s -> UpstreamFailure.of(s) == UpstreamFailure.TRANSIENT);
        assertThat(List.of(400, 401, 404, 422)).allMatch(s -> UpstreamFailure.of(s) == UpstreamFailure.FINAL);
    }
}
