package io.jobwarden.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS from a PKCS12 keystore made by the JDK's own keytool. */
class TlsTest {
    @TempDir
    static Path dir;

    static LiveServer live;
    static Path keystore;
    static Path cert;

    @BeforeAll
    static void start() throws Exception {
        keystore = dir.resolve("server.p12");
        cert = dir.resolve("server.crt");
        keytool(
                "-genkeypair",
                "-alias",
                "jobwarden",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-validity",
                "2",
                "-dname",
                "CN=localhost",
                "-ext",
                "SAN=ip:127.0.0.1,dns:localhost",
                "-storetype",
                "PKCS12",
                "-keystore",
                keystore.toString(),
                "-storepass",
                "ks-pass-1");
        keytool(
                "-exportcert",
                "-alias",
                "jobwarden",
                "-rfc",
                "-file",
                cert.toString(),
                "-storetype",
                "PKCS12",
                "-keystore",
                keystore.toString(),
                "-storepass",
                "ks-pass-1");
        live = LiveServer.start(dir.resolve("data"), s -> s.withTls(keystore, "ks-pass-1"), List.of(), List.of());
    }

    @AfterAll
    static void stop() {
        if (live != null) live.close();
    }

    @Test
    void theApiIsServedOverHttps() throws Exception {
        URI url = live.server.url();
        assertThat(url.getScheme()).isEqualTo("https");

        HttpClient https = HttpClient.newBuilder().sslContext(trusting(cert)).build();
        HttpResponse<String> health = https.send(
                HttpRequest.newBuilder(URI.create(url + "/health")).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> jobs = https.send(
                HttpRequest.newBuilder(URI.create(url + "/api/jobs"))
                        .header("Authorization", "Bearer " + LiveServer.VIEWER)
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(jobs.statusCode()).isEqualTo(200);
        assertThat(jobs.sslSession()).isPresent();
    }

    @Test
    void plainHttpToTheTlsPortGetsNoApiAnswer() {
        URI plain = URI.create("http://127.0.0.1:" + live.server.port() + "/api/jobs");
        HttpRequest request = HttpRequest.newBuilder(plain)
                .header("Authorization", "Bearer " + LiveServer.VIEWER)
                .build();
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(400);
        } catch (Exception e) {
            assertThat(e).isInstanceOf(java.io.IOException.class);
        }
    }

    @Test
    void aWrongPasswordOrAMissingKeystoreIsAClearStartupError() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        HttpSettings wrong = HttpSettings.defaults().withPort(0).withTls(keystore, "not-it");
        HttpSettings missing = HttpSettings.defaults().withPort(0).withTls(dir.resolve("nope.p12"), "x");

        assertThatThrownBy(() -> new ApiServer(live.engine, wrong, ControlActions.NONE, registry, List.of()).start())
                .isInstanceOf(HttpStartupException.class)
                .hasMessageStartingWith("http.tls.keystore " + keystore + " is not a keystore this password opens")
                .hasMessageNotContaining("not-it");
        assertThatThrownBy(() -> new ApiServer(live.engine, missing, ControlActions.NONE, registry, List.of()).start())
                .isInstanceOf(HttpStartupException.class)
                .hasMessage("http.tls.keystore " + dir.resolve("nope.p12") + " does not exist or cannot be read");
    }

    private static SSLContext trusting(Path pem) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(pem)) {
            trust.setCertificateEntry(
                    "server", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    private static void keytool(String... args) throws Exception {
        Path tool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        List<String> command = new java.util.ArrayList<>(List.of(tool.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }
}
