package com.orderdeskmcp.sandbox.support;

/** The request cannot be carried out as sent (HTTP 400). The message is safe to show to the client. */
public class InvalidRequestException extends IllegalArgumentException {

  public InvalidRequestException(String message) {
    super(message);
  }
}
