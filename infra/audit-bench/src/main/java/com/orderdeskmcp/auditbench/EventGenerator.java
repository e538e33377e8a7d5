package com.orderdeskmcp.auditbench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.orderdeskmcp.model.audit.EventStoreSchema;
import com.orderdeskmcp.model.audit.HashChain;
import com.orderdeskmcp.model.json.JsonCodec;
import com.orderdeskmcp.model.mutation.MutationEvent;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.io.PrintStream;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.IntStream;

/**
 * Fills the event store with realistic terminal events, written as the worker's {@code EventRecorder}
 * writes them: each built as a {@link MutationEvent} (decoded from its JSON, so the generator does not
 * depend on the records' constructors), chained with {@link EventStoreSchema#chained} and appended by
 * Axon's {@link JdbcEventStorageEngine} with the shared schema and serializer; plus the front's
 * {@code accepted_mutation} row (queued) of each. Streams are interleaved in the global order as they
 * would be in production: round r appends event r of every stream, the streams in a shuffled order.
 */
final class EventGenerator {

    /** How the events are spread: {@code stores} stores over {@code tenants} tenants, {@code perStream} events per order. */
    record Plan(int events, int stores, int tenants, int perStream) {
        int streams() {
            return events / perStream;
        }
    }

    /** What was written. */
    record Written(long events, long streams, long payloadBytes, long seconds) {
    }

    private static final int ROWS_PER_TRANSACTION = 2000;

