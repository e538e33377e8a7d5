package com.orderdeskmcp.worker;

import com.orderdeskmcp.model.audit.HashChain;
import com.orderdeskmcp.model.json.JsonCodec;
import com.orderdeskmcp.model.mutation.MutationEvent;
import com.orderdeskmcp.model.mutation.MutationCommand.UpdateOrder;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The events the worker stores form a hash chain per stream that an auditor can recompute from the
 * rows alone; altering, deleting or reordering rows in PostgreSQL is named by the verification.
 */
class HashChainVerificationTest extends WorkerIntegrationTest {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void theStoredChainVerifiesAndTamperingWithRowsIsNamed() {
        String orderId = newOrder();
        for (int i = 0; i < 4; i++) {
            run(new UpdateOrder(header(), orderId, json("{'email':'chain" + i + "@example.com'}")));
        }
        String stream = STORE + "/" + orderId;
        assertThat(HashChain.verify(chain(jdbc, stream))).isEmpty();
        // Each payload is stored as exactly the canonical JSON its hash covers (so a verifier can hash
        // the stored bytes as they are), and is still the event the serializer reads back.
        for (HashChain.Link link : chain(jdbc, stream)) {
            String stored = new String(link.payload(), StandardCharsets.UTF_8);
            assertThat(stored).isEqualTo(HashChain.canonical(JsonCodec.tree(stored)));
            assertThat(JsonCodec.decode(stored, MutationEvent.class)).isInstanceOf(MutationEvent.OrderMutated.class);
        }

        // An auditor-visible change of history: rewrite the payload of event 1.
        jdbc.update("""
                UPDATE domain_event_entry SET payload = convert_to(replace(convert_from(payload, 'UTF8'),
                  'chain1@example.com', 'forged@example.com'), 'UTF8')
                WHERE aggregate_identifier = ? AND sequence_number = 1""", stream);
        assertThat(HashChain.verify(chain(jdbc, stream))).hasValueSatisfying(b -> {
            assertThat(b.sequence()).isEqualTo(1);
            assertThat(b.problem()).contains("altered");
        });

        jdbc.update("DELETE FROM domain_event_entry WHERE aggregate_identifier = ? AND sequence_number = 1", stream);
        assertThat(HashChain.verify(chain(jdbc, stream))).hasValueSatisfying(b -> assertThat(b.problem()).contains("1 is missing"));
    }

    @Test
    void swappingTwoEventsIsNamed() {
        String orderId = newOrder();
        for (int i = 0; i < 3; i++) {
            run(new UpdateOrder(header(), orderId, json("{'email':'swap" + i + "@example.com'}")));
        }
        String stream = STORE + "/" + orderId;
        jdbc.update("UPDATE domain_event_entry SET sequence_number = 99 WHERE aggregate_identifier = ? AND sequence_number = 0", stream);
        jdbc.update("UPDATE domain_event_entry SET sequence_number = 0 WHERE aggregate_identifier = ? AND sequence_number = 1", stream);
        jdbc.update("UPDATE domain_event_entry SET sequence_number = 1 WHERE aggregate_identifier = ? AND sequence_number = 99", stream);

        assertThat(HashChain.verify(chain(jdbc, stream))).hasValueSatisfying(b -> assertThat(b.sequence()).isEqualTo(0));
    }
}
