package com.orderdeskmcp.sandbox.auth;

import com.orderdeskmcp.sandbox.http.ApiException;
import com.orderdeskmcp.sandbox.http.RawRequest;
import com.orderdeskmcp.sandbox.store.StoreConfig;
import com.orderdeskmcp.sandbox.store.StoreRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Checks the two OrderDesk credential headers that every API request must carry. */
public final class Authenticator {

  public static final String STORE_ID_HEADER = "ORDERDESK-STORE-ID";
  public static final String API_KEY_HEADER = "ORDERDESK-API-KEY";

  private final StoreRegistry stores;

  public Authenticator(StoreRegistry stores) {
    this.stores = stores;
  }

  /** Returns the store the request is for, or fails with 401. Messages never echo a key. */
  public StoreConfig authenticate(RawRequest request) {
    String storeId = request.header(STORE_ID_HEADER);
    String apiKey = request.header(API_KEY_HEADER);
    if (isBlank(storeId) || isBlank(apiKey)) {
      throw new ApiException(401, "Missing " + STORE_ID_HEADER + " or " + API_KEY_HEADER + " header");
    }
    // One message for an unknown store and a wrong key, so callers cannot probe store ids.
    return stores.find(storeId.trim())
        .filter(store -> sameKey(store.apiKey(), apiKey.trim()))
        .orElseThrow(() -> new ApiException(401, "Invalid store id or API key"));
  }

  private static boolean sameKey(String expected, String given) {
    return MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
  }

  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }
}
