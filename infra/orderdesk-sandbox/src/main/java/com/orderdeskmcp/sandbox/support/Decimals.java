package com.orderdeskmcp.sandbox.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.IntNode;
import java.math.BigDecimal;
import java.math.RoundingMode;

/** Numbers as OrderDesk sends them: plain JSON numbers without trailing zeros (10, 21.17). */
public final class Decimals {

  private Decimals() {
  }

  /** Reads a number that clients send either as a JSON number or as a numeric string; blank is zero. */
  public static BigDecimal read(JsonNode node, String field) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return BigDecimal.ZERO;
    }
    if (node.isNumber()) {
      return node.decimalValue();
    }
    String text = node.isTextual() ? node.asText().trim() : null;
    if (text != null && text.isEmpty()) {
      return BigDecimal.ZERO;
    }
    try {
      if (text != null) {
        return new BigDecimal(text);
      }
    } catch (NumberFormatException ignored) {
      // falls through to the error below
    }
    throw new InvalidRequestException(field + " must be a number");
  }

  public static int readInt(JsonNode node, String field, int blankValue) {
    if (node == null || node.isNull() || node.isMissingNode() || (node.isTextual() && node.asText().isBlank())) {
      return blankValue;
    }
    BigDecimal value = read(node, field);
    try {
      return value.intValueExact();
    } catch (ArithmeticException e) {
      throw new InvalidRequestException(field + " must be a whole number");
    }
  }

  public static JsonNode money(BigDecimal value) {
    return plain(value.setScale(2, RoundingMode.HALF_UP));
  }

  public static JsonNode measure(BigDecimal value) {
    return plain(value.setScale(4, RoundingMode.HALF_UP));
  }

  public static JsonNode integer(int value) {
    return IntNode.valueOf(value);
  }

  /** "1.70": discount amounts are strings with two decimals on the wire. */
  public static String moneyText(BigDecimal value) {
    return value.setScale(2, RoundingMode.HALF_UP).toPlainString();
  }

  /**
   * Whole numbers become int nodes and the rest decimal nodes, which is exactly what parsing the
   * response gives back: a stored order then equals the order a client reads.
   */
  private static JsonNode plain(BigDecimal value) {
    BigDecimal stripped = value.stripTrailingZeros();
    if (stripped.scale() <= 0) {
      try {
        return IntNode.valueOf(stripped.intValueExact());
      } catch (ArithmeticException tooLarge) {
        return DecimalNode.valueOf(stripped.setScale(0));
      }
    }
    return DecimalNode.valueOf(stripped);
  }
}
