package com.orderdeskmcp.worker.commands;

import com.orderdeskmcp.model.client.OrderDeskException;
import com.orderdeskmcp.model.mutation.Attempt;
import com.orderdeskmcp.model.mutation.MutationCommand;
import com.orderdeskmcp.model.mutation.MutationCommand.*;
import com.orderdeskmcp.model.mutation.MutationEvent;
import com.orderdeskmcp.model.mutation.MutationEvent.*;
import com.orderdeskmcp.model.mutation.MutationHeader;
import com.orderdeskmcp.model.orders.OrderDiff;
import com.orderdeskmcp.worker.upstream.Effect;

import java.time.Instant;
import java.util.List;

/** Names what happened: the terminal event of each command kind, for each way it can end. */
final class Outcomes {

    private Outcomes() {
    }

    /**
     * @param appliedWith the other updates coalesced into the same PUT (updates only)
     * @param changes     what this update changed in the order (updates only)
     */
    static MutationEvent applied(MutationCommand command, Effect effect, List<Attempt> attempts, Instant at,
                                 List<String> appliedWith, List<OrderDiff.Change> changes) {
        MutationHeader h = command.header();
        var requested = command.requested();
        String s = effect.subject();
        var sent = effect.sent();
        var result = effect.result();
        return switch (command) {
            case CreateOrder c -> new OrderCreated(h, s, requested, sent, result, attempts, at);
            case UpdateOrder c -> new OrderMutated(h, s, requested, sent, result, attempts, at, appliedWith, changes);
            case DeleteOrder c -> new OrderDeleted(h, s, requested, sent, result, attempts, at);
            case MoveOrder c -> new OrderMoved(h, s, requested, sent, result, attempts, at);
            case AddOrderNote c -> new OrderNoteAdded(h, s, requested, sent, result, attempts, at);
            case AddOrderItem c -> new OrderItemAdded(h, s, requested, sent, result, attempts, at);
            case UpdateOrderItem c -> new OrderItemUpdated(h, s, requested, sent, result, attempts, at);
            case DeleteOrderItem c -> new OrderItemDeleted(h, s, requested, sent, result, attempts, at);
            case AddShipment c -> new ShipmentAdded(h, s, requested, sent, result, attempts, at);
            case UpdateShipment c -> new ShipmentUpdated(h, s, requested, sent, result, attempts, at);
            case DeleteShipment c -> new ShipmentDeleted(h, s, requested, sent, result, attempts, at);
            case AddShipments c -> new ShipmentsAdded(h, s, requested, sent, result, attempts, at);
            case CreateInventoryItem c -> new InventoryItemCreated(h, s, requested, sent, result, attempts, at);
            case UpdateInventoryItem c -> new InventoryItemUpdated(h, s, requested, sent, result, attempts, at);
            case DeleteInventoryItem c -> new InventoryItemDeleted(h, s, requested, sent, result, attempts, at);
        };
    }

    static MutationEvent failed(MutationCommand command, OrderDeskException failure, List<Attempt> attempts,
                                Instant at) {
        return switch (failure.kind()) {
            case CONFLICT -> new ConflictExhausted(command.header(), command.kind(), command.subject(),
                    command.requested(), attempts, at);
            case FINAL -> rejected(command, failure.status(), failure.getMessage(), attempts, at);
            case TRANSIENT, RATE_LIMITED -> new MutationFailed(command.header(), command.kind(), command.subject(),
                    command.requested(), failure.getMessage(), attempts, at);
        };
    }

    static MutationEvent rejected(MutationCommand command, int status, String reason, List<Attempt> attempts,
                                  Instant at) {
        return new MutationRejected(command.header(), command.kind(), command.subject(), command.requested(), status,
                reason, attempts, at);
    }
}
