package com.orderdeskmcp.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.orderdeskmcp.model.mutation.MutationCommand.*;
import com.orderdeskmcp.model.mutation.MutationEvent;
import com.orderdeskmcp.worker.orders.OrderSteps;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every mutation kind, carried out against the sandbox, ends in its own terminal event. */
class MutationKindsTest extends WorkerIntegrationTest {

    @Test
    void createOrderMarksItAndReportsItsNewId() {
        CreateOrder create = new CreateOrder(header(), json("""
                {'email':'new@example.com','shipping':{'first_name':'Grace','last_name':'Hopper','city':'Arlington'},
                 'order_items':[{'name':'Compiler','code':'CC-1','price':99,'quantity':1}]}"""));

        MutationEvent event = run(create);

        assertThat(event).isInstanceOf(MutationEvent.OrderCreated.class);
        ObjectNode stored = order(event.subject());
        assertThat(stored.at("/shipping/last_name").asText()).isEqualTo("Hopper");
        assertThat(stored.at("/order_metadata/" + OrderSteps.CREATED_BY_MUTATION).asText()).isEqualTo(create.mutationId());
    }

    @Test
    void deleteOrderRemovesIt() {
        String orderId = newOrder();
        assertThat(run(new DeleteOrder(header(), orderId))).isInstanceOf(MutationEvent.OrderDeleted.class);
        assertThat(SANDBOX.order(STORE, orderId)).isEmpty();
    }

    @Test
    void moveOrderByFolderNameLooksTheFolderUp() {
        String orderId = newOrder();
        MutationEvent event = run(new MoveOrder(header(), orderId, null, "Shipped"));
        assertThat(event).isInstanceOf(MutationEvent.OrderMoved.class);
        assertThat(order(orderId).path("folder_id").asInt()).isEqualTo(3);
    }

    @Test
    void moveToAnUnknownFolderIsRejected() {
        MutationEvent event = run(new MoveOrder(header(), newOrder(), null, "No Such Folder"));
        assertThat(event).isInstanceOfSatisfying(MutationEvent.MutationRejected.class,
                r -> assertThat(r.reason()).contains("No Such Folder"));
    }

    @Test
    void addNoteAppendsToTheHistory() {
        String orderId = newOrder();
        MutationEvent event = run(new AddOrderNote(header(), orderId, "Customer called about gift wrap", "API"));
        assertThat(event).isInstanceOf(MutationEvent.OrderNoteAdded.class);
        assertThat(SANDBOX.orderHistory(STORE, orderId)).extracting(n -> n.path("note").asText())
                .contains("Customer called about gift wrap");
    }

    @Test
    void orderItemsCanBeAddedUpdatedAndDeleted() {
        String orderId = newOrder();
        MutationEvent added = run(new AddOrderItem(header(), orderId,
                json("{'name':'Gift Wrap','code':'WRAP-1','price':4.5,'quantity':1,'metadata':{'color':'red'}}")));
        assertThat(added).isInstanceOf(MutationEvent.OrderItemAdded.class);
        String itemId = ((MutationEvent.Applied) added).result().path("id").asText();
        assertThat(itemId).isNotBlank();

        MutationEvent updated = run(new UpdateOrderItem(header(), orderId, itemId,
                json("{'quantity':3,'metadata':{'ribbon':'gold'}}")));
        assertThat(updated).isInstanceOf(MutationEvent.OrderItemUpdated.class);
        JsonNode item = item(orderId, itemId);
        assertThat(item.path("quantity").asInt()).isEqualTo(3);
        assertThat(item.path("name").asText()).isEqualTo("Gift Wrap");
        assertThat(item.at("/metadata/color").asText()).isEqualTo("red");
        assertThat(item.at("/metadata/ribbon").asText()).isEqualTo("gold");

        assertThat(run(new DeleteOrderItem(header(), orderId, itemId))).isInstanceOf(MutationEvent.OrderItemDeleted.class);
        assertThat(item(orderId, itemId)).isNull();
    }

