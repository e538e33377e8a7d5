package com.orderdeskmcp.worker.commands;

import com.orderdeskmcp.model.client.OrderDeskException;
import com.orderdeskmcp.model.client.StoreCredentials;
import com.orderdeskmcp.model.mutation.MutationCommand;
import com.orderdeskmcp.model.mutation.MutationCommand.*;
import com.orderdeskmcp.model.mutation.MutationEvent;
import com.orderdeskmcp.model.orders.OrderChangeValidator;
import com.orderdeskmcp.model.stores.StoreVault;
import com.orderdeskmcp.worker.inventory.InventorySteps;
import com.orderdeskmcp.worker.items.ItemSteps;
import com.orderdeskmcp.worker.orders.OrderSteps;
import com.orderdeskmcp.worker.shipments.ShipmentSteps;
import com.orderdeskmcp.worker.upstream.Effect;
import com.orderdeskmcp.worker.upstream.Execution;
import com.orderdeskmcp.worker.upstream.Executions;
import com.orderdeskmcp.worker.upstream.InvalidCommand;
import com.orderdeskmcp.worker.upstream.StartedLog;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Carries out commands against OrderDesk and says how each ended. Never throws for an upstream failure. */
@Component
class MutationExecutor {

    private final StoreVault vault;
    private final Executions executions;
    private final StartedLog startedLog;
    private final OrderSteps orders;
    private final ItemSteps items;
    private final ShipmentSteps shipments;
    private final InventorySteps inventory;

    MutationExecutor(StoreVault vault, Executions executions, StartedLog startedLog, OrderSteps orders,
                     ItemSteps items, ShipmentSteps shipments, InventorySteps inventory) {
        this.vault = vault;
        this.executions = executions;
        this.startedLog = startedLog;
        this.orders = orders;
        this.items = items;
        this.shipments = shipments;
        this.inventory = inventory;
    }

    MutationEvent execute(MutationCommand command) {
        Optional<StoreCredentials> store = vault.credentials(command.header().tenantId(), command.header().storeId());
        if (store.isEmpty()) {
            return Outcomes.rejected(command, 404, "store " + command.header().storeId()
                    + " is not registered for this tenant", List.of(), now());
        }
        if (command instanceof UpdateOrder update) {
            return updateAll(store.get(), List.of(update)).getFirst();
        }
        Execution x = executions.start(store.get());
        try {
            Effect effect = switch (command) {
                case CreateOrder c -> orders.create(x, c, startedLog.start(c.mutationId()));
                case UpdateOrder c -> throw new IllegalStateException("handled above");
                case DeleteOrder c -> orders.delete(x, c);
                case MoveOrder c -> orders.move(x, c, startedLog.start(c.mutationId()));
                case AddOrderNote c -> orders.addNote(x, c, startedLog.start(c.mutationId()));
                case AddOrderItem c -> items.add(x, c, startedLog);
                case UpdateOrderItem c -> items.update(x, c);
                case DeleteOrderItem c -> items.delete(x, c);
                case AddShipment c -> shipments.add(x, c, startedLog.start(c.mutationId()));
                case UpdateShipment c -> shipments.update(x, c);
                case DeleteShipment c -> shipments.delete(x, c);
                case AddShipments c -> shipments.addAll(x, c, startedLog.start(c.mutationId()));
                case CreateInventoryItem c -> inventory.create(x, c, startedLog.start(c.mutationId()));
                case UpdateInventoryItem c -> inventory.update(x, c);
                case DeleteInventoryItem c -> inventory.delete(x, c);
            };
            return Outcomes.applied(command, effect, x.attempts(), now(), List.of(), List.of());
        } catch (OrderDeskException e) {
            return Outcomes.failed(command, e, x.attempts(), now());
        } catch (InvalidCommand e) {
            return Outcomes.rejected(command, 400, e.getMessage(), x.attempts(), now());
        }
    }

    /**
     * Updates of one order, coalesced: invalid ones are refused on their own, the valid ones go in
     * one fetch → merge each in order → PUT. One event per update, in the order given.
     */
    List<MutationEvent> updateAll(StoreCredentials store, List<UpdateOrder> updates) {
        List<MutationEvent> events = new ArrayList<>();
        List<UpdateOrder> valid = new ArrayList<>();
        for (UpdateOrder update : updates) {
            List<String> problems = OrderChangeValidator.validate(update.changes());
            if (problems.isEmpty()) {
                valid.add(update);
            }
        }
        Execution x = executions.start(store);
        MutationEvent[] outcomeOfValid = new MutationEvent[valid.size()];
        if (!valid.isEmpty()) {
            try {
                OrderSteps.Coalesced coalesced = orders.update(x, valid.getFirst().orderId(), valid);
                List<String> ids = valid.stream().map(UpdateOrder::mutationId).toList();
                for (int i = 0; i < valid.size(); i++) {
                    String self = ids.get(i);
                    outcomeOfValid[i] = Outcomes.applied(valid.get(i), coalesced.effect(), x.attempts(), now(),
                            ids.stream().filter(id -> !id.equals(self)).toList(), coalesced.changes().get(i));
                }
            } catch (OrderDeskException e) {
                for (int i = 0; i < valid.size(); i++) {
                    outcomeOfValid[i] = Outcomes.failed(valid.get(i), e, x.attempts(), now());
                }
            }
        }
        int next = 0;
        for (UpdateOrder update : updates) {
            List<String> problems = OrderChangeValidator.validate(update.changes());
            events.add(problems.isEmpty() ? outcomeOfValid[next++]
                    : Outcomes.rejected(update, 400, String.join("; ", problems), List.of(), now()));
        }
        return events;
    }

    private java.time.Instant now() {
        return executions.clock().instant();
    }
}
