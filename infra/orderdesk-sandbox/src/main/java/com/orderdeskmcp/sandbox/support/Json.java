package com.orderdeskmcp.sandbox.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The sandbox's one JSON configuration, plus lenient readers for the API's loosely typed fields. */
public final class Json {

  private static final ObjectMapper MAPPER = JsonMapper.builder()
      // Money must round-trip exactly ("21.17" stays 21.17, not a double).
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      // "{...} garbage" is malformed, not a valid object followed by noise.
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
      .build();

  private Json() {
  }

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  public static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  public static ArrayNode array() {
    return MAPPER.createArrayNode();
  }

  /** Parses a request body that must be a JSON object. */
  public static ObjectNode parseObject(String body) {
    // The parser's own message names the problem without echoing the body or a stack trace.
    JsonNode node = parse(body, "Request body must be a JSON object");
    if (!(node instanceof ObjectNode object)) {
      throw new InvalidRequestException("Request body must be a JSON object");
    }
    return object;
  }

  /** Parses a request body that must be a bare JSON array (the batch endpoints). */
  public static ArrayNode parseArray(String body) {
    JsonNode node = parse(body, "Request body must be a JSON array");
    if (!(node instanceof ArrayNode array)) {
      throw new InvalidRequestException("Request body must be a JSON array");
    }
    return array;
  }

  /** Parses any JSON value. */
  public static JsonNode parse(String body, String whenEmpty) {
    if (body == null || body.isBlank()) {
      throw new InvalidRequestException(whenEmpty);
    }
    try {
      return MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw new InvalidRequestException("Malformed JSON: " + e.getOriginalMessage());
    }
  }

  public static String writeString(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot serialise a JSON tree", e);
    }
  }

  /**
   * RFC 7386 JSON merge patch: members of {@code patch} replace those of {@code target}, objects
   * merge recursively, and a null member removes the field.
   */
  public static void mergePatch(ObjectNode target, JsonNode patch) {
    patch.properties().forEach(field -> {
      JsonNode value = field.getValue();
      if (value.isNull()) {
        target.remove(field.getKey());
      } else if (value.isObject() && target.get(field.getKey()) instanceof ObjectNode nested) {
        mergePatch(nested, value);
      } else {
        target.set(field.getKey(), value.deepCopy());
      }
    });
  }

  public static byte[] write(JsonNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot serialise a JSON tree", e);
    }
  }

  /** A field as text the way OrderDesk stores it: absent and null become "", scalars their plain text. */
  public static String text(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return "";
    }
    if (node.isNumber()) {
      return node.decimalValue().stripTrailingZeros().toPlainString();
    }
    return node.isValueNode() ? node.asText() : node.toString();
  }

  public static boolean isBlank(JsonNode node) {
    return text(node).isBlank();
  }
}
