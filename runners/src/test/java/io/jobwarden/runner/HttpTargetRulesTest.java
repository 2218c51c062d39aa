package io.jobwarden.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.jobwarden.engine.ValidationErrors;
import io.jobwarden.engine.run.ActiveRun;
import io.jobwarden.engine.run.TaskResult;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Where an http job may not go: link-local and metadata addresses, by name or after DNS, and through redirects. */
class HttpTargetRulesTest {
    private HttpServer server;
    private final AtomicInteger finalHits = new AtomicInteger();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/to-metadata", e -> redirect(e, "http://169.254.169.254/latest/meta-data/"));
        server.createContext("/to-elsewhere", e -> redirect(e, "http://localhost:" + port() + "/final"));
        server.createContext("/to-self", e -> redirect(e, "/final"));
        server.createContext("/loop", e -> redirect(e, "/loop"));
        server.createContext("/final", e -> {
            finalHits.incrementAndGet();
            byte[] body = "arrived".getBytes(StandardCharsets.UTF_8);
            e.sendResponseHeaders(200, body.length);
            try (OutputStream out = e.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void linkLocalAndMetadataUrlsAreRefusedAtRegistration() {
        for (String url : List.of(
                "http://169.254.169.254/latest/meta-data/",
                "http://[fe80::1]/",
                "http://metadata.google.internal/computeMetadata/v1/",
                "http://METADATA.google.internal./",
                "http://100.100.100.200/latest/meta-data/",
                "http://[fd00:ec2::254]/",
                "http://[::ffff:169.254.169.254]/")) {
            ValidationErrors errors = new ValidationErrors();
            new HttpRunner().validate(Map.of("url", url), errors);
            assertThat(errors.list()).as(url).singleElement().satisfies(e -> {
                assertThat(e.field()).isEqualTo("url");
                assertThat(e.message()).contains("may not be called");
            });
        }
        ValidationErrors fine = new ValidationErrors();
        new HttpRunner().validate(Map.of("url", "http://10.1.2.3/hook"), fine);
        assertThat(fine.list()).isEmpty();
    }

    @Test
    void aNameResolvingToALinkLocalAddressFailsTheRun() {
        HttpRunner runner = new HttpRunner(HttpClient.newHttpClient(), HostPatterns.ANY, host ->
                new InetAddress[] {InetAddress.getByName("169.254.169.254")});

        TaskResult result = runner.run(Runs.of("http", Map.of("url", "http://innocent.example.com/")));

        assertThat(result.state().name()).isEqualTo("FAILED");
        assertThat(result.error()).contains("refused").contains("innocent.example.com resolves to 169.254.169.254");
    }

    @Test
    void aRedirectToTheMetadataServiceIsNotFollowed() {
        ActiveRun run = Runs.of("http", Map.of("url", url("/to-metadata")));

        TaskResult result = new HttpRunner().run(run);

        assertThat(result.state().name()).isEqualTo("FAILED");
        assertThat(result.error()).contains("http://169.254.169.254/latest/meta-data/ refused");
    }

    @Test
    void withHttpAllowARedirectLeavesTheJobsHostOnlyForAnAllowedHost() {
        HttpRunner narrow = new HttpRunner(new HostPatterns(List.of("*.example.com")));
        TaskResult refused = narrow.run(Runs.of("http", Map.of("url", url("/to-elsewhere"))));
        assertThat(refused.error()).contains("not in security.http-allow");
        assertThat(finalHits).hasValue(0);

        TaskResult sameHost = narrow.run(Runs.of("http", Map.of("url", url("/to-self"))));
        assertThat(sameHost).isEqualTo(TaskResult.succeeded(200));

        TaskResult allowed = new HttpRunner(new HostPatterns(List.of("localhost")))
                .run(Runs.of("http", Map.of("url", url("/to-elsewhere"))));
        assertThat(allowed).isEqualTo(TaskResult.succeeded(200));
        assertThat(finalHits).hasValue(2);
    }

    @Test
    void redirectsAreFollowedAtMostFiveTimes() {
        ActiveRun run = Runs.of("http", Map.of("url", url("/loop")));

        TaskResult result = new HttpRunner().run(run);

        assertThat(result.error()).startsWith("more than 5 redirects");
        assertThat(run.output().text()).isEmpty();
    }

    @Test
    void hostPatternsMatchExactHostsAndSubdomains() {
        HostPatterns p = new HostPatterns(List.of("*.example.com", "10.1.2.3", "API.other.org"));
        assertThat(p.allows("a.example.com")).isTrue();
        assertThat(p.allows("a.b.EXAMPLE.com.")).isTrue();
        assertThat(p.allows("example.com")).isFalse();
        assertThat(p.allows("evilexample.com")).isFalse();
        assertThat(p.allows("10.1.2.3")).isTrue();
        assertThat(p.allows("10.1.2.30")).isFalse();
        assertThat(p.allows("api.other.org")).isTrue();
        assertThat(HostPatterns.ANY.allows("anything")).isTrue();
    }

    private int port() {
        return server.getAddress().getPort();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    private static void redirect(com.sun.net.httpserver.HttpExchange e, String location) throws IOException {
        e.getResponseHeaders().add("Location", location);
        byte[] body = "moved".getBytes(StandardCharsets.UTF_8);
        e.sendResponseHeaders(302, body.length);
        try (OutputStream out = e.getResponseBody()) {
            out.write(body);
        }
    }
}
