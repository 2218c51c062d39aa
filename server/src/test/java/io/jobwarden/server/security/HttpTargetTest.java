package io.jobwarden.server.security;

import static io.jobwarden.server.security.PolicedInstance.OPERATOR;
import static io.jobwarden.server.security.PolicedInstance.errors;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.jobwarden.engine.RunState;
import io.jobwarden.engine.spi.RunRecord;
import io.jobwarden.server.http.jobs.ApiJobPolicy;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An http job written through the API must not reach what only the host can reach: link-local and cloud metadata
 * addresses are refused when the job is registered and when it runs (also through a redirect), and
 * {@code security.http-allow} narrows the hosts API jobs may call.
 */
class HttpTargetTest {
    @TempDir
    static Path dir;

    static PolicedInstance live;
    static HttpServer redirector;

    @BeforeAll
    static void start() throws IOException {
        redirector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        redirector.createContext("/hook", e -> {
            e.getResponseHeaders().add("Location", "http://169.254.169.254/latest/meta-data/iam/");
            e.sendResponseHeaders(302, -1);
            e.close();
        });
        redirector.start();
        ApiJobPolicy allow =
                new ApiJobPolicy(true, List.of("*.example.com", "127.0.0.1"), ApiJobPolicy.DEFAULT_MIN_PERIOD, 100);
        live = PolicedInstance.sqlite(dir, allow, List.of(), Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        if (live != null) live.close();
        if (redirector != null) redirector.stop(0);
    }

    @Test
    void linkLocalAndMetadataTargetsAreRefusedAtRegistration() {
        for (String url : List.of(
                "http://169.254.169.254/latest/meta-data/",
                "http://metadata.google.internal/computeMetadata/v1/",
                "http://[fe80::1]/",
                "http://100.100.100.200/")) {
            HttpResponse<String> r = live.call("POST", "/api/jobs", OPERATOR, job("meta", url));

            assertThat(r.statusCode()).as(url).isEqualTo(400);
            assertThat(errors(r))
                    .singleElement()
                    .satisfies(e -> assertThat(e).startsWith("url: '" + url + "' may not be called: "));
        }
        assertThat(live.engine.job("meta")).isEmpty();
    }

    @Test
    void httpAllowNarrowsTheHostsOfApiJobs() {
        HttpResponse<String> outside = live.call("POST", "/api/jobs", OPERATOR, job("out", "https://evil.org/x"));
        HttpResponse<String> apex = live.call("POST", "/api/jobs", OPERATOR, job("apex", "https://example.com/x"));
        HttpResponse<String> inside =
                live.call("POST", "/api/jobs", OPERATOR, job("in", "https://hooks.example.com/x"));

        assertThat(outside.statusCode()).isEqualTo(400);
        assertThat(errors(outside))
                .containsExactly("url: host 'evil.org' is not in security.http-allow (*.example.com, 127.0.0.1)");
        assertThat(apex.statusCode()).isEqualTo(400);
        assertThat(inside.statusCode()).as(inside.body()).isEqualTo(201);
        assertThat(live.engine.job("out")).isEmpty();
    }

    @Test
    void aRedirectToTheMetadataServiceIsNotFollowedAndTheRunFails() {
        String url = "http://127.0.0.1:" + redirector.getAddress().getPort() + "/hook";
        assertThat(live.call("POST", "/api/jobs", OPERATOR, job("redirected", url))
                        .statusCode())
                .isEqualTo(201);

        assertThat(live.call("POST", "/api/jobs/redirected/trigger", OPERATOR, null)
                        .statusCode())
                .isEqualTo(202);

        RunRecord run = await().atMost(Duration.ofSeconds(20))
                .until(
                        () -> live.engine.runs("redirected", 1, null).stream()
                                .filter(r -> r.state() == RunState.FAILED)
                                .findFirst()
                                .orElse(null),
                        r -> r != null);
        assertThat(run.error())
                .isEqualTo("GET http://169.254.169.254/latest/meta-data/iam/ refused: 169.254.169.254 is a link-local"
                        + " address (169.254.0.0/16, fe80::/10)");
    }

    private static String job(String id, String url) {
        return "{\"id\":\"" + id + "\",\"schedule\":\"@daily\",\"type\":\"http\",\"url\":\"" + url + "\"}";
    }
}
