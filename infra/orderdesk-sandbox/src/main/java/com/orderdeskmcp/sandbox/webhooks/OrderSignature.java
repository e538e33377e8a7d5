package com.orderdeskmcp.sandbox.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code X-ORDER-DESK-HASH}: the hex HMAC-SHA256 of the {@code order} JSON string, keyed with the
 * store's API key, as OrderDesk's PHP client checks it
 * ({@code hash_hmac('sha256', $order_json, $api_key)}).
 */
public final class OrderSignature {

  private OrderSignature() {
  }

  public static String sign(String orderJson, String apiKey) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(apiKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(orderJson.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
