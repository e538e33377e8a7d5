package com.orderdeskmcp.worker;

import com.orderdeskmcp.model.mutation.Attempt;
import com.orderdeskmcp.model.mutation.MutationCommand;
import com.orderdeskmcp.model.mutation.MutationCommand.AddOrderNote;
import com.orderdeskmcp.model.mutation.MutationCommand.CreateOrder;
import com.orderdeskmcp.model.mutation.MutationCommand.MoveOrder;
import com.orderdeskmcp.model.mutation.MutationCommand.UpdateOrder;
import com.orderdeskmcp.model.mutation.MutationEvent;
import com.orderdeskmcp.sandbox.RecordedRequest;
import com.orderdeskmcp.sandbox.control.RequestMatcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** Each branch of the retry policy, with exact attempt counts and waits, forced by the sandbox's faults. */
class RetryPolicyTest extends WorkerIntegrationTest {

    @Test
    void twoConflictsThenSuccessTakeThreeWritesSpacedByTheSchedule() {
        String orderId = newOrder();
        SANDBOX.failNext(STORE, orderId, "PUT", 409, 2);

        MutationEvent event = run(new UpdateOrder(header(), orderId, json("{'shipping_method':'Express'}")));

        assertThat(event).isInstanceOf(MutationEvent.OrderMutated.class);
        assertThat(statuses(event, "PUT")).containsExactly(409, 409, 200);
        List<RecordedRequest> puts = requests(orderId, "PUT");
        assertThat(puts).hasSize(3);
        assertThat(gap(puts, 0)).isGreaterThanOrEqualTo(BACKOFF.get(0));
        assertThat(gap(puts, 1)).isGreaterThanOrEqualTo(BACKOFF.get(1));
        assertThat(order(orderId).path("shipping_method").asText()).isEqualTo("Express");
    }

    @Test
    void sixConflictsEndInConflictExhaustedAndNothingChanges() {
        String orderId = newOrder();
        var before = order(orderId);
        SANDBOX.failNext(STORE, orderId, "PUT", 409, 6);

        MutationEvent event = run(new UpdateOrder(header(), orderId, json("{'shipping_method':'Express'}")));

        assertThat(event).isInstanceOf(MutationEvent.ConflictExhausted.class);
        assertThat(statuses(event, "PUT")).containsExactly(409, 409, 409, 409, 409, 409);
        assertThat(order(orderId)).isEqualTo(before);
    }

    @Test
    void transientFailuresAreRetriedAndThenSucceed() {
        String orderId = newOrder();
        SANDBOX.failNext(STORE, orderId, "GET", 503, 2);

        MutationEvent event = run(new UpdateOrder(header(), orderId, json("{'email':'retry@example.com'}")));

        assertThat(event).isInstanceOf(MutationEvent.OrderMutated.class);
        assertThat(statuses(event, "GET")).containsExactly(503, 503, 200);
    }

    @Test
    void transientFailuresThatOutlastTheScheduleEndInMutationFailed() {
        String orderId = newOrder();
        SANDBOX.failNext(STORE, orderId, "GET", 502, 6);

        MutationEvent event = run(new UpdateOrder(header(), orderId, json("{'email':'x@example.com'}")));

        assertThat(event).isInstanceOf(MutationEvent.MutationFailed.class);
        assertThat(statuses(event, "GET")).containsExactly(502, 502, 502, 502, 502, 502);
        assertThat(requests(orderId, "PUT")).isEmpty();
    }