    @Test
    void shipmentsCanBeAddedUpdatedDeletedAndAddedInABatch() {
        String orderId = newOrder();
        MutationEvent added = run(new AddShipment(header(), orderId,
                json("{'tracking_number':'1Z-TEST-001','carrier_code':'UPS','shipment_method':'Ground'}")));
        assertThat(added).isInstanceOf(MutationEvent.ShipmentAdded.class);
        String shipmentId = ((MutationEvent.Applied) added).result().path("id").asText();

        assertThat(run(new UpdateShipment(header(), orderId, shipmentId, json("{'shipment_method':'Express'}"))))
                .isInstanceOf(MutationEvent.ShipmentUpdated.class);
        assertThat(shipment(orderId, "1Z-TEST-001").path("shipment_method").asText()).isEqualTo("Express");
        assertThat(shipment(orderId, "1Z-TEST-001").path("carrier_code").asText()).isEqualTo("UPS");

        assertThat(run(new DeleteShipment(header(), orderId, shipmentId))).isInstanceOf(MutationEvent.ShipmentDeleted.class);
        assertThat(shipment(orderId, "1Z-TEST-001")).isNull();

        MutationEvent batch = run(new AddShipments(header(), orderId, List.of(
                json("{'tracking_number':'BATCH-1','carrier_code':'USPS'}"),
                json("{'tracking_number':'BATCH-2','carrier_code':'USPS'}"))));
        assertThat(batch).isInstanceOf(MutationEvent.ShipmentsAdded.class);
        assertThat(shipment(orderId, "BATCH-1")).isNotNull();
        assertThat(shipment(orderId, "BATCH-2")).isNotNull();
    }

    @Test
    void aDuplicateTrackingNumberIsRejectedWithOrderDesksMessage() {
        String orderId = newOrder();
        run(new AddShipment(header(), orderId, json("{'tracking_number':'DUP-1','carrier_code':'UPS'}")));
        MutationEvent second = run(new AddShipment(header(), orderId, json("{'tracking_number':'DUP-1','carrier_code':'UPS'}")));
        assertThat(second).isInstanceOfSatisfying(MutationEvent.MutationRejected.class,
                r -> assertThat(r.reason()).contains("Shipment Not Added"));
    }

    @Test
    void inventoryItemsCanBeCreatedUpdatedAndDeleted() {
        String code = "SKU-" + System.nanoTime();
        MutationEvent created = run(new CreateInventoryItem(header(),
                json("{'name':'Tea Tin','code':'" + code + "','price':12,'stock':5,'metadata':{'origin':'Assam'}}")));
        assertThat(created).isInstanceOf(MutationEvent.InventoryItemCreated.class);
        assertThat(created.subject()).startsWith("inventory/");
        String itemId = created.subject().substring("inventory/".length());

        assertThat(run(new UpdateInventoryItem(header(), itemId, json("{'stock':9,'metadata':{'grade':'FTGFOP'}}"))))
                .isInstanceOf(MutationEvent.InventoryItemUpdated.class);
        ObjectNode item = SANDBOX.inventoryItem(STORE, Integer.parseInt(itemId)).orElseThrow();
        assertThat(item.path("stock").asInt()).isEqualTo(9);
        assertThat(item.path("name").asText()).isEqualTo("Tea Tin");
        assertThat(item.at("/metadata/origin").asText()).isEqualTo("Assam");
        assertThat(item.at("/metadata/grade").asText()).isEqualTo("FTGFOP");

        assertThat(run(new DeleteInventoryItem(header(), itemId))).isInstanceOf(MutationEvent.InventoryItemDeleted.class);
        assertThat(SANDBOX.inventoryItem(STORE, Integer.parseInt(itemId))).isEmpty();
    }

    private static JsonNode item(String orderId, String itemId) {
        for (JsonNode item : order(orderId).path("order_items")) {
            if (item.path("id").asText().equals(itemId)) {
                return item;
            }
        }
        return null;
    }

    private static JsonNode shipment(String orderId, String tracking) {
        for (JsonNode shipment : order(orderId).path("order_shipments")) {
            if (shipment.path("tracking_number").asText().equals(tracking)) {
                return shipment;
            }
        }
        return null;
    }
}
