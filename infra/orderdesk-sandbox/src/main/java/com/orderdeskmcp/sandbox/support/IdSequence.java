package com.orderdeskmcp.sandbox.support;

import java.util.concurrent.atomic.AtomicLong;

/** Numeric ids handed out as strings, increasing across the whole sandbox like OrderDesk's internal ids. */
public final class IdSequence {

  private final AtomicLong next;

  public IdSequence(long first) {
    this.next = new AtomicLong(first);
  }

  public String next() {
    return Long.toString(next.getAndIncrement());
  }
}
