package com.orderdeskmcp.front.audit;

import com.orderdeskmcp.front.security.Tenant;
import com.orderdeskmcp.model.json.JsonCodec;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * The auditor's HTTP API under {@code /audit/api} (an auditor or operator token: the bearer filter has
 * checked it; every answer is scoped to the caller's tenant), and the operator's replay under
 * {@code /admin/audit/replay} (operator tokens only, enforced by the filter). JSON bodies, errors as
 * {@code {"error","message"}}, never a stack trace.
 */
@RestController
class AuditApi {

    private static final Logger log = LoggerFactory.getLogger(AuditApi.class);
    private static final String ID = "[A-Za-z0-9_-]{1,100}";

    private final AuditQueries queries;
    private final AuditVerifier verifier;
    private final AuditReplay replay;

    AuditApi(AuditQueries queries, AuditVerifier verifier, AuditReplay replay) {
        this.queries = queries;
        this.verifier = verifier;
        this.replay = replay;
    }

    @GetMapping("/audit/api/search")
    ResponseEntity<String> search(HttpServletRequest request,
                                  @RequestParam(name = "from", required = false) String from,
                                  @RequestParam(name = "to", required = false) String to,
                                  @RequestParam(name = "store", required = false) String store,
                                  @RequestParam(name = "order", required = false) String order,
                                  @RequestParam(name = "kind", required = false) String kind,
                                  @RequestParam(name = "outcome", required = false) String outcome,
                                  @RequestParam(name = "limit", defaultValue = "50") int limit,
                                  @RequestParam(name = "offset", defaultValue = "0") int offset) {
        if (limit < 1 || limit > 500 || offset < 0) {
            throw new BadRequest("limit must be 1-500 and offset at least 0");
        }
        Tenant caller = caller(request);
        var criteria = new AuditQueries.Criteria(instant("from", from), instant("to", to),
                blank(store) == null ? null : queries.store(caller, store),
                optionalId("order", order), optionalId("kind", kind), optionalId("outcome", outcome));
        return json(AuditViews.page(queries.search(caller, criteria, limit, offset)));
    }

    @GetMapping("/audit/api/orders/{orderId}/history")
    ResponseEntity<String> history(HttpServletRequest request, @PathVariable("orderId") String orderId,
                                   @RequestParam(name = "store", required = false) String store) {
        Tenant caller = caller(request);
        String order = id("order id", orderId);
        return json(AuditViews.history(queries.history(caller, queries.storeOf(caller, store, order), order)));
    }

    @GetMapping("/audit/api/orders/{orderId}/state")
    ResponseEntity<String> state(HttpServletRequest request, @PathVariable("orderId") String orderId,
                                 @RequestParam(name = "store", required = false) String store,
                                 @RequestParam(name = "at", required = false) String at) {
        Tenant caller = caller(request);
        String order = id("order id", orderId);
        Instant instant = at == null || at.isBlank() ? Instant.now() : instant("at", at);
        return json(AuditViews.state(queries.stateAt(caller, queries.storeOf(caller, store, order), order, instant)));
    }

    @GetMapping("/audit/api/mutations/{mutationId}")
    ResponseEntity<String> mutation(HttpServletRequest request, @PathVariable("mutationId") String mutationId) {
        String id = id("mutation id", mutationId);
        return queries.mutation(caller(request), id)
                .map(entry -> json(AuditViews.mutation(entry)))
                .orElseGet(() -> error(HttpStatus.NOT_FOUND, "not_found", "no mutation " + id + " in this tenant's history"));
    }

    @GetMapping("/audit/api/verify")
    ResponseEntity<String> verify(HttpServletRequest request) {
        return json(AuditViews.verify(verifier.verify(caller(request))));
    }

