package com.orderdeskmcp.sandbox.support;

/** The record changed since the client read it (HTTP 409, a sandbox extension). */
public class ConflictException extends IllegalStateException {

  public ConflictException(String message) {
    super(message);
  }

  public static ConflictException modifiedSince(String sent, String stored) {
    return new ConflictException("Order was modified since " + sent + " (date_updated " + stored + ")");
  }
}
