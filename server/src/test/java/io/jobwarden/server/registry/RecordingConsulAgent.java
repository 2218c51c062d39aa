package io.jobwarden.server.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * A stand-in for the Consul agent's HTTP API, for tests (no Consul binary is available to them): the two endpoints
 * Jobwarden uses, {@code PUT /v1/agent/service/register} and {@code PUT /v1/agent/service/deregister/<id>}, with
 * Consul's checks of a registration (a name, an interval for an HTTP check, Go durations, at least 1m before
 * deregistering a critical service), its ACL token check, and its 404 for an unknown id. Like the agent, it then
 * calls the registered HTTP check once and records the status.
 */
public final class RecordingConsulAgent implements AutoCloseable {
    /** One request as it arrived. */
    public record Request(String method, String path, String token, String body) {}

    private static final Pattern GO_DURATION = Pattern.compile("([0-9]+(\\.[0-9]+)?(ns|us|ms|s|m|h))+");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final String requiredToken;
    private final HttpClient checker =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    public final List<Request> requests = new CopyOnWriteArrayList<>();
    public final Map<String, JsonNode> services = new ConcurrentHashMap<>();
    /** Each registered id's check result: the status its HTTP check answered. */
    public final Map<String, Integer> checks = new ConcurrentHashMap<>();

    private final AtomicInteger failures = new AtomicInteger();

    private RecordingConsulAgent(int port, String requiredToken) throws IOException {
        this.requiredToken = requiredToken;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** @param requiredToken the ACL token every request must carry, or null for an agent without ACLs */
    public static RecordingConsulAgent start(int port, String requiredToken) throws IOException {
        return new RecordingConsulAgent(port, requiredToken);
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The next {@code n} requests get a 500, as from an agent that lost its servers. */
    public void failNext(int n) {
        failures.set(n);
    }

    public long count(String pathPrefix) {
        return requests.stream().filter(r -> r.path().startsWith(pathPrefix)).count();
    }

    private void handle(HttpExchange ex) throws IOException {
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String token = ex.getRequestHeaders().getFirst("X-Consul-Token");
        String path = ex.getRequestURI().getRawPath();
        requests.add(new Request(ex.getRequestMethod(), path, token, body));
        if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            // Echoes the token, as a careless proxy might: the caller must not pass it on to its log.
            answer(ex, 500, "rpc error making call: No cluster leader (request token " + token + ")");
            return;
        }
        if (!ex.getRequestMethod().equals("PUT")) {
            answer(ex, 405, "method " + ex.getRequestMethod() + " not allowed");
            return;
        }
        if (requiredToken != null && !requiredToken.equals(token)) {
            answer(ex, 403, "ACL not found");
            return;
        }
        if (path.equals("/v1/agent/service/register")) register(ex, body);
        else if (path.startsWith("/v1/agent/service/deregister/")) deregister(ex, path);
        else answer(ex, 404, "no handler for " + path);
    }

    private void register(HttpExchange ex, String body) throws IOException {
        JsonNode service;
        try {
            service = JSON.readTree(body);
        } catch (IOException e) {
            answer(ex, 400, "Request decode failed: " + e.getMessage());
            return;
        }
        String problem = problem(service);
        if (problem != null) {
            answer(ex, 400, problem);
            return;
        }
        String id = service.path("ID").asText(service.path("Name").asText());
        services.put(id, service);
        answer(ex, 200, "");
        String http = service.path("Check").path("HTTP").asText();
        if (!http.isEmpty()) {
            Thread check = new Thread(() -> runCheck(id, http), "consul-check");
            check.setDaemon(true);
            check.start();
        }
    }

    private static String problem(JsonNode service) {
        if (service.path("Name").asText().isEmpty()) return "Invalid Service Meta: Missing service name";
        JsonNode check = service.path("Check");
        if (check.isMissingNode()) return null;
        if (!check.path("HTTP").asText().isEmpty()
                && !GO_DURATION.matcher(check.path("Interval").asText()).matches())
            return "Invalid check: Interval must be > 0 for Script, HTTP, H2PING, TCP or UDP checks";
        String after = check.path("DeregisterCriticalServiceAfter").asText();
        if (!after.isEmpty() && !GO_DURATION.matcher(after).matches()) return "Invalid check: bad duration " + after;
        if (!check.path("Timeout").asText().isEmpty()
                && !GO_DURATION.matcher(check.path("Timeout").asText()).matches()) return "Invalid check: bad timeout";
        return null;
    }

    private void deregister(HttpExchange ex, String path) throws IOException {
        String id = java.net.URLDecoder.decode(
                path.substring("/v1/agent/service/deregister/".length()), StandardCharsets.UTF_8);
        if (services.remove(id) == null) {
            answer(
                    ex,
                    404,
                    "Unknown service ID \"" + id + "\". Ensure that the service ID is passed, not the service name.");
            return;
        }
        answer(ex, 200, "");
    }

    private void runCheck(String id, String url) {
        try {
            HttpResponse<Void> r = checker.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            checks.put(id, r.statusCode());
        } catch (IOException e) {
            checks.put(id, -1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void answer(HttpExchange ex, int status, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
