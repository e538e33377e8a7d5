package com.orderdeskmcp.sandbox.http;

/** Ends a request with this status and an error envelope carrying the message. */
public class ApiException extends RuntimeException {

  private final int status;

  public ApiException(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  public int status() {
    return status;
  }
}
