package com.orderdeskmcp.sandbox;

import com.orderdeskmcp.sandbox.store.StoreConfig;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The arguments of {@link OrderDeskSandbox#main}.
 *
 * @param stores store id and API key pairs, from {@code --store ID:KEY}
 * @param seedOrders orders to seed into each store (inventory is seeded too when above 0)
 * @param timezones per store id, from {@code --store-timezone ID=ZONE}
 * @param folders per store id, from {@code --store-folders ID=FID:NAME,FID:NAME}
 * @param controlToken from {@code --control-token}, or null for a random one
 */
record SandboxCommandLine(int port, List<Store> stores, int seedOrders, boolean rateLimit, String bindAddress,
    int burst, double refillPerSecond, Map<String, ZoneId> timezones, Map<String, Map<Integer, String>> folders,
    String controlToken) {

  static final int DEFAULT_PORT = 8089;
  static final String USAGE = """
      Usage: java -jar orderdesk-sandbox.jar --store ID:KEY [--store ID:KEY ...] [options]
        --store ID:KEY                 a store and its API key; repeatable, at least one
        --store-timezone ID=ZONE       the store's timezone (default America/Los_Angeles)
        --store-folders ID=F:NAME,...  the store's folders, first one for new orders (default 1:New,2:Prepared,3:Shipped,4:Archived)
        --seed N                       seed N realistic orders and the inventory catalogue into each store (default 0)
        --port N                       port (default 8089, 0 = any free port)
        --bind ADDRESS                 address to listen on (default 127.0.0.1)
        --no-rate-limit                turn off OrderDesk's 20-request / 3-per-second bucket
        --burst N                      bucket size (default 20)
        --refill-per-second R          bucket refill rate (default 3)
        --control-token TOKEN          secret for the /_sandbox control API (default: random, printed at start)""";

  record Store(String id, String apiKey) {
    @Override
    public String toString() {
      return "Store[id=" + id + "]";
    }
  }

  SandboxCommandLine {
    stores = List.copyOf(stores);
    timezones = Map.copyOf(timezones);
    folders = Map.copyOf(folders);
  }

  /** Never prints keys or the control token. */
  @Override
  public String toString() {
    return "SandboxCommandLine[port=" + port + ", stores=" + stores + ", seedOrders=" + seedOrders + ", rateLimit="
        + rateLimit + ", bindAddress=" + bindAddress + "]";
  }

  SandboxOptions options() {
    return SandboxOptions.defaults()
        .withPort(port)
        .withBindAddress(bindAddress)
        .withRateLimit(rateLimit)
        .withBurst(burst)
        .withRefillPerSecond(refillPerSecond)
        .withControlToken(controlToken);
  }

  List<StoreConfig> storeConfigs() {
    return stores.stream().map(store -> {
      StoreConfig config = StoreConfig.withDefaults(store.id(), store.apiKey());
      if (timezones.containsKey(store.id())) {
        config = config.withTimezone(timezones.get(store.id()));
      }
      if (folders.containsKey(store.id())) {
        config = config.withFolders(folders.get(store.id()));
      }
      return config;
    }).toList();
  }

  static SandboxCommandLine parse(String[] args) {
    int port = DEFAULT_PORT;
    int seed = 0;
    boolean rateLimit = true;
    String bind = SandboxOptions.LOOPBACK;
    int burst = SandboxOptions.DEFAULT_BURST;
    double refill = SandboxOptions.DEFAULT_REFILL_PER_SECOND;
    String token = null;
    List<Store> stores = new ArrayList<>();
    Map<String, ZoneId> timezones = new LinkedHashMap<>();
    Map<String, Map<Integer, String>> folders = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "--port" -> port = number(arg, valueAfter(args, i++));
        case "--seed" -> seed = number(arg, valueAfter(args, i++));
        case "--store" -> stores.add(store(valueAfter(args, i++)));
        case "--store-timezone" -> putTimezone(timezones, valueAfter(args, i++));
        case "--store-folders" -> putFolders(folders, valueAfter(args, i++));
        case "--no-rate-limit" -> rateLimit = false;
        case "--bind" -> bind = valueAfter(args, i++);
        case "--burst" -> burst = number(arg, valueAfter(args, i++));
        case "--refill-per-second" -> refill = decimal(arg, valueAfter(args, i++));
        case "--control-token" -> token = valueAfter(args, i++);
        default -> throw new IllegalArgumentException("Unknown argument " + arg);
      }
    }
    if (stores.isEmpty()) {
      throw new IllegalArgumentException("At least one --store ID:KEY is required");
    }
    if (seed < 0) {
      throw new IllegalArgumentException("--seed must not be negative");
    }
    List<String> ids = stores.stream().map(Store::id).toList();
    for (String id : concat(timezones.keySet(), folders.keySet())) {
      if (!ids.contains(id)) {
        throw new IllegalArgumentException("Store " + id + " has settings but no --store " + id + ":KEY");
      }
    }
    return new SandboxCommandLine(port, stores, seed, rateLimit, bind, burst, refill, timezones, folders, token);
  }

  private static List<String> concat(Collection<String> a, Collection<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  private static void putTimezone(Map<String, ZoneId> timezones, String value) {
    String[] parts = keyValue("--store-timezone", value);
    try {
      timezones.put(parts[0], ZoneId.of(parts[1]));
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("--store-timezone: unknown timezone " + parts[1]);
    }
  }

  private static void putFolders(Map<String, Map<Integer, String>> folders, String value) {
    String[] parts = keyValue("--store-folders", value);
    Map<Integer, String> byId = new LinkedHashMap<>();
    for (String folder : parts[1].split(",")) {
      int colon = folder.indexOf(':');
      if (colon <= 0 || colon == folder.length() - 1) {
        throw new IllegalArgumentException("--store-folders expects ID=FOLDER_ID:NAME,FOLDER_ID:NAME");
      }
      byId.put(number("--store-folders", folder.substring(0, colon).trim()), folder.substring(colon + 1).trim());
    }
    folders.put(parts[0], byId);
  }

  private static String[] keyValue(String option, String value) {
    int eq = value.indexOf('=');
    if (eq <= 0 || eq == value.length() - 1) {
      throw new IllegalArgumentException(option + " expects STORE_ID=VALUE");
    }
    return new String[] {value.substring(0, eq), value.substring(eq + 1)};
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

  private static double decimal(String option, String value) {
    try {
      return Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " expects a number, got " + value);
    }
  }
}
