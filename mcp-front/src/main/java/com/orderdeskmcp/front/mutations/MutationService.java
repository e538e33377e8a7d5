package com.orderdeskmcp.front.mutations;

import com.fasterxml.jackson.databind.JsonNode;
import com.orderdeskmcp.front.mcp.ToolKit;
import com.orderdeskmcp.front.mcp.ToolResults;
import com.orderdeskmcp.front.security.TokenHash;
import com.orderdeskmcp.front.stores.StoreResolver.ResolvedStore;
import com.orderdeskmcp.model.json.JsonCodec;
import com.orderdeskmcp.model.mutation.MutationCommand;
import com.orderdeskmcp.model.mutation.MutationEvent;
import com.orderdeskmcp.model.mutation.MutationHeader;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.IntConsumer;

/**
 * The one path of every mutation tool, after its own validation: header, idempotency key, the
 * front's record of what it accepted, Kafka, the bounded wait, and the answer.
 */
@Component
public class MutationService {

    /** What every mutation tool returns (a failure of the mutation itself is a tool error instead). */
    public static final String OUTPUT_SCHEMA = """
            {"type": "object",
             "properties": {
               "status": {"type": "string", "enum": ["applied", "pending"]},
               "mutation_id": {"type": "string"},
               "store_id": {"type": "string"},
               "kind": {"type": "string"},
               "order_id": {"type": "string"},
               "subject": {"type": "string"},
               "order": {"type": "object", "description": "the order as OrderDesk stored it (create, update)"},
               "result": {"description": "OrderDesk's answer for the other kinds"},
               "message": {"type": "string"}},
             "required": ["status", "mutation_id", "store_id", "kind"]}""";

    private final MutationGateway gateway;
    private final MutationLedger ledger;

    public MutationService(MutationGateway gateway, MutationLedger ledger) {
        this.gateway = gateway;
        this.ledger = ledger;
    }

    /** Builds, accepts and sends one command, then waits for its outcome. */
    public CallToolResult submit(ToolKit.Call call, ResolvedStore store, Function<MutationHeader, MutationCommand> build) {
        return submitAll(call, store, List.of(build)).getFirst();
    }

    /**
     * Several commands from one call (a batch split per order). Each is accepted and sent before any
     * is waited for; the answers come back in the same order.
     */
    public List<CallToolResult> submitAll(ToolKit.Call call, ResolvedStore store,
                                          List<Function<MutationHeader, MutationCommand>> builds) {
        String idempotencyKey = call.args().idempotencyKey();
        List<Pending> pending = new java.util.ArrayList<>();
        for (int i = 0; i < builds.size(); i++) {
            String key = idempotencyKey == null ? null : builds.size() == 1 ? idempotencyKey : idempotencyKey + "#" + i;
            MutationHeader header = new MutationHeader(UUID.randomUUID().toString(), call.tenant().id(), store.storeId(),
                    key, call.tenant().tokenId(), Instant.now());
            MutationCommand command = builds.get(i).apply(header);
            Optional<MutationLedger.Earlier> earlier = ledger.accept(command, fingerprint(command));
            if (earlier.isPresent()) {
                if (!earlier.get().sameRequest()) {
                    throw new ToolKit.InvalidArgument("idempotency_key " + key + " was already used for a different "
                            + "request (mutation " + earlier.get().mutationId() + "); nothing was queued. Use a new key.");
                }
                pending.add(new Pending(earlier.get().mutationId(), command, false));
            } else {
                pending.add(new Pending(header.mutationId(), command, true));
            }
        }
        List<CallToolResult> results = new java.util.ArrayList<>();
        IntConsumer progress = progress(call);
        for (Pending p : pending) {
            Optional<MutationEvent> outcome = gateway.await(p.mutationId(), () -> {
                if (p.fresh()) {
                    try {
                        gateway.send(p.command(), call.trace());
                    } catch (MutationGateway.NotAccepted e) {
                        ledger.forget(p.mutationId());
                        throw e;
                    }
                    ledger.markQueued(p.mutationId());
                    return Optional.empty();
                }
                return ledger.outcome(call.tenant().id(), p.mutationId());
            }, progress);
            results.add(outcome.map(MutationService::describe).orElseGet(() -> ToolResults.success(
                    pendingAnswer(p.mutationId(), p.command()))));
        }
        return results;
    }

