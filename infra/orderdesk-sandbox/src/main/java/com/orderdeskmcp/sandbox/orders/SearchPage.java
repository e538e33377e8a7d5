package com.orderdeskmcp.sandbox.orders;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** One page of a search: {@code totalRecords} counts every match, {@code orders} only this page. */
public record SearchPage(int totalRecords, List<ObjectNode> orders) {

  public SearchPage {
    orders = List.copyOf(orders);
  }
}
