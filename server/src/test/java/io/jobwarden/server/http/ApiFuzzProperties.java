package io.jobwarden.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobwarden.engine.JobSpecReader;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;

/**
 * Whatever a client sends — any method, path, query, headers and body, well-formed or not — the answer is never a
 * 5xx. Runs against the real server, engine and SQLite store, with a control secret and tokens configured.
 */
class ApiFuzzProperties {
    static Path dir;
    static LiveServer live;

    @BeforeContainer
    static void start() throws Exception {
        dir = Files.createTempDirectory("jobwarden-fuzz");
        live = LiveServer.start(dir);
    }

    @AfterContainer
    static void stop() throws Exception {
        live.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    record Garbage(String method, String path, List<String> headers, String body) {}

    @Property(tries = 1500)
    void noRequestGetsA5xx(@ForAll("garbage") Garbage g) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(live.server.url() + g.path()))
                .timeout(Duration.ofSeconds(30))
                .method(
                        g.method(),
                        g.body() == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(g.body(), StandardCharsets.UTF_8));
        for (int i = 0; i + 1 < g.headers().size(); i += 2)
            b.header(g.headers().get(i), g.headers().get(i + 1));

        HttpResponse<String> r = live.send(b.build());
        Statistics.label("status").collect(r.statusCode());

