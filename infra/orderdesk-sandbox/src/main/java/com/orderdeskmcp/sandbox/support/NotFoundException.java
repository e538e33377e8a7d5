package com.orderdeskmcp.sandbox.support;

import java.util.NoSuchElementException;

/** The addressed record does not exist in this store (HTTP 404). */
public class NotFoundException extends NoSuchElementException {

  public NotFoundException(String message) {
    super(message);
  }
}
