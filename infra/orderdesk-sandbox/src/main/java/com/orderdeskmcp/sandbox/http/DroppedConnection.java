package com.orderdeskmcp.sandbox.http;

/**
 * Ends a request by closing the connection without sending any response: what a client sees when a
 * server or proxy dies mid-request. Thrown by injected faults only.
 */
public final class DroppedConnection extends RuntimeException {

  public DroppedConnection() {
    super("connection dropped by an injected fault", null, false, false);
  }
}
