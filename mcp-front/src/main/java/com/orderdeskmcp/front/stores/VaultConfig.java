package com.orderdeskmcp.front.stores;

import com.orderdeskmcp.model.stores.CredentialCipher;
import com.orderdeskmcp.model.stores.JdbcStoreVault;
import com.orderdeskmcp.model.stores.VaultKeys;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;

/** The store registry and the key-encryption keys that seal its API keys ({@code orderdesk.vault.*}). */
@Configuration(proxyBeanMethods = false)
class VaultConfig {

    @Bean
    CredentialCipher credentialCipher(@Value("${orderdesk.vault.keys:}") String keys,
                                      @Value("${orderdesk.vault.key-file:}") String keyFile,
                                      @Value("${orderdesk.vault.active-key-id:}") String activeKeyId) {
        return VaultKeys.cipher(keys, keyFile, activeKeyId);
    }

    @Bean
    JdbcStoreVault storeVault(DataSource dataSource, CredentialCipher cipher) {
        return new JdbcStoreVault(dataSource, cipher);
    }
}