        assertThat(r.statusCode())
                .as("%s %s -> %s", g.method(), g.path(), r.body())
                .isLessThan(500);
    }

    /**
     * Job definitions built field by field from plausible and absurd values, posted and put with an operator token;
     * whatever is accepted must also read back (one job and the list) without a 5xx.
     */
    @Property(tries = 600)
    void noJobDefinitionGetsA5xx(@ForAll("jobDefinitions") Map<String, Object> job) throws Exception {
        String body = LiveServer.JSON.writeValueAsString(job);
        HttpResponse<String> post = live.call("POST", "/api/jobs", LiveServer.OPERATOR, body);
        Object id = job.get("id");
        String path = id instanceof String s && JobSpecReader.ID.matcher(s).matches()
                ? "/api/jobs/" + s
                : "/api/jobs/put-target";
        HttpResponse<String> put = live.call("PUT", path, LiveServer.OPERATOR, body);
        Statistics.label("post").collect(post.statusCode());

        for (HttpResponse<String> r : List.of(
                post,
                put,
                live.get(path, LiveServer.VIEWER),
                live.get("/api/jobs", LiveServer.VIEWER),
                live.get(path + "/runs", LiveServer.VIEWER))) {
            assertThat(r.statusCode()).as("%s -> %s", body, r.body()).isLessThan(500);
        }
        if (post.statusCode() == 201 || put.statusCode() < 300) live.call("DELETE", path, LiveServer.OPERATOR, null);
    }

    @Provide
    Arbitrary<Map<String, Object>> jobDefinitions() {
        Arbitrary<Object> durations = Arbitraries.frequencyOf(
                Tuple.of(
                        6,
                        Arbitraries.of("1s", "30s", "10m", "2h", "1d", "0ms", "30d", "999999999999h", "999999999999ms")
                                .map(o -> (Object) o)),
                Tuple.of(
                        1,
                        Arbitraries.of("0s", "31d", "-1s", "999999999999d", "1.5s", "1 s", "s", "", "PT1S")
                                .map(o -> (Object) o)),
                Tuple.of(1, Arbitraries.longs().map(n -> (Object) (n + "ms"))));
        Arbitrary<Object> value = anyJson(2);
        Map<String, Arbitrary<Object>> fields = new java.util.LinkedHashMap<>();
        fields.put("id", mostly(Arbitraries.of("fz-a", "fz-b", "fz-c").map(o -> (Object) o), value));
        fields.put(
                "schedule",
                mostly(
                        Arbitraries.of(
                                        "@every 1h",
                                        "@every 1s",
                                        "@every 0s",
                                        "@every 999999999999d",
                                        "@delay 5s",
                                        "@at 2999-01-01T00:00:00Z",
                                        "@at 1970-01-01T00:00:00Z",
                                        "0 0 3 * * ?",
                                        "0 0 3 L-3 * ?",
                                        "0 0 3 ? * 6#5",
                                        "*/0 * * * *",
                                        "0 0 0 31 2 ?",
                                        "0 0 0 ? * * 2099",
                                        "0 0 0 ? * * 1969",
                                        "@yearly",
                                        "@hourly",
                                        "@every",
                                        "* * * * * * * *",
                                        "0 0 3 1W * ?",
                                        "59 59 23 L * ?")
                                .map(o -> (Object) o),
                        value));
        fields.put(
                "type",
                mostly(
                        Arbitraries.of("test", "test", "test", "test", "test", "test", "shell", "java")
                                .map(o -> (Object) o),
                        value));
        fields.put(
                "zone",
                mostly(
                        Arbitraries.of("UTC", "Europe/Berlin", "America/Sao_Paulo", "+14:00", "GMT+99", "Z")
                                .map(o -> (Object) o),
                        value));
        fields.put("timeout", mostly(durations, value));
        fields.put(
                "retry",
                mostly(
                        Combinators.combine(
                                        mostly(
                                                Arbitraries.integers()
                                                        .between(-2, 1001)
                                                        .map(o -> (Object) o),
                                                value),
                                        durations,
                                        durations)
                                .as((max, backoff, maxBackoff) ->
                                        (Object) mapOf("max", max, "backoff", backoff, "max-backoff", maxBackoff)),
                        value));
        fields.put(
                "overlap",
                mostly(Arbitraries.of("skip", "queue", "allow", "SKIP", "never").map(o -> (Object) o), value));
        fields.put(
                "misfire",
                mostly(
                        Arbitraries.of("fire-once", "skip", "catch-up", "fire_once")
                                .map(o -> (Object) o),
                        value));
        fields.put("group", mostly(Arbitraries.of("default", "batch").map(o -> (Object) o), value));
        fields.put("priority", mostly(Arbitraries.integers().between(-5, 105).map(o -> (Object) o), value));
        fields.put(
                "description",
                mostly(Arbitraries.strings().all().ofMaxLength(1100).map(o -> (Object) o), value));
        fields.put("output", mostly(Arbitraries.strings().all().ofMaxLength(50).map(o -> (Object) o), value));
        fields.put("sleep", mostly(Arbitraries.of("0ms", "5ms", "-1s", "soon").map(o -> (Object) o), value));
        fields.put("fail", mostly(Arbitraries.of(true, false).map(o -> (Object) o), value));
        fields.put("unknown-key", value);
        List<Arbitrary<java.util.Optional<Map.Entry<String, Object>>>> parts = new ArrayList<>();
        fields.forEach((key, arb) ->
                parts.add(arb.map(v -> (Map.Entry<String, Object>) new java.util.AbstractMap.SimpleEntry<>(key, v))
                        .optional(
                                key.equals("id") || key.equals("schedule") || key.equals("type")
                                        ? 0.97
                                        : key.equals("unknown-key") ? 0.03 : 0.2)));
        return Combinators.combine(parts).as(entries -> {
            Map<String, Object> job = new java.util.LinkedHashMap<>();
            entries.forEach(e -> e.ifPresent(en -> job.put(en.getKey(), en.getValue())));
            return job;
        });
    }

    /** Any JSON value: null, booleans, numbers from tiny to absurd, strings with every kind of character, nesting. */
    private static Arbitrary<Object> anyJson(int depth) {
        List<Arbitrary<Object>> leaves = List.of(
                Arbitraries.just(null),
                Arbitraries.of(true, false).map(o -> (Object) o),
                Arbitraries.longs().map(o -> (Object) o),
                Arbitraries.of(
                                new java.math.BigInteger("123456789012345678901234567890"),
                                new java.math.BigDecimal("1e400"),
                                new java.math.BigDecimal("-0.000000000001"),
                                1.5,
                                -0.0)
                        .map(o -> (Object) o),
                Arbitraries.strings().all().ofMaxLength(40).map(o -> (Object) o));
        if (depth == 0) return Arbitraries.oneOf(leaves);
        Arbitrary<Object> nested = Arbitraries.lazy(() -> anyJson(depth - 1));
        List<Arbitrary<Object>> all = new ArrayList<>(leaves);
        all.add(nested.list().ofMaxSize(3).map(o -> (Object) o));
        all.add(Arbitraries.maps(Arbitraries.of("max", "backoff", "a", "", "id"), nested)
                .ofMaxSize(3)
                .map(o -> (Object) o));
        return Arbitraries.oneOf(all);
    }

    /** Nineteen times in twenty a value of the right kind, else any JSON at all. */
    private static Arbitrary<Object> mostly(Arbitrary<Object> plausible, Arbitrary<Object> any) {
        return Arbitraries.frequencyOf(Tuple.of(19, plausible), Tuple.of(1, any));
    }

    private static Map<String, Object> mapOf(Object... kv) {
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        for (int i = 0; i + 1 < kv.length; i += 2) out.put((String) kv[i], kv[i + 1]);
        return out;
    }

    /**
     * What {@code java.net.http} refuses to send — malformed %-escapes, raw spaces and control bytes, broken request
     * lines — written straight to a socket. Jetty may refuse such a request itself; it must never answer 5xx.
     */
    @Property(tries = 400)
    void noRawRequestGetsA5xx(@ForAll("rawRequests") String request) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", live.server.port())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            // Half-close: a body shorter than its Content-Length or an unfinished chunk ends here, not in a wait.
            socket.shutdownOutput();
            String statusLine = new BufferedReader(
                            new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1))
                    .readLine();
            // A closed connection without an answer is a refusal too; a status line must not be 5xx. The one exception:
            // a request line whose third token is not "HTTP/1.1" (e.g. "GET  HTTP/1.1", no target) names no version
            // Jetty speaks, and its parser answers 505 as RFC 9110 section 15.6.6 says, before any of our code runs.
            if (statusLine != null) {
                boolean wellFormedLine = request.lines().findFirst().orElse("").matches("\\S+ \\S+ HTTP/1\\.1");
                assertThat(statusLine)
                        .as(request)
                        .matches(wellFormedLine ? "HTTP/1\\.[01] [1-4]\\d\\d.*" : "HTTP/1\\.[01] ([1-4]\\d\\d|505).*");
            }
        }
    }

    @Provide
    Arbitrary<String> rawRequests() {
        Arbitrary<String> target = Arbitraries.oneOf(
                Arbitraries.of(
                        "/api/jobs/x/runs?limit=%zz",
                        "/api/jobs/%zz",
                        "/api/runs/%",
                        "/api/jobs?%=%",
                        "/api/jobs/a b",
                        "/api/jobs/\u00e9",
                        "/health?x=%G0",
                        "/api/jobs/%ff%fe/runs",
                        "/api/jobs/x/runs?before=%2d1",
                        "*",
                        "",
                        "http://evil/api/jobs",
                        "/api/jobs/" + "y".repeat(5000),
                        "/api/jobs/%00/pause",
                        "/../../etc/passwd"),
                Arbitraries.strings().withCharRange('!', '~').ofMaxLength(60).map(s -> "/" + s));
        Arbitrary<String> method = Arbitraries.of("GET", "POST", "PUT", "DELETE", "get", "G E T", "", "\u00ff");
        Arbitrary<String> auth = Arbitraries.of(
                "",
                "Authorization: Bearer " + LiveServer.ADMIN + "\r\n",
                "Authorization: Bearer \u00e9\r\n",
                "Authorization:\r\n",
                "Content-Length: -1\r\n",
                "Content-Length: 99999999999999999999\r\n",
                "Content-Length: 5\r\n",
                "Transfer-Encoding: chunked\r\n",
                "Transfer-Encoding: gzip\r\n",
                "X-Jobwarden-Timestamp: \u00ff\r\n",
                "Content-Type: application/json; charset=\"x\"\r\n");
        Arbitrary<String> body =
                Arbitraries.of("", "{}", "zz\r\n{\"id\"}\r\n0\r\n\r\n", "0\r\n\r\n", "{\"action\":\"stop\"}");
        return Combinators.combine(method, target, auth, body)
                .as((m, t, a, b) ->
                        m + " " + t + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + a + "Connection: close\r\n\r\n" + b);
    }

    @Provide
    Arbitrary<Garbage> garbage() {
        return Combinators.combine(methods(), paths(), headers(), bodies()).as(Garbage::new);
    }

    private static Arbitrary<String> methods() {
        return Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.of("GET", "POST", "POST", "PUT", "DELETE")),
                Tuple.of(1, Arbitraries.of("PATCH", "OPTIONS", "HEAD", "FOO", "PROPFIND", "CONNECT-X")));
    }

    private static Arbitrary<String> paths() {
        Arbitrary<String> segment = Arbitraries.oneOf(
                Arbitraries.of(
                        "jobs",
                        "runs",
                        "nodes",
                        "trigger",
                        "pause",
                        "resume",
                        "api",
                        "health",
                        "live",
                        "ready",
                        "metrics",
                        "control",
                        "fuzzed",
                        "..",
                        ".",
                        "%2e%2e",
                        "%00",
                        "%2F",
                        "%25",
                        "a%20b",
                        "%E2%82%AC",
                        "%C3%28",
                        "-1",
                        "0",
                        "9223372036854775807",
                        "99999999999999999999999",
                        "1e9",
                        "NaN",
                        ";x=1",
                        ""),
                Arbitraries.strings()
                        .withCharRange('a', 'z')
                        .numeric()
                        .withChars("-_.~")
                        .ofMaxLength(200),
                Arbitraries.strings().all().ofMaxLength(12).map(ApiFuzzProperties::escape));
        Arbitrary<String> random = segment.list().ofMinSize(1).ofMaxSize(6).map(s -> "/" + String.join("/", s));
        Arbitrary<String> known = Arbitraries.of(
                "/api/jobs",
                "/api/jobs/fuzzed",
                "/api/jobs/fuzzed/runs",
                "/api/jobs/fuzzed/trigger",
                "/api/jobs/fuzzed/pause",
                "/api/jobs/fuzzed/resume",
                "/api/runs",
                "/api/runs/1",
                "/api/nodes",
                "/health",
                "/health/live",
                "/health/ready",
                "/metrics",
                "/control",
                "/",
                "/api/jobs/",
                "//api//jobs");
        Arbitrary<String> query = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.just("")),
                Tuple.of(
                        2,
                        Arbitraries.of(
                                "?limit=abc",
                                "?limit=0",
                                "?limit=500",
                                "?limit=-1",
                                "?before=-1",
                                "?before=1&limit=2",
                                "?limit=1e3",
                                "?before=99999999999999999999",
                                "?&&&",
                                "?=",
                                "?limit",
                                "?limit=1&limit=x",
                                "?%ff=%fe")),
                Tuple.of(1, Arbitraries.strings().all().ofMaxLength(30).map(s -> "?" + escape(s))));
        Arbitrary<String> path = Arbitraries.frequencyOf(Tuple.of(4, known), Tuple.of(1, random));
        return Combinators.combine(path, query).as((p, q) -> p + q);
    }

    /** Mostly a valid token of some role, so most requests get past auth to the handlers; then random headers. */
    private static Arbitrary<List<String>> headers() {
        Arbitrary<List<String>> auth = Arbitraries.frequencyOf(
                Tuple.of(
                        8,
                        Arbitraries.of(LiveServer.VIEWER, LiveServer.OPERATOR, LiveServer.ADMIN, LiveServer.ADMIN)
                                .map(t -> List.of("Authorization", "Bearer " + t))),
                Tuple.of(2, Arbitraries.just(List.<String>of())));
        Arbitrary<String> name = Arbitraries.of(
                "Authorization",
                "Content-Type",
                "X-Jobwarden-Timestamp",
                "X-Jobwarden-Signature",
                "Accept",
                "Accept-Encoding",
                "Transfer-Encoding-X",
                "X-Forwarded-For",
                "Cookie",
                "Origin",
                "If-None-Match");
        Arbitrary<String> value = Arbitraries.oneOf(
                Arbitraries.of(
                        "Bearer ",
                        "Basic YWxhZGRpbjpvcGVuc2VzYW1l",
                        "application/json",
                        "application/json; charset=nope",
                        "text/plain; charset=utf-16",
                        "multipart/form-data; boundary=x",
                        "application/x-www-form-urlencoded",
                        "gzip",
                        "-1",
                        "0",
                        "99999999999999999999",
                        "sha256=",
                        "sha256=00",
                        "*/*",
                        "JSESSIONID=x"),
                Arbitraries.strings()
                        .withCharRange(' ', '~')
                        .ofMaxLength(80)
                        .map(String::trim)
                        .filter(s -> !s.isEmpty()),
                Arbitraries.longs().map(n -> Long.toString(n)));
        Arbitrary<List<String>> others = Combinators.combine(name, value)
                .as(List::of)
                .list()
                .ofMaxSize(3)
                .map(pairs -> {
                    List<String> flat = new ArrayList<>();
                    pairs.forEach(flat::addAll);
                    return flat;
                });
        return Combinators.combine(auth, others).as((a, o) -> {
            List<String> all = new ArrayList<>(a);
            all.addAll(o);
            return all;
        });
    }

    private static Arbitrary<String> bodies() {
        Arbitrary<String> fragments = Arbitraries.of(
                "{",
                "}",
                "[",
                "]",
                ":",
                ",",
                "\"",
                "\"id\"",
                "\"schedule\"",
                "\"type\"",
                "\"test\"",
                "\"fuzzed\"",
                "\"@every 1s\"",
                "\"0 0 3 * * ?\"",
                "\"* * * *\"",
                "\"timeout\"",
                "\"-1s\"",
                "\"999999999999d\"",
                "\"retry\"",
                "\"max\"",
                "\"backoff\"",
                "\"max-backoff\"",
                "\"999999999999d\"",
                "\"zone\"",
                "\"Mars/Base\"",
                "\"action\"",
                "\"pause\"",
                "\"resume\"",
                "null",
                "true",
                "false",
                "1e999999",
                "-0",
                "123456789012345678901234567890",
                "0.000000001",
                "\"\\u0000\"",
                "\"\\ud800\"",
                "\"é€𝄞\"",
                "NaN",
                "Infinity",
                "'",
                "\\",
                "\n",
                "  ");
        Arbitrary<String> soup = fragments.list().ofMaxSize(40).map(l -> String.join("", l));
        Arbitrary<String> jobs = Combinators.combine(
                        Arbitraries.of("fuzzed", "fuzzed-2", "", "bad id", "x".repeat(129)),
                        Arbitraries.of(
                                "@every 1s",
                                "@every 0s",
                                "@delay 1s",
                                "@at 2020-01-01T00:00:00Z",
                                "0 0 3 * * ?",
                                "61 * * * * ?",
                                "@never",
                                "",
                                "* * * * * * * *"),
                        Arbitraries.of("test", "shell", "nope", ""),
                        Arbitraries.of(
                                "",
                                ",\"timeout\":\"1s\"",
                                ",\"timeout\":\"999999999999d\"",
                                ",\"retry\":{\"max\":1000,\"backoff\":\"999999999999d\"}",
                                ",\"retry\":{\"max\":2,\"backoff\":\"1s\",\"max-backoff\":\"1ms\"}",
                                ",\"priority\":100",
                                ",\"group\":\"x\"",
                                ",\"overlap\":\"queue\"",
                                ",\"misfire\":\"catch-up\"",
                                ",\"fail\":true",
                                ",\"sleep\":\"10ms\"",
                                ",\"zone\":\"UTC\"",
                                ",\"description\":null",
                                ",\"extra\":{\"a\":[1,2,{}]}"))
                .as((id, schedule, type, extra) -> "{\"id\":\"" + id + "\",\"schedule\":\"" + schedule
                        + "\",\"type\":\"" + type + "\"" + extra + "}");
        Arbitrary<String> control = Arbitraries.of(
                "{\"action\":\"pause\"}", "{\"action\":\"stop\"}", "{\"action\":\"restart\"}", "{\"action\":1}");
        Arbitrary<String> unicode = Arbitraries.strings().all().ofMaxLength(200);
        return Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(null)),
                Tuple.of(2, soup),
                Tuple.of(5, jobs),
                Tuple.of(1, control),
                Tuple.of(1, unicode));
    }

    /** A string %-escaped byte by byte, so any text (lone surrogates too) can ride in a URI. */
    private static String escape(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_')
                out.append(c);
            else out.append('%').append(String.format("%02X", b & 0xff));
        }
        return out.toString();
    }
}
