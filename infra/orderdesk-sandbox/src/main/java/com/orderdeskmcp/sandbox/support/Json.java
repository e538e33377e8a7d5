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
    if (body == null || body.isBlank()) {
      throw new InvalidRequestException("Request body must be a JSON object");
    }
    JsonNode node;
    try {
      node = MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      // The original message names the problem without echoing the body or a stack trace.
      throw new InvalidRequestException("Malformed JSON: " + e.getOriginalMessage());
    }
    if (!(node instanceof ObjectNode object)) {
      throw new InvalidRequestException("Request body must be a JSON object");
    }
    return object;
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
