package com.orderdeskmcp.model.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;

/**
 * The one JSON configuration of the project: Kafka payloads, event payloads in the event store,
 * OrderDesk bodies and MCP results all go through this mapper.
 */
public final class JsonCodec {

    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    // The apps parse and write on virtual threads, a new one per task: Jackson's default
                    // thread-local pool would give each its own fresh buffers (tens of KB per mutation, and
                    // held while the thread lives); a shared bounded pool reuses them.
                    .recyclerPool(JsonRecyclerPools.sharedBoundedPool())
                    .build())
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            // Tolerant reader: a newer producer may add fields an older consumer does not know yet.
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private JsonCodec() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static String encode(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new JsonCodecException("cannot encode " + value.getClass().getSimpleName(), e);
        }
    }

    /** As {@link #encode}, as UTF-8 bytes (what an HTTP body carries) without a String in between. */
    public static byte[] encodeBytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new JsonCodecException("cannot encode " + value.getClass().getSimpleName(), e);
        }
    }

    public static <T> T decode(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new JsonCodecException("cannot decode " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }

    public static JsonNode tree(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new JsonCodecException("malformed JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** As {@link #tree(String)}, from bytes (UTF-8, or the other encodings JSON allows). */
    public static JsonNode tree(byte[] json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new JsonCodecException("malformed JSON: " + (e instanceof JsonProcessingException p
                    ? p.getOriginalMessage() : e.getMessage()), e);
        }
    }

    public static JsonNode toTree(Object value) {
        return MAPPER.valueToTree(value);
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    public static final class JsonCodecException extends RuntimeException {
        public JsonCodecException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
