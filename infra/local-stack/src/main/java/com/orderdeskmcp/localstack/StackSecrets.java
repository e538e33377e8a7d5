package com.orderdeskmcp.localstack;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * What a local stack must remember to be resumed: the key-encryption key that seals the stores' API
 * keys in the database, the sandbox stores' ids and API keys, which of them are registered, and the
 * tenants' tokens (the database holds only their hashes, so a token that is not kept here could not be
 * printed again).
 *
 * <p>{@link #inMemory()} forgets everything with the JVM (the tests' stacks); {@link #in(Path)} keeps it
 * in a properties file that only the owner may read (0600), rewritten after every change, so that a run
 * that dies half-way through its setup resumes where it stopped.
 */
public final class StackSecrets {

    /** A sandbox store of the demo tenant. */
    public record Store(String id, String name, String apiKey, boolean registered) {
        @Override
        public String toString() {
            return "Store[" + id + ", " + name + (registered ? ", registered" : "") + "]"; // never the key
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path fileOrNull;
    private final Properties values = new Properties();

    private StackSecrets(Path fileOrNull) {
        this.fileOrNull = fileOrNull;
    }

    public static StackSecrets inMemory() {
        return new StackSecrets(null);
    }

    /** The secrets kept in {@code file}, which need not exist yet. */
    public static StackSecrets in(Path file) {
        StackSecrets secrets = new StackSecrets(file);
        if (Files.isRegularFile(file)) {
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                secrets.values.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        return secrets;
    }

    /** The key-encryption keys ({@code keyId:base64}), made on first use. */
    public synchronized String vaultKeys() {
        String keys = values.getProperty("vault.keys");
        if (keys == null) {
            keys = "local1:" + Base64.getEncoder().encodeToString(randomBytes(32));
            values.setProperty("vault.keys", keys);
            save();
        }
        return keys;
    }

    public synchronized Optional<String> token(String tenant) {
        return Optional.ofNullable(values.getProperty("token." + tenant));
    }

    public synchronized void putToken(String tenant, String token) {
        values.setProperty("token." + tenant, token);
        save();
    }

    /** The stores made so far, in the order they were made. */
    public synchronized List<Store> stores() {
        List<Store> stores = new ArrayList<>();
        for (int i = 1; values.containsKey("store." + i + ".id"); i++) {
            stores.add(store(i));
        }
        return stores;
    }

    /**
     * The {@code n}-th store (from 1), made when missing together with every store before it: ids
     * {@code 1001}, {@code 1002}, ..., names {@code demo}, {@code demo-2}, ..., a random API key each.
     */
    public synchronized Store store(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("stores count from 1: " + n);
        }
        for (int i = 1; i <= n; i++) {
            if (!values.containsKey("store." + i + ".id")) {
                values.setProperty("store." + i + ".id", Integer.toString(1000 + i));
                values.setProperty("store." + i + ".name", i == 1 ? "demo" : "demo-" + i);
                values.setProperty("store." + i + ".api-key", randomToken());
                values.setProperty("store." + i + ".registered", "false");
                save();
            }
        }
        return new Store(values.getProperty("store." + n + ".id"), values.getProperty("store." + n + ".name"),
                values.getProperty("store." + n + ".api-key"),
                Boolean.parseBoolean(values.getProperty("store." + n + ".registered")));
    }

    public synchronized void markRegistered(String storeId) {
        for (int i = 1; values.containsKey("store." + i + ".id"); i++) {
            if (values.getProperty("store." + i + ".id").equals(storeId)) {
                values.setProperty("store." + i + ".registered", "true");
                save();
                return;
            }
        }
        throw new IllegalArgumentException("no such store: " + storeId);
    }

    private void save() {
        if (fileOrNull == null) {
            return;
        }
        StringWriter text = new StringWriter();
        try {
            values.store(text, "OrderDesk MCP local stack: keys and tokens of this data folder. Keep it private.");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        DataFolder.writePrivate(fileOrNull, text.toString());
    }

    static String randomToken() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(32));
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
