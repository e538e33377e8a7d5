package com.orderdeskmcp.sandbox.control;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/** Pending injected faults, consumed first-registered first. */
public final class FaultInjector {

  private final List<FaultRule> rules = new ArrayList<>();

  public synchronized void add(FaultRule rule) {
    rules.add(rule);
  }

  /** The status to answer this request with, if a rule matches; the rule loses one use. */
  public synchronized OptionalInt take(String storeId, String method, String orderId) {
    for (int i = 0; i < rules.size(); i++) {
      FaultRule rule = rules.get(i);
      if (rule.matches(storeId, method, orderId)) {
        if (rule.remaining() == 1) {
          rules.remove(i);
        } else {
          rules.set(i, rule.used());
        }
        return OptionalInt.of(rule.status());
      }
    }
    return OptionalInt.empty();
  }

  public synchronized void clear() {
    rules.clear();
  }
}
