package com.orderdeskmcp.front.audit;

import com.orderdeskmcp.model.json.JsonCodec;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON shapes of the audit answers, the same for the HTTP API and the MCP tools. Pure. */
final class AuditViews {

    private AuditViews() {
    }

    /** A search hit: who asked for what, when, and how it ended. */
    static Map<String, Object> item(AuditRecord r) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("mutation_id", r.mutationId());
        item.put("tenant_id", r.tenantId());
        item.put("store_id", r.storeId());
        item.put("order_id", r.orderId());
        item.put("subject", r.subject());
        item.put("kind", r.kind());
        item.put("outcome", r.outcome());
        item.put("requested_by", r.requestedBy());
        item.put("accepted_at", text(r.acceptedAt()));
        item.put("completed_at", text(r.completedAt()));
        item.put("attempts", r.attemptCount());
        item.put("applied_with", r.appliedWith());
        return item;
    }

    /** One event of an order's timeline, with its diff. */
    static Map<String, Object> event(AuditQueries.TimelineEntry entry) {
        AuditRecord r = entry.record();
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("mutation_id", r.mutationId());
        event.put("kind", r.kind());
        event.put("outcome", r.outcome());
        event.put("requested_by", r.requestedBy());
        event.put("accepted_at", text(r.acceptedAt()));
        event.put("completed_at", text(r.completedAt()));
        event.put("requested", r.requested());
        event.put("sent", r.sent());
        event.put("result", r.result());
        event.put("attempts", r.attempts() == null ? JsonCodec.mapper().createArrayNode() : r.attempts());
        event.put("applied_with", r.appliedWith());
        event.put("reason", r.reason());
        event.put("diff", entry.diff().stream().map(c -> {
            Map<String, Object> change = new LinkedHashMap<>();
            change.put("path", c.path());
            change.put("before", c.before());
            change.put("after", c.after());
            return change;
        }).toList());
        return event;
    }

    /** One mutation's full record: the timeline event plus where it is stored. */
    static Map<String, Object> mutation(AuditQueries.TimelineEntry entry) {
        AuditRecord r = entry.record();
        Map<String, Object> mutation = new LinkedHashMap<>();
        mutation.put("mutation_id", r.mutationId());
        mutation.put("tenant_id", r.tenantId());
        mutation.put("store_id", r.storeId());
        mutation.put("order_id", r.orderId());
        mutation.put("subject", r.subject());
        event(entry).forEach(mutation::putIfAbsent);
        mutation.put("stream", r.stream());
        mutation.put("sequence", r.sequence());
        mutation.put("hash", r.hash());
        mutation.put("global_index", r.globalIndex());
        return mutation;
    }

    static Map<String, Object> history(AuditQueries.History history) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("store_id", history.storeId());
        answer.put("order_id", history.orderId());
        answer.put("events", history.events().stream().map(AuditViews::event).toList());
        return answer;
    }

    /**
     * A page of an order's timeline in the compact form the MCP tool answers with: each event without
     * the whole orders sent and returned (audit_mutation has them), so that a long history fits in a
     * client's output budget.
     */
    static Map<String, Object> historyPage(AuditQueries.History history, int offset, int limit) {
        List<AuditQueries.TimelineEntry> events = history.events();
        int from = Math.min(offset, events.size());
        int to = Math.min(events.size(), from + limit);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("store_id", history.storeId());
        answer.put("order_id", history.orderId());
        answer.put("total", events.size());
        answer.put("events", events.subList(from, to).stream().map(entry -> {
            Map<String, Object> event = event(entry);
            event.remove("sent");
            event.remove("result");
            event.put("attempts", entry.record().attemptCount());
            return event;
        }).toList());
        answer.put("next_offset", to < events.size() ? to : null);
        return answer;
    }

    static Map<String, Object> page(AuditQueries.Page page) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("items", page.items().stream().map(AuditViews::item).toList());
        answer.put("next_offset", page.nextOffset());
        return answer;
    }

    static Map<String, Object> state(AuditQueries.OrderState state) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("store_id", state.storeId());
        answer.put("order_id", state.orderId());
        answer.put("at", text(state.at()));
        answer.put("order", state.order());
        answer.put("mutation_id", state.mutationId());
        answer.put("state", state.state());
        answer.put("not_included", state.notIncluded().stream().map(r -> {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("mutation_id", r.mutationId());
            item.put("kind", r.kind());
            item.put("outcome", r.outcome());
            item.put("completed_at", text(r.completedAt()));
            return item;
        }).toList());
        return answer;
    }

    static Map<String, Object> verify(AuditVerifier.Report report) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("ok", report.ok());
        answer.put("events_checked", report.eventsChecked());
        answer.put("streams_checked", report.streamsChecked());
        answer.put("chain_breaks", report.chainBreaks().stream().map(b -> {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("stream", b.stream());
            item.put("sequence", b.sequence());
            item.put("problem", b.problem());
            if (b.mutationId() != null) {
                item.put("mutation_id", b.mutationId());
            }
            return item;
        }).toList());
        answer.put("missing_terminal", report.missingTerminal());
        answer.put("duplicate_terminal", report.duplicateTerminal());
        answer.put("missing_terminal_total", report.missingTerminalTotal());
        answer.put("duplicate_terminal_total", report.duplicateTerminalTotal());
        answer.put("in_flight", report.inFlight());
        answer.put("checked_at", text(report.checkedAt()));
        return answer;
    }

    static Map<String, Object> replay(AuditReplay.Progress progress) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("state", progress.state().name().toLowerCase());
        answer.put("events_processed", progress.eventsProcessed());
        answer.put("events_total", progress.eventsTotal());
        answer.put("started_at", text(progress.startedAt()));
        answer.put("finished_at", text(progress.finishedAt()));
        answer.put("message", progress.message());
        return answer;
    }

    /** Export columns, in order; JSON values as JSON text. */
    static final List<String> CSV_HEADER = List.of("global_index", "mutation_id", "tenant_id", "store_id", "order_id",
            "subject", "kind", "outcome", "requested_by", "accepted_at", "completed_at", "attempts", "applied_with",
            "reason", "requested", "sent", "result", "hash");

    /** One CSV row; a value the record does not have is null, which {@link Csv} keeps apart from an empty one. */
    static List<String> csv(AuditRecord r) {
        return Arrays.asList(Long.toString(r.globalIndex()), r.mutationId(), r.tenantId(), r.storeId(), r.orderId(),
                r.subject(), r.kind(), r.outcome(), r.requestedBy(), text(r.acceptedAt()), text(r.completedAt()),
                Integer.toString(r.attemptCount()), String.join(" ", r.appliedWith()),
                r.reason(), json(r.requested()), json(r.sent()), json(r.result()), r.hash());
    }

    /** One JSON line of the export: the mutation's full record. */
    static String jsonLine(AuditRecord r) {
        Map<String, Object> line = mutation(new AuditQueries.TimelineEntry(r, List.of()));
        line.remove("diff");
        return JsonCodec.encode(line) + "\n";
    }

    private static String json(com.fasterxml.jackson.databind.JsonNode node) {
        return node == null ? null : JsonCodec.encode(node);
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
