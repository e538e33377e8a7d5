package com.orderdeskmcp.sandbox;

import java.util.ArrayList;
import java.util.List;

/**
 * The arguments of {@link OrderDeskSandbox#main}.
 *
 * @param stores store id and API key pairs, from {@code --store ID:KEY}
 * @param seedOrders orders to seed into each store
 */
record SandboxCommandLine(int port, List<Store> stores, int seedOrders, boolean rateLimit) {

  static final int DEFAULT_PORT = 8089;
  static final String USAGE = """
      Usage: java -jar orderdesk-sandbox.jar --store ID:KEY [--store ID:KEY ...] [--port N] [--seed N] [--no-rate-limit]
        --port N          port on 127.0.0.1 (default 8089, 0 = any free port)
        --store ID:KEY    a store and its API key; repeatable, at least one
        --seed N          seed N realistic orders into each store (default 0)
        --no-rate-limit   turn off OrderDesk's 20-request / 3-per-second bucket""";

  record Store(String id, String apiKey) {
    @Override
    public String toString() {
      return "Store[id=" + id + "]";
    }
  }

  SandboxCommandLine {
    stores = List.copyOf(stores);
  }

  static SandboxCommandLine parse(String[] args) {
    int port = DEFAULT_PORT;
    int seed = 0;
    boolean rateLimit = true;
    List<Store> stores = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "--port" -> port = number(arg, valueAfter(args, i++));
        case "--seed" -> seed = number(arg, valueAfter(args, i++));
        case "--store" -> stores.add(store(valueAfter(args, i++)));
        case "--no-rate-limit" -> rateLimit = false;
        default -> throw new IllegalArgumentException("Unknown argument " + arg);
      }
    }
    if (stores.isEmpty()) {
      throw new IllegalArgumentException("At least one --store ID:KEY is required");
    }
    if (seed < 0) {
      throw new IllegalArgumentException("--seed must not be negative");
    }
    return new SandboxCommandLine(port, stores, seed, rateLimit);
  }

  private static String valueAfter(String[] args, int i) {
    if (i + 1 >= args.length) {
      throw new IllegalArgumentException(args[i] + " needs a value");
    }
    return args[i + 1];
  }

  private static Store store(String value) {
    int colon = value.indexOf(':');
    if (colon <= 0 || colon == value.length() - 1) {
      throw new IllegalArgumentException("--store expects ID:KEY");
    }
    return new Store(value.substring(0, colon), value.substring(colon + 1));
  }

  private static int number(String option, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " expects a number, got " + value);
    }
  }
}
