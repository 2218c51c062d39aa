package io.jobwarden.server.security;

import static io.jobwarden.server.http.LiveServer.ADMIN;
import static io.jobwarden.server.http.LiveServer.OPERATOR;
import static io.jobwarden.server.http.LiveServer.SECRET;
import static io.jobwarden.server.http.LiveServer.VIEWER;
import static org.assertj.core.api.Assertions.assertThat;

import io.jobwarden.server.http.LiveServer;
import io.jobwarden.server.http.openapi.OpenApiRoutes;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/openapi.json} is public, like {@code /health}: it must therefore give away nothing of the instance
 * (no token, secret, path or job), answer reads only, and stay behind the browser protections every route has.
 */
class OpenApiExposureTest {
    @TempDir
    Path dir;

    @Test
    void anonymousCallersGetTheDocumentAndNothingOfTheInstance() {
        try (LiveServer live = LiveServer.start(dir.resolve("t"))) {
            live.call("POST", "/api/jobs", OPERATOR, LiveServer.job("private-job-4711", "@every 1h", ""));
            HttpResponse<String> r = live.get(OpenApiRoutes.PATH, null);

            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body())
                    .contains("\"openapi\"")
                    .doesNotContain(VIEWER, OPERATOR, ADMIN, SECRET, "private-job-4711", dir.toString());
            assertThat(live.call("HEAD", OpenApiRoutes.PATH, null, null).statusCode())
                    .isEqualTo(200);
            assertThat(live.get(OpenApiRoutes.PATH, "not-a-token-at-all").statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void itIsReadOnly() {
        try (LiveServer live = LiveServer.start(dir.resolve("w"))) {
            for (String method : List.of("POST", "PUT", "DELETE")) {
                HttpResponse<String> r = live.call(method, OpenApiRoutes.PATH, ADMIN, "{}");
                assertThat(r.statusCode()).as(method).isEqualTo(405);
                assertThat(LiveServer.errors(r)).isNotEmpty();
            }
        }
    }

    @Test
    void inOpenModeAForeignHostOrACrossSitePageIsRefused() {
        try (LiveServer live = LiveServer.start(dir.resolve("o"), s -> s.withTokens(List.of()), List.of(), List.of())) {
            int port = live.server.port();
            RawHttp.Response foreign =
                    RawHttp.exchange(port, "GET " + OpenApiRoutes.PATH + " HTTP/1.1\r\nHost: evil.example", null);
            assertThat(foreign.status()).isEqualTo(403);
            assertThat(foreign.body()).contains("\"field\":\"Host\"").doesNotContain("openapi");
            HttpResponse<String> crossSite =
                    live.call("GET", OpenApiRoutes.PATH, null, null, "Sec-Fetch-Site", "cross-site");
            assertThat(crossSite.statusCode()).isEqualTo(403);
            assertThat(live.get(OpenApiRoutes.PATH, null).statusCode()).isEqualTo(200);
        }
    }
}