    private record Pending(String mutationId, MutationCommand command, boolean fresh) {
    }

    /** The answer for a terminal event: the result when it was applied, else an error saying what to do. */
    public static CallToolResult describe(MutationEvent event) {
        return switch (event) {
            case MutationEvent.Applied applied -> ToolResults.success(applied(applied));
            case MutationEvent.ConflictExhausted conflict -> ToolResults.error(("%s kept changing while we "
                    + "applied the change (%d attempts to write it); nothing was changed. Read it again and retry if "
                    + "the change still makes sense. mutation_id: %s").formatted(conflict.subject(),
                    writeAttempts(conflict), conflict.mutationId()));
            case MutationEvent.MutationRejected rejected -> ToolResults.error(
                    "OrderDesk refused the change (%d): %s. Nothing was changed. mutation_id: %s"
                            .formatted(rejected.upstreamStatus(), rejected.reason(), rejected.mutationId()));
            case MutationEvent.MutationFailed failed -> ToolResults.error(("The change could not be applied: %s. "
                    + "Nothing was changed; you may submit it again. mutation_id: %s").formatted(failed.reason(),
                    failed.mutationId()));
        };
    }

    /** Attempts that wrote upstream (the reads in between are not what the agent would count). */
    public static long writeAttempts(MutationEvent event) {
        return event.attempts().stream().filter(a -> a.step() == null || !a.step().startsWith("GET ")).count();
    }

    static Map<String, Object> applied(MutationEvent.Applied applied) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("status", "applied");
        answer.put("mutation_id", applied.mutationId());
        answer.put("store_id", applied.header().storeId());
        answer.put("kind", applied.kind());
        answer.put("subject", applied.subject());
        applied.orderId().ifPresent(id -> answer.put("order_id", id));
        JsonNode result = applied.result();
        if (("UpdateOrder".equals(applied.kind()) || "CreateOrder".equals(applied.kind())) && result != null
                && result.isObject()) {
            answer.put("order", result);
            if ("CreateOrder".equals(applied.kind())) {
                answer.put("order_id", applied.subject());
            }
        } else {
            // Once only: the order is the result of these two kinds, and a client's output budget is small.
            answer.put("result", result);
        }
        return answer;
    }

    private Map<String, Object> pendingAnswer(String mutationId, MutationCommand command) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("status", "pending");
        answer.put("mutation_id", mutationId);
        answer.put("store_id", command.header().storeId());
        answer.put("kind", command.kind());
        answer.put("subject", command.subject());
        if (command instanceof MutationCommand.OrderCommand order) {
            answer.put("order_id", order.orderId());
        }
        answer.put("message", "Accepted and queued; it will be applied in order. Ask mutations_get with this "
                + "mutation_id later.");
        return answer;
    }

    /** What makes two requests "the same" for an idempotency key: the kind, the target and the change. */
    private static String fingerprint(MutationCommand command) {
        String subject = command.subject().contains("new/") ? "new" : command.subject();
        return TokenHash.sha256Hex(command.kind() + "\u0000" + subject + "\u0000" + JsonCodec.encode(command.requested()));
    }

    private static IntConsumer progress(ToolKit.Call call) {
        Object token = call.progressToken();
        if (token == null) {
            return seconds -> {
            };
        }
        return seconds -> call.exchange().progressNotification(new McpSchema.ProgressNotification(token,
                (double) seconds, null, "queued; waiting for the worker (" + seconds + " s)", null));
    }
}
