package io.jobwarden.server.security;

import static io.jobwarden.server.http.LiveServer.ADMIN;
import static io.jobwarden.server.http.LiveServer.OPERATOR;
import static io.jobwarden.server.http.LiveServer.VIEWER;
import static io.jobwarden.server.http.LiveServer.job;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jobwarden.engine.JobSpec;
import io.jobwarden.server.http.ApiRoute;
import io.jobwarden.server.http.LiveServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every route the server registers, taken from the running server itself rather than from a list kept by hand, gets
 * the whole cross-site and authorisation set in open mode and with tokens: no token (401), a role too low (403), a
 * foreign {@code Origin} and {@code Sec-Fetch-Site: cross-site} (403), a rebinding {@code Host} in open mode (403),
 * text/plain, form, multipart or no content type on a state change (403), a CORS preflight (never granted), and the
 * {@code HEAD} twin of every {@code GET} answering with the GET's status. After all of it nothing has changed: the
 * one job is as it was, no job was added, no run started, the node still claims and no process action was asked for.
 *
 * <p>A route added to the server without a line in {@link #ROLES} fails {@link #theServerAnswersExactlyTheRoutesOfTheTable}:
 * a new route cannot reach a release without being put through this matrix.
 */
class RouteMatrixTest {
    /** Every route with the role it needs ({@code none}: no token), as the API's contract and docs/security.md say. */
    static final Map<String, String> ROLES = Map.ofEntries(
            Map.entry("GET /health", "none"),
            Map.entry("GET /health/live", "none"),
            Map.entry("GET /health/ready", "none"),
            Map.entry("GET /metrics", "none"),
            Map.entry("GET /api/openapi.json", "none"),
            Map.entry("POST /control", "none"),
            // The dashboard's page and static files hold no data; what it shows comes from the viewer routes below.
            Map.entry("GET /", "none"),
            Map.entry("GET /dashboard/{file}", "none"),
            Map.entry("GET /api/jobs", "viewer"),
            Map.entry("GET /api/jobs/{id}", "viewer"),
            Map.entry("GET /api/jobs/{id}/runs", "viewer"),
            Map.entry("GET /api/runs", "viewer"),
            Map.entry("GET /api/runs/{runId}", "viewer"),
            Map.entry("GET /api/nodes", "viewer"),
            Map.entry("GET /api/stats", "viewer"),
            Map.entry("GET /api/whoami", "viewer"),
            Map.entry("POST /api/jobs", "operator"),
            Map.entry("PUT /api/jobs/{id}", "operator"),
            Map.entry("DELETE /api/jobs/{id}", "operator"),
            Map.entry("POST /api/jobs/{id}/trigger", "operator"),
            Map.entry("POST /api/jobs/{id}/pause", "operator"),
            Map.entry("POST /api/jobs/{id}/resume", "operator"),
            Map.entry("POST /api/reload", "admin"));

    private static final Map<String, String> ROLE_BELOW = Map.of("viewer", "", "operator", VIEWER, "admin", OPERATOR);
    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HOSTILE_BODY = job("evil", "@every 1s", "");

    @TempDir
    static Path dir;

    static LiveServer open;
    static LiveServer guarded;
    static JobSpec targetBefore;

    @BeforeAll
    static void start() {
        open = LiveServer.start(dir.resolve("open"), s -> s.withTokens(List.of()), List.of(), List.of());
        guarded = LiveServer.start(dir.resolve("guarded"));
        for (LiveServer live : List.of(open, guarded)) {
            assertThat(live.call("POST", "/api/jobs", OPERATOR, job("target", "0 0 3 1 1 ?", ""))
                            .statusCode())
                    .isEqualTo(201);
        }
        targetBefore = guarded.engine.job("target").orElseThrow().spec();
    }

    @AfterAll
    static void stop() {
        for (LiveServer live : new LiveServer[] {open, guarded}) if (live != null) live.close();
    }

    /** Each test ends with both instances exactly as {@link #start} left them. */
    @AfterEach
    void nothingChanged() {
        for (LiveServer live : List.of(open, guarded)) {
            assertThat(live.engine.jobs()).extracting(j -> j.id()).containsExactly("target");
            assertThat(live.engine.job("target").orElseThrow().paused()).isFalse();
            assertThat(live.engine.job("target").orElseThrow().spec()).isEqualTo(targetBefore);
            assertThat(live.engine.runs("target", 10, null)).as("runs started").isEmpty();
            assertThat(live.engine.recentRuns(10, null)).as("runs started").isEmpty();
            assertThat(live.engine.status().claiming()).isTrue();
        }
    }

    @Test
    void theServerAnswersExactlyTheRoutesOfTheTable() {
        for (LiveServer live : List.of(open, guarded)) {
            Map<String, String> registered = new TreeMap<>();
            Map<String, Set<String>> heads = new TreeMap<>();
            for (ApiRoute r : live.server.routes()) {
                if (r.method().equals("HEAD")) heads.put(r.path(), r.roles());
                else registered.put(r.method() + " " + r.path(), role(r.roles()));
            }
            assertThat(registered).isEqualTo(new TreeMap<>(ROLES));
            // HEAD answers as GET: the same routes, with the same roles.
            Map<String, Set<String>> getRoles = live.server.routes().stream()
                    .filter(r -> r.method().equals("GET"))
                    .collect(Collectors.toMap(ApiRoute::path, ApiRoute::roles, (a, b) -> a, TreeMap::new));
            assertThat(heads).isEqualTo(getRoles);
        }
    }

    @Test
    void withTokensEveryRouteWantsItsRoleAndRefusesTheRest() {
        List<String> seen = new ArrayList<>();
        for (String route : routes(true)) {
            String method = route.substring(0, route.indexOf(' '));
            String role = ROLES.get(template(route));
            String path = path(route);
            RawHttp.Response anonymous = send(guarded, method, path, null, json(method));
            if (route.equals("POST /control")) {
                // No token, but a signature: an unsigned request is refused by that.
                assertThat(anonymous.status()).as("unsigned /control").isEqualTo(403);
                assertErrorShape(method, anonymous, "X-Jobwarden-Timestamp");
            } else if (role.equals("none")) {
                assertThat(anonymous.status()).as(route).isEqualTo(200);
            } else {
                assertThat(anonymous.status()).as(route + " without a token").isEqualTo(401);
                assertThat(anonymous.header("WWW-Authenticate")).as(route).startsWith("Bearer");
                assertErrorShape(method, anonymous, "Authorization");
                RawHttp.Response wrong = send(guarded, method, path, "not-a-token-of-this-server", json(method));
                assertThat(wrong.status()).as(route + " with an unknown token").isEqualTo(401);
                String below = ROLE_BELOW.get(role);
                if (!below.isEmpty()) {
                    RawHttp.Response low = send(guarded, method, path, below, json(method));
                    assertThat(low.status())
                            .as(route + " with a role below " + role)
                            .isEqualTo(403);
                    assertErrorShape(method, low, "Authorization");
                }
            }
            seen.add(route);
        }
        assertThat(seen).hasSize(ROLES.size() + headCount());
    }

    @Test
    void everyRouteRefusesForeignOriginsAndCrossSiteRequestsInBothModes() {
        for (boolean tokens : List.of(false, true)) {
            LiveServer live = tokens ? guarded : open;
            for (String route : routes(true)) {
                String method = route.substring(0, route.indexOf(' '));
                String path = path(route);
                // The strongest token there is: what is refused here is refused for the browser, not for the role.
                String token = tokens ? ADMIN : null;
                for (String origin : List.of("https://evil.example", "null", "http://127.0.0.1:1")) {
                    RawHttp.Response r = send(live, method, path, token, json(method), "Origin: " + origin);
                    assertThat(r.status())
                            .as(route + " Origin " + origin + " tokens=" + tokens)
                            .isEqualTo(403);
                    assertErrorShape(method, r, "Origin");
                }
                RawHttp.Response site = send(live, method, path, token, json(method), "Sec-Fetch-Site: cross-site");
                assertThat(site.status())
                        .as(route + " cross-site tokens=" + tokens)
                        .isEqualTo(403);
                assertErrorShape(method, site, "Sec-Fetch-Site");
                if (!SAFE.contains(method)) {
                    RawHttp.Response sameSite =
                            send(live, method, path, token, json(method), "Sec-Fetch-Site: same-site");
                    assertThat(sameSite.status()).as(route + " same-site write").isEqualTo(403);
                }
            }
        }
    }

    @Test
    void everyStateChangeNeedsAJsonContentTypeInBothModes() {
        for (boolean tokens : List.of(false, true)) {
            LiveServer live = tokens ? guarded : open;
            for (String route : routes(false)) {
                String method = route.substring(0, route.indexOf(' '));
                if (SAFE.contains(method)) continue;
                String path = path(route);
                String token = tokens ? ADMIN : null;
                for (String type : List.of(
                        "Content-Type: text/plain",
                        "Content-Type: application/x-www-form-urlencoded",
                        "Content-Type: multipart/form-data; boundary=x",
                        "")) {
                    RawHttp.Response r = send(live, method, path, token, type);
                    assertThat(r.status())
                            .as(route + " [" + type + "] tokens=" + tokens)
                            .isEqualTo(403);
                    assertErrorShape(method, r, "Content-Type");
                }
            }
        }
    }

    @Test
    void inOpenModeEveryRouteRefusesARebindingHost() {
        int port = open.server.port();
        for (String route : routes(true)) {
            String method = route.substring(0, route.indexOf(' '));
            for (String host : List.of("evil.example", "evil.example:" + port, "127.0.0.1.evil.example")) {
                RawHttp.Response r = RawHttp.exchange(
                        port,
                        method + " " + path(route) + " HTTP/1.1\r\nHost: " + host + json(method),
                        SAFE.contains(method) ? null : HOSTILE_BODY);
                assertThat(r.status()).as(route + " Host " + host).isEqualTo(403);
                assertErrorShape(method, r, "Host");
            }
        }
    }

    @Test
    void noRouteGrantsACorsPreflight() {
        for (boolean tokens : List.of(false, true)) {
            LiveServer live = tokens ? guarded : open;
            for (String route : routes(false)) {
                String method = route.substring(0, route.indexOf(' '));
                RawHttp.Response preflight = RawHttp.exchange(
                        live.server.port(),
                        "OPTIONS " + path(route) + " HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: https://evil.example"
                                + "\r\nAccess-Control-Request-Method: " + method
                                + "\r\nAccess-Control-Request-Headers: content-type, authorization",
                        null);
                assertThat(preflight.status()).as("OPTIONS " + route).isEqualTo(403);
                assertThat(preflight.headers().keySet())
                        .as("OPTIONS " + route)
                        .noneMatch(h -> h.startsWith("access-control-"));
            }
        }
    }

    @Test
    void headAnswersWithTheStatusOfGetOnEveryRoute() {
        for (boolean tokens : List.of(false, true)) {
            LiveServer live = tokens ? guarded : open;
            for (String route : routes(false)) {
                if (!route.startsWith("GET ")) continue;
                String path = path(route);
                for (String token : tokens ? List.of("", VIEWER) : List.of("")) {
                    RawHttp.Response get = send(live, "GET", path, token, "");
                    RawHttp.Response head = send(live, "HEAD", path, token, "");
                    assertThat(head.status())
                            .as("HEAD " + path + " token=" + token + " tokens=" + tokens)
                            .isEqualTo(get.status());
                    assertThat(head.body()).as("HEAD " + path).isEmpty();
                }
            }
        }
    }

    @Test
    void methodOverrideHeadersChangeNoMethodOnAnyRoute() {
        for (boolean tokens : List.of(false, true)) {
            LiveServer live = tokens ? guarded : open;
            for (String route : routes(false)) {
                if (!route.startsWith("GET ")) continue;
                for (String header : List.of("X-HTTP-Method-Override", "X-HTTP-Method", "X-Method-Override")) {
                    for (String override : List.of("DELETE", "POST", "PUT")) {
                        RawHttp.Response r =
                                send(live, "GET", path(route), tokens ? ADMIN : null, "", header + ": " + override);
                        assertThat(r.status())
                                .as(route + " " + header + ": " + override)
                                .isLessThan(500);
                    }
                }
            }
        }
    }

    /** The table's routes, each with its HEAD twin when {@code withHead}, sorted so failures read the same each run. */
    private static List<String> routes(boolean withHead) {
        List<String> out = new ArrayList<>(new TreeMap<>(ROLES).keySet());
        if (withHead)
            new TreeMap<>(ROLES)
                    .keySet().stream()
                            .filter(r -> r.startsWith("GET "))
                            .forEach(r -> out.add("HEAD " + r.substring(4)));
        return out;
    }

    private static int headCount() {
        return (int) ROLES.keySet().stream().filter(r -> r.startsWith("GET ")).count();
    }

    /** The table's key for a route, HEAD twins under their GET. */
    private static String template(String route) {
        return route.startsWith("HEAD ") ? "GET " + route.substring(5) : route;
    }

    /** A concrete path for a route: the one job, a run that does not exist, a dashboard file that does. */
    private static String path(String route) {
        return route.substring(route.indexOf(' ') + 1)
                .replace("{id}", "target")
                .replace("{runId}", "987654")
                .replace("{file}", "app.js");
    }

    private static String role(Set<String> roles) {
        if (roles.isEmpty()) return "none";
        assertThat(roles).hasSize(1);
        return roles.iterator().next();
    }

    /** A {@code Content-Type: application/json} header line for a method that changes state, else nothing. */
    private static String json(String method) {
        return SAFE.contains(method) ? "" : "\r\nContent-Type: application/json";
    }

    /**
     * Sends a request as a client on this machine would, to 127.0.0.1, with the token (none when null or empty), the
     * extra header lines and, for a state change, a body that would create a job if it ever got through.
     */
    private static RawHttp.Response send(
            LiveServer live, String method, String path, String token, String contentType, String... extra) {
        StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1");
        if (token != null && !token.isEmpty())
            head.append("\r\nAuthorization: Bearer ").append(token);
        if (!contentType.isEmpty()) head.append(contentType.startsWith("\r\n") ? contentType : "\r\n" + contentType);
        for (String line : extra) head.append("\r\n").append(line);
        return RawHttp.exchange(live.server.port(), head.toString(), SAFE.contains(method) ? null : HOSTILE_BODY);
    }

    /** A refusal in the API's error shape naming {@code field}; a HEAD answer carries no body to check. */
    private static void assertErrorShape(String method, RawHttp.Response r, String field) {
        if (method.equals("HEAD")) {
            assertThat(r.body()).isEmpty();
            return;
        }
        assertThat(r.header("Content-Type")).startsWith("application/json");
        JsonNode errors;
        try {
            errors = JSON.readTree(r.body()).path("errors");
        } catch (Exception e) {
            throw new AssertionError("not JSON (" + r.status() + "): " + r.body(), e);
        }
        assertThat(errors.path(0).path("field").asText()).as(r.body()).isEqualTo(field);
        assertThat(errors.path(0).path("message").asText()).isNotBlank();
    }
}
