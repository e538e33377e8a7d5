package com.orderdeskmcp.worker;

import com.orderdeskmcp.model.audit.HashChain;
import com.orderdeskmcp.model.mutation.MutationCommand.UpdateOrder;
import com.orderdeskmcp.model.mutation.MutationEvent;
import com.orderdeskmcp.sandbox.control.RequestMatcher;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Outcomes of mutations that finish at the same time are recorded together (one transaction, one
 * Kafka round trip): each still gets exactly one ledger row and one event, every stream's chain
 * stays intact, and a recording that fails holds up only its own order.
 */
class GroupCommitTest extends WorkerIntegrationTest {

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    MeterRegistry registry;

    @Autowired
    DataSource dataSource;

    @Test
    void mutationsFinishingTogetherAreEachRecordedOnceWithIntactChains() {
        // Every order answers after the same delay, so their outcomes arrive at the committer together.
        List<String> orders = IntStream.range(0, 30).mapToObj(i -> newOrder()).toList();
        orders.forEach(o -> SANDBOX.addLatency(RequestMatcher.store(STORE).order(o), Duration.ofMillis(200), Duration.ZERO));
        double groupsBefore = registry.get("orderdesk.outcomes.group").summary().count();
        double groupedBefore = registry.get("orderdesk.outcomes.group").summary().totalAmount();
        List<UpdateOrder> updates = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            for (String order : orders) {
                updates.add(new UpdateOrder(header(), order, json("{'order_metadata':{'round" + round + "':'x'}}")));
            }
        }
        updates.forEach(WorkerIntegrationTest::send);

        List<MutationEvent> outcomes = updates.stream().map(WorkerIntegrationTest::outcomeOf).toList();

        assertThat(outcomes).allSatisfy(e -> assertThat(e).isInstanceOf(MutationEvent.OrderMutated.class));
        for (String order : orders) {
            String stream = STORE + "/" + order;
            assertThat(jdbc.queryForList("SELECT sequence_number FROM domain_event_entry WHERE aggregate_identifier = ? "
                    + "ORDER BY sequence_number", Long.class, stream)).containsExactly(0L, 1L, 2L);
            assertThat(HashChain.verify(chain(jdbc, stream))).isEmpty();
            assertThat(order(order).path("order_metadata").has("round2")).isTrue();
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM processed_mutation WHERE mutation_id = ANY (?)",
                Long.class, (Object) updates.stream().map(UpdateOrder::mutationId).toArray(String[]::new))).isEqualTo(90);
        // All 90 went through the committer in fewer transactions than outcomes: groups held several.
        // (Not the summary's max: it is a decaying maximum, which a test run just before may have set.)
        double groups = registry.get("orderdesk.outcomes.group").summary().count() - groupsBefore;
        assertThat(registry.get("orderdesk.outcomes.group").summary().totalAmount() - groupedBefore).isEqualTo(90);
        assertThat(groups).isLessThan(90);
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void aRecordingThatFailsHoldsUpOnlyItsOwnOrder(CapturedOutput output) throws Exception {
        List<String> orders = IntStream.range(0, 10).mapToObj(i -> newOrder()).toList();
        List<UpdateOrder> updates = orders.stream()
                .map(o -> new UpdateOrder(header(), o, json("{'email':'grouped@example.com'}"))).toList();
        UpdateOrder poisoned = updates.getLast();
        // The database refuses the ledger row of one mutation, as a broken disk or constraint would.
        jdbc.execute("""
                CREATE OR REPLACE FUNCTION refuse_one() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF NEW.mutation_id = '%s' THEN RAISE EXCEPTION 'refused for the test'; END IF;
                  RETURN NEW;
                END $$""".formatted(poisoned.mutationId()));
        jdbc.execute("CREATE TRIGGER refuse_one BEFORE INSERT ON processed_mutation FOR EACH ROW EXECUTE FUNCTION refuse_one()");
        try {
            // While the ledger is locked, every mutation is carried out and waits to be recorded: the
            // first in the committer's blocked transaction, the others queued behind it, the poisoned
            // one last. So the second group holds the poisoned mutation together with eight others.
            try (Connection lock = dataSource.getConnection()) {
                lock.setAutoCommit(false);
                lock.createStatement().execute("LOCK TABLE processed_mutation IN EXCLUSIVE MODE");
                updates.subList(0, 9).forEach(WorkerIntegrationTest::send);
                await().atMost(Duration.ofSeconds(30)).until(() -> puts(orders.subList(0, 9)) == 9);
                send(poisoned);
                await().atMost(Duration.ofSeconds(30)).until(() -> puts(orders.subList(9, 10)) == 1);
                lock.rollback();
            }

            for (UpdateOrder update : updates.subList(0, 9)) {
                assertThat(outcomeOf(update)).isInstanceOf(MutationEvent.OrderMutated.class);
            }
            // Recorded at their first try: none of the eight grouped with the poisoned one ran again.
            assertThat(puts(orders.subList(0, 9))).isEqualTo(9);
            assertThat(jdbc.queryForObject("SELECT count(*) FROM processed_mutation WHERE mutation_id = ?",
                    Long.class, poisoned.mutationId())).isZero();
        } finally {
            jdbc.execute("DROP TRIGGER refuse_one ON processed_mutation");
        }
        // Retried until the database takes it: then recorded once, like any other.
        assertThat(outcomeOf(poisoned)).isInstanceOf(MutationEvent.OrderMutated.class);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ?",
                Long.class, STORE + "/" + poisoned.orderId())).isEqualTo(1);
        // Every line about the failure names the mutations it is about.
        assertThat(output.getOut()).containsPattern("finished commands \\(mutations \\[[^]]*"
                + poisoned.mutationId() + "\\]\\) could not be recorded");
        assertThat(output.getOut()).contains("of mutations [" + poisoned.mutationId() + "] failed, retrying");
    }

    private static long puts(List<String> orders) {
        return orders.stream().mapToLong(o -> SANDBOX.countRequests(RequestMatcher.store(STORE).method("PUT").order(o))).sum();
    }
}