    @Test
    void aFinalRefusalIsRejectedAtOnceWithOrderDesksReason() {
        MutationEvent event = run(new UpdateOrder(header(), "999999999", json("{'email':'x@example.com'}")));

        assertThat(event).isInstanceOfSatisfying(MutationEvent.MutationRejected.class, rejected -> {
            assertThat(rejected.upstreamStatus()).isEqualTo(404);
            assertThat(rejected.attempts()).hasSize(1);
        });
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 422})
    void aRefusedWriteIsRejectedAtOnceWithItsStatusAndNothingChanges(int status) {
        String orderId = newOrder();
        var before = order(orderId);
        SANDBOX.failNext(STORE, orderId, "PUT", status, 1);

        MutationEvent event = run(new UpdateOrder(header(), orderId, json("{'email':'refused@example.com'}")));

        assertThat(event).isInstanceOfSatisfying(MutationEvent.MutationRejected.class,
                rejected -> assertThat(rejected.upstreamStatus()).isEqualTo(status));
        assertThat(statuses(event, "GET")).containsExactly(200);
        assertThat(statuses(event, "PUT")).containsExactly(status);
        assertThat(order(orderId)).isEqualTo(before);
    }

    @Test
    void aServerErrorOnTheWriteRepeatsTheWholeCycleAfterTheFirstWait() {
        String orderId = newOrder();
        SANDBOX.failNext(STORE, orderId, "PUT", 500, 1);

        MutationEvent event = run(new UpdateOrder(header(), orderId, json("{'email':'again@example.com'}")));

        assertThat(event).isInstanceOf(MutationEvent.OrderMutated.class);
        // The PUT is a full replacement, so sending it again is safe; it is re-merged on a fresh read.
        assertThat(statuses(event, "GET")).containsExactly(200, 200);
        assertThat(statuses(event, "PUT")).containsExactly(500, 200);
        assertThat(gap(requests(orderId, "PUT"), 0)).isGreaterThanOrEqualTo(BACKOFF.get(0));
        assertThat(order(orderId).path("email").asText()).isEqualTo("again@example.com");
    }

    @Test
    void aReadThatTimesOutIsRetried() {
        String orderId = newOrder();
        SANDBOX.hangNext(RequestMatcher.store(STORE).method("GET").order(orderId), Duration.ofSeconds(5), 1);

        MutationEvent event = run(new UpdateOrder(header(), orderId, json("{'email':'late@example.com'}")));

        assertThat(event).isInstanceOf(MutationEvent.OrderMutated.class);
        // Status 0: no answer within the 2 s call timeout; then the cycle again after the first wait.
        assertThat(statuses(event, "GET")).containsExactly(0, 200);
        assertThat(statuses(event, "PUT")).containsExactly(200);
        assertThat(order(orderId).path("email").asText()).isEqualTo("late@example.com");
    }

    @Test
    void rateLimitAnswersBeyondTheWaitBudgetEndInMutationFailed() {
        String orderId = newOrder();
        var before = order(orderId);
        // X-Retry-After 1 s each; the test budget is 3 s: three waits, the fourth 429 ends it.
        SANDBOX.failNext(STORE, orderId, "PUT", 429, 4);

        MutationEvent event = run(new UpdateOrder(header(), orderId, json("{'email':'never@example.com'}")));

        assertThat(event).isInstanceOf(MutationEvent.MutationFailed.class);
        assertThat(statuses(event, "GET")).containsExactly(200);
        assertThat(statuses(event, "PUT")).containsExactly(429, 429, 429, 429);
        assertThat(order(orderId)).isEqualTo(before);
    }

    @Test
    void aRateLimitAnswerIsWaitedOutAndNotCountedAsARetry() {
        String orderId = newOrder();
        SANDBOX.failNext(STORE, orderId, "PUT", 429, 1);

        MutationEvent event = run(new UpdateOrder(header(), orderId, json("{'email':'limited@example.com'}")));

        assertThat(event).isInstanceOf(MutationEvent.OrderMutated.class);
        // One read: the 429 was waited out inside the cycle, not answered with a new fetch-merge cycle.
        assertThat(statuses(event, "GET")).containsExactly(200);
        assertThat(statuses(event, "PUT")).containsExactly(429, 200);
        List<RecordedRequest> puts = requests(orderId, "PUT");
        assertThat(gap(puts, 0)).isGreaterThanOrEqualTo(Duration.ofSeconds(1)); // X-Retry-After: 1
    }

    @Test
    void anOutsideWriterBetweenOurReadAndWriteCausesARetryAndBothChangesSurvive() {
        String orderId = newOrder();
        SANDBOX.modifyBeforeNextPut(STORE, orderId, order -> order.put("email", "outside@example.com"));

        MutationEvent event = run(new UpdateOrder(header(), orderId, json("{'shipping_method':'Courier'}")));

        assertThat(event).isInstanceOf(MutationEvent.OrderMutated.class);
        assertThat(statuses(event, "PUT")).containsExactly(409, 200);
        assertThat(order(orderId).path("email").asText()).isEqualTo("outside@example.com");
        assertThat(order(orderId).path("shipping_method").asText()).isEqualTo("Courier");
    }

    @Test
    void aCreateWhoseAnswerIsLostIsLookedUpNotSentTwice() {
        SANDBOX.dropAfterApplyNext(RequestMatcher.store(STORE).method("POST").path("/orders"), 1);
        CreateOrder create = new CreateOrder(header(), json("""
                {'shipping':{'first_name':'Ada','last_name':'Lovelace'},'order_items':[{'name':'Engine','code':'AE-1','price':1}]}"""));

        MutationEvent event = run(create);

        assertThat(event).isInstanceOf(MutationEvent.OrderCreated.class);
        assertThat(SANDBOX.countRequests(RequestMatcher.store(STORE).method("POST").path("/orders"))).isEqualTo(1);
        assertThat(order(event.subject()).at("/shipping/last_name").asText()).isEqualTo("Lovelace");
    }

    @Test
    void aNoteWhoseAnswerIsLostIsLookedUpNotAddedTwice() {
        String orderId = newOrder();
        SANDBOX.dropAfterApplyNext(RequestMatcher.store(STORE).method("POST").order(orderId), 1);

        MutationEvent event = run(new AddOrderNote(header(), orderId, "Refund approved by Sam", "API"));

        assertThat(event).isInstanceOf(MutationEvent.OrderNoteAdded.class);
        assertThat(SANDBOX.orderHistory(STORE, orderId)).filteredOn(n -> n.path("note").asText().equals("Refund approved by Sam"))
                .hasSize(1);
    }

    @Test
    void aShipmentAnItemAndAnInventoryItemWhoseAnswersAreLostAreLookedUpNotAddedTwice() {
        String orderId = newOrder();
        SANDBOX.dropAfterApplyNext(RequestMatcher.store(STORE).method("POST").path("/orders/*/shipments"), 1);
        SANDBOX.dropAfterApplyNext(RequestMatcher.store(STORE).method("POST").path("/orders/*/order-items"), 1);
        SANDBOX.dropAfterApplyNext(RequestMatcher.store(STORE).method("POST").path("/inventory-items"), 1);
        String code = "LOST-" + System.nanoTime();

        MutationEvent shipment = run(new MutationCommand.AddShipment(header(), orderId,
                json("{'tracking_number':'LOST-TRACK-1','carrier_code':'UPS'}")));
        MutationEvent item = run(new MutationCommand.AddOrderItem(header(), orderId,
                json("{'name':'Lost Item','code':'LOST-ITEM','price':1,'quantity':1}")));
        MutationEvent inventory = run(new MutationCommand.CreateInventoryItem(header(),
                json("{'name':'Lost Stock','code':'" + code + "','price':1,'stock':1}")));

        assertThat(shipment).isInstanceOf(MutationEvent.ShipmentAdded.class);
        assertThat(item).isInstanceOf(MutationEvent.OrderItemAdded.class);
        assertThat(inventory).isInstanceOf(MutationEvent.InventoryItemCreated.class);
        assertThat(order(orderId).path("order_shipments")).filteredOn(s -> s.path("tracking_number").asText()
                .equals("LOST-TRACK-1")).hasSize(1);
        assertThat(order(orderId).path("order_items")).filteredOn(i -> i.path("code").asText().equals("LOST-ITEM"))
                .hasSize(1);
        assertThat(SANDBOX.inventoryItems(STORE)).filteredOn(i -> i.path("code").asText().equals(code)).hasSize(1);
    }

    @Test
    void aMoveWhoseAnswerIsLostIsLookedUpNotSentTwice() {
        String orderId = newOrder();
        // Seeded orders sit in any folder: move it to one it is not in, so that the move is a change.
        int target = order(orderId).path("folder_id").asInt() == 3 ? 2 : 3;
        SANDBOX.dropAfterApplyNext(RequestMatcher.store(STORE).method("POST").path("/move-orders"), 1);

        MutationEvent event = run(new MoveOrder(header(), orderId, target, null));

        assertThat(event).isInstanceOf(MutationEvent.OrderMoved.class);
        assertThat(order(orderId).path("folder_id").asInt()).isEqualTo(target);
        // Moving runs the folder's rules (e-mails...) in OrderDesk: the order's folder was read, not the move resent.
        assertThat(SANDBOX.countRequests(RequestMatcher.store(STORE).method("POST").path("/move-orders"))).isEqualTo(1);
        assertThat(event.attempts()).extracting(Attempt::step, Attempt::status).containsExactly(
                tuple("POST /move-orders", 0), tuple("GET /orders/" + orderId + " (look up move)", 200));
        assertThat(SANDBOX.orderHistory(STORE, orderId)).filteredOn(n -> n.path("note").asText().startsWith("Order moved"))
                .hasSize(1);
    }

    @Test
    void aShipmentBatchWhoseAnswerIsLostIsLookedUpNotAddedTwice() {
        String orderId = newOrder();
        SANDBOX.dropAfterApplyNext(RequestMatcher.store(STORE).method("POST").path("/batch-shipments"), 1);

        MutationEvent event = run(new MutationCommand.AddShipments(header(), orderId, List.of(
                json("{'tracking_number':'LOST-BATCH-1','carrier_code':'UPS'}"),
                json("{'tracking_number':'LOST-BATCH-2','carrier_code':'UPS'}"))));

        assertThat(event).isInstanceOf(MutationEvent.ShipmentsAdded.class);
        for (String tracking : List.of("LOST-BATCH-1", "LOST-BATCH-2")) {
            assertThat(order(orderId).path("order_shipments"))
                    .filteredOn(s -> s.path("tracking_number").asText().equals(tracking)).hasSize(1);
        }
        // The shipments were listed after the lost answer; both were there, so the batch was not sent again.
        assertThat(SANDBOX.countRequests(RequestMatcher.store(STORE).method("POST").path("/batch-shipments")))
                .isEqualTo(1);
        assertThat(event.attempts()).extracting(Attempt::step, Attempt::status).containsExactly(
                tuple("POST /batch-shipments", 0), tuple("GET /orders/" + orderId + "/shipments", 200));
    }

    private static List<Integer> statuses(MutationEvent event, String method) {
        return event.attempts().stream().filter(a -> a.step().startsWith(method + " /orders/"))
                .map(Attempt::status).toList();
    }

    private static List<RecordedRequest> requests(String orderId, String method) {
        return SANDBOX.requests().stream().filter(r -> method.equals(r.method()) && orderId.equals(r.orderId())).toList();
    }

    private static Duration gap(List<RecordedRequest> requests, int i) {
        return Duration.between(requests.get(i).at(), requests.get(i + 1).at());
    }
}
