package com.orderdeskmcp.model.stores;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Encrypts store API keys at rest with AES-256-GCM under a key-encryption key (KEK) that only the
 * services hold. The tenant and store ids are bound in as associated data, so a ciphertext copied
 * to another tenant's or store's row does not decrypt. Every ciphertext names the id of the KEK it
 * was sealed with: several KEKs can be loaded at once, new ciphertexts use the active one, and
 * {@link JdbcStoreVault#rewrap()} moves old rows onto it (rotation).
 *
 * <p>Key specification (configuration or file, one entry per line or comma-separated):
 * {@code keyId:base64(32 bytes)}. The active key is the one named, else the first.
 */
public final class CredentialCipher {

    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A sealed secret: the KEK id and nonce + ciphertext + tag. */
    public record Sealed(String keyId, byte[] ciphertext) {
        public Sealed {
            Objects.requireNonNull(keyId, "keyId");
            ciphertext = ciphertext.clone();
        }

        @Override
        public byte[] ciphertext() {
            return ciphertext.clone();
        }

        @Override
        public String toString() {
            return "Sealed[keyId=" + keyId + ", " + ciphertext.length + " bytes]";
        }
    }

    /** The ciphertext does not open: wrong key, other row's associated data, or tampered. Says nothing more. */
    public static final class CannotDecrypt extends RuntimeException {
        CannotDecrypt(String message) {
            super(message, null, false, false);
        }
    }

    private final Map<String, SecretKeySpec> keys;
    private final String activeKeyId;

    private CredentialCipher(Map<String, SecretKeySpec> keys, String activeKeyId) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("no key-encryption key given");
        }
        this.keys = Map.copyOf(keys);
        this.activeKeyId = activeKeyId == null || activeKeyId.isBlank() ? keys.keySet().iterator().next() : activeKeyId;
        if (!this.keys.containsKey(this.activeKeyId)) {
            throw new IllegalArgumentException("the active key id " + this.activeKeyId + " is not among the keys given");
        }
    }

    /** Parses {@code id:base64,id2:base64} (or one per line); values never appear in exception messages. */
    public static CredentialCipher of(String keySpec, String activeKeyId) {
        Map<String, SecretKeySpec> keys = new LinkedHashMap<>();
        for (String entry : keySpec.split("[,\\n]")) {
            String line = entry.trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("a key-encryption key must be written keyId:base64 (32 bytes)");
            }
            String id = line.substring(0, colon).trim();
            if (!id.matches("[A-Za-z0-9._-]{1,40}")) {
                throw new IllegalArgumentException("a key id is 1-40 letters, digits, '.', '_' or '-'");
            }
            byte[] material;
            try {
                material = Base64.getDecoder().decode(line.substring(colon + 1).trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("key-encryption key " + id + " is not valid base64");
            }
            if (material.length != 32) {
                throw new IllegalArgumentException("key-encryption key " + id + " must be 32 bytes (AES-256), not "
                        + material.length);
            }
            keys.put(id, new SecretKeySpec(material, "AES"));
            Arrays.fill(material, (byte) 0);
        }
        return new CredentialCipher(keys, activeKeyId);
    }

    public static CredentialCipher fromFile(Path file, String activeKeyId) {
        try {
            return of(Files.readString(file, StandardCharsets.UTF_8), activeKeyId);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the key-encryption key file " + file + ": "
                    + e.getClass().getSimpleName());
        }
    }

    /** A fresh key specification line, {@code keyId:base64}, for operators and local runs. */
    public static String newKeySpec(String keyId) {
        byte[] material = new byte[32];
        RANDOM.nextBytes(material);
        return keyId + ":" + Base64.getEncoder().encodeToString(material);
    }

    public String activeKeyId() {
        return activeKeyId;
    }

    public Set<String> keyIds() {
        return keys.keySet();
    }

    public Sealed seal(String tenantId, String storeId, String secret) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(activeKeyId), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData(activeKeyId, tenantId, storeId));
            byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            return new Sealed(activeKeyId, ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JVM: " + e.getClass().getSimpleName());
        }
    }

    public String open(String tenantId, String storeId, Sealed sealed) {
        SecretKeySpec key = keys.get(sealed.keyId());
        if (key == null) {
            throw new CannotDecrypt("the credentials were sealed with key " + sealed.keyId()
                    + ", which this service does not hold");
        }
        byte[] all = sealed.ciphertext();
        if (all.length <= NONCE_BYTES) {
            throw new CannotDecrypt("the sealed credentials are truncated");
        }
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, NONCE_BYTES));
            cipher.updateAAD(associatedData(sealed.keyId(), tenantId, storeId));
            return new String(cipher.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new CannotDecrypt("the sealed credentials do not open for this tenant and store");
        } catch (GeneralSecurityException e) {
            throw new CannotDecrypt("the sealed credentials do not open: " + e.getClass().getSimpleName());
        }
    }

    /** Length-prefixed, so that ("ab","c") and ("a","bc") never give the same associated data. */
    private static byte[] associatedData(String keyId, String tenantId, String storeId) {
        byte[][] parts = {"orderdesk-store-credentials/v1".getBytes(StandardCharsets.UTF_8),
                keyId.getBytes(StandardCharsets.UTF_8), tenantId.getBytes(StandardCharsets.UTF_8),
                storeId.getBytes(StandardCharsets.UTF_8)};
        ByteBuffer buffer = ByteBuffer.allocate(Arrays.stream(parts).mapToInt(p -> 4 + p.length).sum());
        for (byte[] part : parts) {
            buffer.putInt(part.length).put(part);
        }
        return buffer.array();
    }
}