    private final DataSource dataSource;
    private final List<ObjectNode> orders;
    private final Plan plan;
    private final Instant start = Instant.now().minus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MILLIS);

    EventGenerator(DataSource dataSource, List<ObjectNode> sandboxOrders, Plan plan) {
        this.dataSource = dataSource;
        this.orders = sandboxOrders;
        this.plan = plan;
    }

    static String storeId(int store) {
        return Integer.toString(2001 + store);
    }

    static String tenantId(int store, Plan plan) {
        return "tenant" + (store % plan.tenants());
    }

    /** One OrderMutated as the worker records an update of a sandbox order: the payload whose size the README quotes. */
    static byte[] sampleOrderMutated(ObjectNode order) {
        EventGenerator generator = new EventGenerator(null, List.of(order), new Plan(10, 1, 1, 10));
        MutationEvent event = generator.event(0, 1, 1);
        return EventStoreSchema.serializer().serialize(event, byte[].class).getData();
    }

    Written generate(PrintStream out) {
        long began = System.nanoTime();
        var transactions = new DataSourceTransactionManager(dataSource);
        JdbcEventStorageEngine engine = EventStoreSchema.storageEngine(
                new SpringDataSourceConnectionProvider(dataSource), new SpringTransactionManager(transactions),
                EventStoreSchema.serializer()).build();
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        TransactionTemplate transaction = new TransactionTemplate(transactions);
        int streams = plan.streams();
        String[] previous = new String[streams];
        java.util.Arrays.fill(previous, HashChain.GENESIS);
        int[] order = IntStream.range(0, streams).toArray();
        Random shuffle = new Random(7);
        long written = 0;
        for (int round = 0; round < plan.perStream(); round++) {
            for (int i = streams - 1; i > 0; i--) {
                int j = shuffle.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            for (int from = 0; from < streams; from += ROWS_PER_TRANSACTION) {
                int to = Math.min(streams, from + ROWS_PER_TRANSACTION);
                int r = round;
                // Build and chain in parallel (hashing is the costly part); each stream's link depends only
                // on its own previous event, which an earlier round wrote.
                List<GenericDomainEventMessage<MutationEvent>> batch = IntStream.range(from, to).parallel()
                        .mapToObj(k -> {
                            int stream = order[k];
                            MutationEvent event = event(stream, r, written(stream, r));
                            return EventStoreSchema.chained(event, r, previous[stream]);
                        }).toList();
                for (int k = from; k < to; k++) {
                    previous[order[k]] = (String) batch.get(k - from).getMetaData().get("hash");
                }
                transaction.executeWithoutResult(status -> {
                    jdbc.batchUpdate("""
                            INSERT INTO front.accepted_mutation (mutation_id, tenant_id, store_id, kind, subject,
                              request_sha256, requested_by, accepted_at, queued)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, TRUE)""", batch, batch.size(), (ps, m) -> {
                        MutationEvent e = m.getPayload();
                        ps.setString(1, e.mutationId());
                        ps.setString(2, e.header().tenantId());
                        ps.setString(3, e.header().storeId());
                        ps.setString(4, e.kind());
                        ps.setString(5, e.subject());
                        ps.setString(6, "0".repeat(64));
                        ps.setString(7, e.header().requestedBy());
                        ps.setTimestamp(8, Timestamp.from(e.header().acceptedAt()));
                    });
                    engine.appendEvents(batch);
                });
                written += batch.size();
            }
            out.printf("  generated %,d / %,d events%n", written, (long) streams * plan.perStream());
        }
        Long bytes = jdbc.queryForObject("SELECT sum(length(payload)) FROM domain_event_entry", Long.class);
        return new Written(written, streams, bytes == null ? 0 : bytes, (System.nanoTime() - began) / 1_000_000_000L);
    }

    private static long written(int stream, int round) {
        return (long) round * 1_000_000 + stream;
    }

    /** Event {@code round} of {@code stream}: a create first, then mostly updates, some notes and rejections. */
    MutationEvent event(int stream, int round, long salt) {
        Random random = new Random(salt * 31 + 17);
        int store = stream % plan.stores();
        String storeId = storeId(store);
        String orderId = Integer.toString(100_000 + stream / plan.stores());
        Instant accepted = start.plusSeconds((long) round * 86_400 * 3 + random.nextInt(86_400 * 3))
                .plusMillis(random.nextInt(1000));
        Instant completed = accepted.plusMillis(40 + random.nextInt(2000));
        ObjectNode before = state(stream, round - 1);
        ObjectNode after = state(stream, round);
        ObjectNode json = JsonCodec.object();
        ObjectNode header = json.putObject("header");
        header.put("mutationId", UUID.nameUUIDFromBytes(("m" + stream + "/" + round).getBytes()).toString());
        header.put("tenantId", tenantId(store, plan));
        header.put("storeId", storeId);
        header.putNull("idempotencyKey");
        header.put("requestedBy", "odm_" + Integer.toHexString(0x1000_0000 + store * 7919));
        header.put("acceptedAt", accepted.toString());
        json.put("subject", orderId);
        json.put("completedAt", completed.toString());
        int kind = round == 0 ? 0 : random.nextInt(10);
        if (kind == 0 && round == 0) {
            json.put("type", "OrderCreated");
            ObjectNode requested = after.deepCopy();
            requested.remove(List.of("id", "date_added", "date_updated"));
            json.set("requested", requested);
            json.set("sent", requested);
            json.set("result", after);
            json.set("attempts", attempts(accepted, "POST /orders", 201, "ok"));
        } else if (kind < 8) {
            json.put("type", "OrderMutated");
            ObjectNode requested = JsonCodec.object();
            requested.putObject("shipping").put("city", after.at("/shipping/city").asText());
            requested.put("email", after.path("email").asText());
            json.set("requested", requested);
            json.set("sent", after);
            json.set("result", after);
            json.set("attempts", attempts(accepted, "PUT /orders/{id}", 200, "ok"));
            json.putArray("appliedWith");
            ArrayNode changes = json.putArray("changes");
            changes.addObject().put("path", "shipping.city").put("before", before.at("/shipping/city").asText())
                    .put("after", after.at("/shipping/city").asText());
            changes.addObject().put("path", "email").put("before", before.path("email").asText())
                    .put("after", after.path("email").asText());
        } else if (kind == 8) {
            json.put("type", "OrderNoteAdded");
            ObjectNode note = JsonCodec.object().put("note", "Customer called about delivery, round " + round);
            json.set("requested", note);
            json.set("sent", note);
            json.set("result", after);
            json.set("attempts", attempts(accepted, "POST /orders/{id}/order-history", 200, "ok"));
        } else {
            json.put("type", "MutationRejected");
            json.put("kind", "UpdateOrder");
            json.set("requested", JsonCodec.object().put("email", "not-an-email-" + round));
            json.put("upstreamStatus", 422);
            json.put("reason", "Invalid email address");
            json.set("attempts", attempts(accepted, "PUT /orders/{id}", 422, "rejected"));
        }
        try {
            return JsonCodec.mapper().treeToValue(json, MutationEvent.class);
        } catch (Exception e) {
            throw new IllegalStateException("generated event does not decode: " + json, e);
        }
    }

    /** The order of {@code stream} after its event {@code round}: a sandbox order with its own id, email and city. */
    private ObjectNode state(int stream, int round) {
        ObjectNode order = orders.get(stream % orders.size()).deepCopy();
        order.put("id", Integer.toString(100_000 + stream / plan.stores()));
        order.put("email", "customer" + stream + "+" + Math.max(0, round) + "@example.com");
        JsonNode shipping = order.get("shipping");
        if (shipping instanceof ObjectNode s) {
            s.put("city", CITIES[Math.floorMod(stream + round, CITIES.length)]);
        }
        order.put("date_updated", start.plusSeconds(Math.max(0, round) * 3L * 86_400).toString().replace('T', ' ')
                .replace("Z", ""));
        return order;
    }

    private static ArrayNode attempts(Instant at, String step, int status, String outcome) {
        ArrayNode attempts = JsonCodec.mapper().createArrayNode();
        attempts.addObject().put("number", 1).put("step", "GET /orders/{id}").put("startedAt", at.plusMillis(3).toString())
                .put("durationMillis", 12).put("status", 200).put("outcome", "ok");
        attempts.addObject().put("number", 2).put("step", step).put("startedAt", at.plusMillis(18).toString())
                .put("durationMillis", 15).put("status", status).put("outcome", outcome);
        return attempts;
    }

    private static final String[] CITIES = {"Berlin", "Hamburg", "Munich", "Cologne", "Frankfurt", "Stuttgart",
            "Leipzig", "Dresden", "Hanover", "Nuremberg", "Bremen", "Essen"};
}
