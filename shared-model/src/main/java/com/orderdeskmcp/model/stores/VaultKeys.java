package com.orderdeskmcp.model.stores;

import java.nio.file.Path;

/** Where the key-encryption keys come from: a file (preferred in production) or the configuration. */
public final class VaultKeys {

    private VaultKeys() {
    }

    public static CredentialCipher cipher(String keys, String keyFile, String activeKeyId) {
        if (keyFile != null && !keyFile.isBlank()) {
            return CredentialCipher.fromFile(Path.of(keyFile.trim()), activeKeyId);
        }
        if (keys == null || keys.isBlank()) {
            throw new IllegalStateException("no key-encryption key: set ORDERDESK_VAULT_KEYS (keyId:base64 of 32 bytes) "
                    + "or ORDERDESK_VAULT_KEY_FILE; `java -jar mcp-front.jar vault new-key k1` makes one");
        }
        return CredentialCipher.of(keys, activeKeyId);
    }
}
