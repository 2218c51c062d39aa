package io.jobwarden.server.http;

import java.nio.file.Files;
import java.security.KeyStore;
import org.eclipse.jetty.server.AbstractConnectionFactory;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * HTTPS for the API ({@code http.tls}): the keystore, read before the server is built so that a wrong path or
 * password is a startup error naming the keystore, and the connector that serves from it.
 */
final class HttpsConnector {
    private HttpsConnector() {}

    /** @throws HttpStartupException when the keystore cannot be read, or its password does not open it */
    static KeyStore loadKeystore(HttpSettings settings) {
        if (!Files.isReadable(settings.keystore())) {
            throw new HttpStartupException(
                    "http.tls.keystore " + settings.keystore() + " does not exist or cannot be read");
        }
        String password = settings.keystorePassword();
        try {
            // Detects the format: PKCS12, or JKS from older tooling.
            return KeyStore.getInstance(
                    settings.keystore().toFile(), password == null ? new char[0] : password.toCharArray());
        } catch (Exception e) {
            throw HttpStartupException.because(
                    "http.tls.keystore " + settings.keystore() + " is not a keystore this password opens", e);
        }
    }

    /** What a connector serving HTTPS from {@code keyStore} is made of, with the rest of {@code plain}'s settings. */
    static ConnectionFactory[] factories(HttpConfiguration plain, KeyStore keyStore, String password) {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStore(keyStore);
        if (password != null) ssl.setKeyStorePassword(password);
        HttpConfiguration https = new HttpConfiguration(plain);
        // Clients often connect by IP address; a certificate naming only a host name must not turn them away here.
        https.addCustomizer(new SecureRequestCustomizer(false));
        return AbstractConnectionFactory.getFactories(ssl, new HttpConnectionFactory(https));
    }
}
