package com.orderdeskmcp.model.audit;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.util.JsonGeneratorDelegate;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.orderdeskmcp.model.json.JsonCodec;
import com.orderdeskmcp.model.mutation.MutationEvent;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The audit log's storage format, shared by the app that writes it (the worker's event store) and
 * the apps that read it (mcp-front's projections and verification): table and column names, the
 * serializer, and how one terminal event becomes one chained domain event.
 */
public final class EventStoreSchema {

    /** Axon's aggregate type for every stream (orders and inventory items alike). */
    public static final String STREAM_TYPE = "Order";

    /** Axon's default names are camelCase (DomainEventEntry.globalIndex); ours are plain SQL snake_case. */
    public static final EventSchema EVENT_SCHEMA = EventSchema.builder()
            .eventTable("domain_event_entry")
            .snapshotTable("snapshot_event_entry")
            .globalIndexColumn("global_index")
            .timestampColumn("time_stamp")
            .eventIdentifierColumn("event_identifier")
            .aggregateIdentifierColumn("aggregate_identifier")
            .sequenceNumberColumn("sequence_number")
            .typeColumn("type")
            .payloadTypeColumn("payload_type")
            .payloadRevisionColumn("payload_revision")
            .payloadColumn("payload")
            .metaDataColumn("meta_data")
            .build();

    /** The worker's token table (public.token_entry). */
    public static final TokenSchema TOKEN_SCHEMA = tokenSchema("token_entry");

    private EventStoreSchema() {
    }

    /** Axon's token table layout under another name, e.g. {@code front.token_entry} for the front's processors. */
    public static TokenSchema tokenSchema(String table) {
        return TokenSchema.builder()
                .setTokenTable(table)
                .setProcessorNameColumn("processor_name")
                .setSegmentColumn("segment")
                .setTokenColumn("token")
                .setTokenTypeColumn("token_type")
                .setTimestampColumn("timestamp")
                .setOwnerColumn("owner")
                .build();
    }

    /** Payloads, metadata and tokens as JSON through the project's one mapper configuration. */
    public static JacksonSerializer serializer() {
        // A copy: Axon registers its own modules on the mapper it is given.
        return JacksonSerializer.builder().objectMapper(JsonCodec.mapper().copy()).build();
    }

    /**
     * A storage engine for the event store as the worker writes it (this schema, {@code serializer} for
     * payloads and snapshots: one of {@link #serializer()}), for the caller to finish with options of its
     * own and build. A handler that asks a message read through it for its serialized payload gets the
     * stored bytes as they are only from this same serializer instance; from another, Axon deserializes
     * the payload and serializes it again.
     */
    public static JdbcEventStorageEngine.Builder storageEngine(ConnectionProvider connections,
                                                               TransactionManager transactions,
                                                               Serializer serializer) {
        return JdbcEventStorageEngine.builder()
                .connectionProvider(connections)
                .transactionManager(transactions)
                .eventSerializer(serializer)
                .snapshotSerializer(serializer)
                .schema(EVENT_SCHEMA);
    }

    /**
     * The JSON of the terminal event a row {@code p} of the worker's ledger ({@code processed_mutation})
     * names, with {@link #LEDGER_JOIN_EVENT}: the payload of that event ({@code e}), or the copy kept by a
     * row written before the ledger named its event. Both are the event's canonical JSON.
     */
    public static final String LEDGER_EVENT_JSON = "coalesce(p.event_json, convert_from(e.payload, 'UTF8'))";
    public static final String LEDGER_JOIN_EVENT =
            " LEFT JOIN public.domain_event_entry e ON e.event_identifier = p.event_identifier ";

    /** The event type that enters the hash chain: the payload's simple class name, e.g. {@code OrderMutated}. */
    public static String type(MutationEvent event) {
        return event.getClass().getSimpleName();
    }

    /**
     * {@code event} as the domain event at {@code sequence} of its stream, carrying its chain link
     * ({@code hash}, {@code previousHash}) in its metadata.
     */
    public static GenericDomainEventMessage<MutationEvent> chained(MutationEvent event, long sequence, String previousHash) {
        return chained(event, canonical(event), sequence, previousHash, UUID.randomUUID().toString());
    }

    /**
     * {@code HashChain.canonical(JsonCodec.toTree(event))}, written straight from the event instead of
     * through a tree (building the tree of an event that holds two whole orders was a quarter of the
     * worker's CPU): the same mapper with every object's properties sorted, and the type id, which
     * Jackson would write first, written where it sorts among the top-level properties instead.
     * {@code EventStoreSchemaTest} checks both give the same text for every event type.
     */
    public static String canonical(MutationEvent event) {
        String typeId = TYPE_IDS.get(event.getClass());
        if (typeId == null) {
            return HashChain.canonical(JsonCodec.toTree(event)); // not a declared subtype: the plain way
        }
        StringWriter out = new StringWriter(4096);
        try (JsonGenerator generator = new TypeInPlace(SORTED.getFactory().createGenerator(out), typeId)) {
            SORTED.writeValue(generator, event);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot encode " + type(event), e);
        }
        return out.toString();
    }

    /** Each event class's type id, as {@link MutationEvent}'s {@code @JsonSubTypes} names it. */
    private static final Map<Class<?>, String> TYPE_IDS = Arrays.stream(
                    MutationEvent.class.getAnnotation(JsonSubTypes.class).value())
            .collect(Collectors.toUnmodifiableMap(JsonSubTypes.Type::value, JsonSubTypes.Type::name));

    /** The project's mapper, writing properties, map entries and tree nodes sorted, and no type id. */
    private static final ObjectMapper SORTED = ((JsonMapper) JsonCodec.mapper()).rebuild()
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .disable(MapperFeature.SORT_CREATOR_PROPERTIES_FIRST)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(JsonNodeFeature.WRITE_PROPERTIES_SORTED)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
            .addMixIn(MutationEvent.class, Untyped.class)
            .build();

    @JsonTypeInfo(use = JsonTypeInfo.Id.NONE)
    private interface Untyped {
    }

    /** Writes {@code "type": name} just before the first top-level property that sorts after it, or last. */
    private static final class TypeInPlace extends JsonGeneratorDelegate {

        private final String type;
        private boolean written;

        TypeInPlace(JsonGenerator delegate, String type) {
            super(delegate, false);
            this.type = type;
        }

        private boolean topLevel() {
            JsonStreamContext context = delegate.getOutputContext();
            return context.inObject() && context.getParent() != null && context.getParent().inRoot();
        }

        private void typeBefore(String name) throws IOException {
            if (!written && topLevel() && (name == null || name.compareTo("type") > 0)) {
                written = true;
                delegate.writeStringField("type", type);
            }
        }

        @Override
        public void writeFieldName(String name) throws IOException {
            typeBefore(name);
            super.writeFieldName(name);
        }

        @Override
        public void writeFieldName(SerializableString name) throws IOException {
            typeBefore(name.getValue());
            super.writeFieldName(name);
        }

        @Override
        public void writeEndObject() throws IOException {
            typeBefore(null);
            super.writeEndObject();
        }
    }

    /**
     * As {@link #chained(MutationEvent, long, String)}, for a caller that has the event's canonical JSON
     * ({@link HashChain#canonical}) already and has chosen the event's identifier (the worker's ledger
     * names the event by it). That text is both what the hash covers and the payload the event store
     * keeps, byte for byte, so a verifier can hash the stored bytes without parsing them.
     */
    public static GenericDomainEventMessage<MutationEvent> chained(MutationEvent event, String canonicalJson,
                                                                   long sequence, String previousHash,
                                                                   String eventIdentifier) {
        String stream = event.key().value();
        byte[] payload = canonicalJson.getBytes(StandardCharsets.UTF_8);
        String hash = HashChain.hashOfCanonical(previousHash, stream, sequence, type(event), payload);
        return new CanonicalEventMessage(stream, sequence, event, payload,
                MetaData.with("hash", hash).and("previousHash", previousHash), eventIdentifier);
    }

    /**
     * A domain event whose payload serializes to the canonical JSON it was hashed with, instead of
     * Axon serializing the event again (the storage engine asks the message for its serialized payload).
     * The JSON is the one the serializer reads back: same mapper, properties in sorted order.
     */
    private static final class CanonicalEventMessage extends GenericDomainEventMessage<MutationEvent> {

        private final byte[] canonicalJson;

        CanonicalEventMessage(String stream, long sequence, MutationEvent event, byte[] canonicalJson, MetaData metaData,
                              String identifier) {
            super(STREAM_TYPE, stream, sequence, event, metaData, identifier, GenericEventMessage.clock.instant());
            this.canonicalJson = canonicalJson;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <R> SerializedObject<R> serializePayload(Serializer serializer, Class<R> expectedRepresentation) {
            if (expectedRepresentation == byte[].class) {
                return (SerializedObject<R>) new SimpleSerializedObject<>(canonicalJson, byte[].class,
                        serializer.typeForClass(getPayloadType()));
            }
            return super.serializePayload(serializer, expectedRepresentation);
        }
    }
}