    @GetMapping("/audit/api/export")
    ResponseEntity<StreamingResponseBody> export(HttpServletRequest request,
                                                 @RequestParam(name = "from", required = false) String from,
                                                 @RequestParam(name = "to", required = false) String to,
                                                 @RequestParam(name = "format", defaultValue = "jsonl") String format) {
        Tenant caller = caller(request);
        Instant start = instant("from", from);
        Instant end = instant("to", to);
        AuditQueries.checkRange(start, end); // before the first byte: afterwards no 400 can be sent
        boolean csv = switch (format) {
            case "csv" -> true;
            case "jsonl" -> false;
            default -> throw new BadRequest("format must be jsonl or csv");
        };
        StreamingResponseBody body = out -> {
            Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
            if (csv) {
                writer.write(Csv.line(AuditViews.CSV_HEADER));
            }
            try {
                queries.export(caller, start, end, record -> {
                    try {
                        writer.write(csv ? Csv.line(AuditViews.csv(record)) : AuditViews.jsonLine(record));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (UncheckedIOException e) {
                throw e.getCause(); // the client went away
            }
            writer.flush();
        };
        String name = "audit-" + LocalDate.now(ZoneOffset.UTC) + (csv ? ".csv" : ".jsonl");
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + name + "\"")
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .contentType(csv ? new MediaType("text", "csv", StandardCharsets.UTF_8)
                        : new MediaType("application", "x-ndjson", StandardCharsets.UTF_8))
                .body(body);
    }

    @PostMapping("/admin/audit/replay")
    ResponseEntity<String> startReplay() {
        try {
            return json(HttpStatus.ACCEPTED, AuditViews.replay(replay.start()));
        } catch (AuditQueries.AuditProblem e) {
            return error(HttpStatus.CONFLICT, "conflict", e.getMessage());
        }
    }

    @GetMapping("/admin/audit/replay")
    ResponseEntity<String> replayProgress() {
        return json(AuditViews.replay(replay.progress()));
    }

    /** The static page's entry points (the page itself is in static/audit, served without a token). */
    @GetMapping({"/audit", "/audit/"})
    ResponseEntity<Void> page() {
        return ResponseEntity.status(HttpStatus.FOUND).header(HttpHeaders.LOCATION, "/audit/index.html").build();
    }

    @ExceptionHandler({BadRequest.class, AuditQueries.AuditProblem.class})
    ResponseEntity<String> badRequest(RuntimeException e) {
        return error(HttpStatus.BAD_REQUEST, "bad_request", e.getMessage());
    }

    @ExceptionHandler({MissingServletRequestParameterException.class, MethodArgumentTypeMismatchException.class})
    ResponseEntity<String> badParameter(Exception e) {
        String name = e instanceof MissingServletRequestParameterException m ? m.getParameterName()
                : ((MethodArgumentTypeMismatchException) e).getName();
        return error(HttpStatus.BAD_REQUEST, "bad_request", "parameter " + name + " is missing or malformed");
    }

    @ExceptionHandler(RuntimeException.class)
    ResponseEntity<String> failure(RuntimeException e) {
        log.error("audit API failed: {}", e.getClass().getName(), e);
        return error(HttpStatus.INTERNAL_SERVER_ERROR, "internal_error", "the audit query failed; it was logged");
    }

    private static Tenant caller(HttpServletRequest request) {
        if (request.getAttribute(Tenant.ATTRIBUTE) instanceof Tenant tenant) {
            return tenant;
        }
        throw new IllegalStateException("no authenticated caller on an audit request (filter not applied)");
    }

    private static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            try {
                return LocalDate.parse(value.trim()).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException again) {
                throw new BadRequest(name + " must be an ISO-8601 instant (2026-01-31T12:00:00Z) or date");
            }
        }
    }

    private static String id(String name, String value) {
        if (value == null || !value.trim().matches(ID)) {
            throw new BadRequest(name + " must be letters, digits, - or _ (at most 100)");
        }
        return value.trim();
    }

    private static String optionalId(String name, String value) {
        return value == null || value.isBlank() ? null : id(name, value);
    }

    private static String blank(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static ResponseEntity<String> json(Map<String, Object> body) {
        return json(HttpStatus.OK, body);
    }

    private static ResponseEntity<String> json(HttpStatus status, Map<String, Object> body) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).header(HttpHeaders.CACHE_CONTROL,
                "no-store").body(JsonCodec.encode(body));
    }

    private static ResponseEntity<String> error(HttpStatus status, String error, String message) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON)
                .body(JsonCodec.encode(Map.of("error", error, "message", message)));
    }

    static final class BadRequest extends RuntimeException {
        BadRequest(String message) {
            super(message, null, false, false);
        }
    }
}
