package com.orderdeskmcp.model.stores;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CredentialCipherTest {

    private final String k1 = CredentialCipher.newKeySpec("k1");
    private final String k2 = CredentialCipher.newKeySpec("k2");

    @Test
    void sealedCredentialsOpenForTheSameTenantAndStoreAndNeverContainTheKey() {
        CredentialCipher cipher = CredentialCipher.of(k1, null);
        CredentialCipher.Sealed sealed = cipher.seal("acme", "1001", "secret-api-key");
        assertThat(sealed.keyId()).isEqualTo("k1");
        assertThat(new String(sealed.ciphertext(), StandardCharsets.ISO_8859_1)).doesNotContain("secret-api-key");
        assertThat(cipher.open("acme", "1001", sealed)).isEqualTo("secret-api-key");
        assertThat(cipher.seal("acme", "1001", "secret-api-key").ciphertext()).isNotEqualTo(sealed.ciphertext());
    }

    @Test
    void aCiphertextCopiedToAnotherTenantOrStoreDoesNotOpen() {
        CredentialCipher cipher = CredentialCipher.of(k1, null);
        CredentialCipher.Sealed sealed = cipher.seal("acme", "1001", "secret");
        assertThatThrownBy(() -> cipher.open("other", "1001", sealed)).isInstanceOf(CredentialCipher.CannotDecrypt.class)
                .hasMessageNotContaining("secret");
        assertThatThrownBy(() -> cipher.open("acme", "1002", sealed)).isInstanceOf(CredentialCipher.CannotDecrypt.class);
        assertThatThrownBy(() -> cipher.open("acm", "e1001", sealed)).isInstanceOf(CredentialCipher.CannotDecrypt.class);
    }

    @Test
    void aTamperedCiphertextDoesNotOpen() {
        CredentialCipher cipher = CredentialCipher.of(k1, null);
        byte[] bytes = cipher.seal("acme", "1001", "secret").ciphertext();
        bytes[bytes.length - 1] ^= 1;
        assertThatThrownBy(() -> cipher.open("acme", "1001", new CredentialCipher.Sealed("k1", bytes)))
                .isInstanceOf(CredentialCipher.CannotDecrypt.class);
    }

    @Test
    void afterARotationOldCiphertextsStillOpenAndNewOnesUseTheActiveKey() {
        CredentialCipher before = CredentialCipher.of(k1, null);
        CredentialCipher.Sealed old = before.seal("acme", "1001", "secret");
        CredentialCipher after = CredentialCipher.of(k2 + "\n" + k1, "k2");
        assertThat(after.open("acme", "1001", old)).isEqualTo("secret");
        assertThat(after.seal("acme", "1001", "secret").keyId()).isEqualTo("k2");
        assertThatThrownBy(() -> CredentialCipher.of(k2, null).open("acme", "1001", old))
                .isInstanceOf(CredentialCipher.CannotDecrypt.class).hasMessageContaining("k1");
    }

    @Test
    void badKeySpecificationsAreRefusedWithoutEchoingTheKey() {
        assertThatThrownBy(() -> CredentialCipher.of("k1:c2hvcnQ=", null)).hasMessageContaining("32 bytes")
                .hasMessageNotContaining("c2hvcnQ");
        assertThatThrownBy(() -> CredentialCipher.of("no-colon", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CredentialCipher.of(k1, "k9")).hasMessageContaining("k9");
    }
}
