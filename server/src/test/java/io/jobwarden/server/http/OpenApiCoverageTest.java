package io.jobwarden.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jobwarden.server.http.openapi.OpenApiRoutes;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The maintained OpenAPI document against the server itself: every route Javalin registered is described, every
 * described operation is a registered route, with the role the route really demands, and the document is what
 * {@code GET /api/openapi.json} serves.
 */
class OpenApiCoverageTest extends LiveServerFixture {
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^}]+)}");

    static JsonNode document;

    @BeforeAll
    static void start() throws IOException {
        try (InputStream in = OpenApiRoutes.class.getResourceAsStream(OpenApiRoutes.RESOURCE)) {
            document = LiveServer.JSON.readTree(in);
        }
    }

    @Test
    void theRouteServesTheDocumentWithoutAToken() {
        HttpResponse<String> r = live.get(OpenApiRoutes.PATH, null);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(LiveServer.json(r)).isEqualTo(document);
        assertThat(document.path("openapi").asText()).startsWith("3.1.");
    }

    @Test
    void everyRegisteredRouteIsDescribedAndEveryDescribedRouteIsRegistered() {
        Set<String> registered = new TreeSet<>();
        for (ApiRoute route : live.server.routes()) {
            if (!route.method().equals("HEAD")) registered.add(route.method() + " " + route.path());
        }

        assertThat(registered).hasSizeGreaterThan(15).contains("GET /api/openapi.json", "GET /health/ready");
        assertThat(difference(registered, described(document)))
                .as("registered but not described in openapi.json")
                .isEmpty();
        assertThat(difference(described(document), registered))
                .as("described in openapi.json but not registered")
                .isEmpty();
    }

    @Test
    void everyGetRouteAnswersHeadAsTheDocumentSays() {
        Set<String> heads = new TreeSet<>();
        Set<String> gets = new TreeSet<>();
        for (ApiRoute route : live.server.routes()) {
            if (route.method().equals("HEAD")) heads.add(route.path());
            if (route.method().equals("GET")) gets.add(route.path());
        }
        assertThat(heads).isEqualTo(gets);
        assertThat(document.path("info").path("description").asText()).contains("HEAD");
    }

    @Test
    void eachOperationNamesTheRoleItsRouteDemands() {
        List<String> wrong = new ArrayList<>();
        for (ApiRoute route : live.server.routes()) {
            if (route.method().equals("HEAD")) continue;
            JsonNode op = document.path("paths")
                    .path(route.path())
                    .path(route.method().toLowerCase(Locale.ROOT));
            String role = op.path("x-jobwarden-role").asText();
            boolean bearer = op.path("security").size() > 0;
            boolean matches = route.roles().isEmpty()
                    ? (role.equals("none") || role.equals("control-secret")) && !bearer
                    : route.roles().equals(Set.of(role)) && bearer;
            if (!matches) wrong.add(route + " described as " + role + (bearer ? " (bearer)" : ""));
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void pathPlaceholdersAreDeclaredAndReferencesResolve() {
        List<String> problems = new ArrayList<>();
        document.path("paths").fields().forEachRemaining(path -> {
            Set<String> declared = new TreeSet<>(pathParameters(path.getValue().path("parameters")));
            path.getValue().fields().forEachRemaining(op -> {
                if (!METHODS.contains(op.getKey())) return;
                Set<String> all = new TreeSet<>(declared);
                all.addAll(pathParameters(op.getValue().path("parameters")));
                Matcher m = PLACEHOLDER.matcher(path.getKey());
                Set<String> inPath = new TreeSet<>();
                while (m.find()) inPath.add(m.group(1));
                if (!all.equals(inPath)) problems.add(op.getKey() + " " + path.getKey() + " declares " + all);
                if (op.getValue().path("responses").isEmpty())
                    problems.add(op.getKey() + " " + path.getKey() + " has no responses");
            });
        });
        collectRefs(document, problems);
        assertThat(problems).isEmpty();
    }

    @Test
    void theComparisonSeesARouteMissingFromTheDocument() {
        ObjectNode edited = document.deepCopy();
        ((ObjectNode) edited.path("paths")).remove("/api/nodes");
        ((ObjectNode) edited.path("paths").path("/api/jobs")).remove("post");

        assertThat(difference(described(document), described(edited)))
                .containsExactly("GET /api/nodes", "POST /api/jobs");
    }

    private static Set<String> described(JsonNode doc) {
        Set<String> out = new TreeSet<>();
        doc.path("paths")
                .fields()
                .forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(method -> {
                    if (METHODS.contains(method)) out.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey());
                }));
        return out;
    }

    private static Set<String> difference(Set<String> a, Set<String> b) {
        Set<String> out = new TreeSet<>(a);
        out.removeAll(b);
        return out;
    }

    private static List<String> pathParameters(JsonNode parameters) {
        List<String> names = new ArrayList<>();
        for (JsonNode p : parameters) {
            JsonNode resolved = p.has("$ref") ? resolve(p.path("$ref").asText()) : p;
            if (resolved.path("in").asText().equals("path"))
                names.add(resolved.path("name").asText());
        }
        return names;
    }

    private static JsonNode resolve(String ref) {
        return document.at(ref.substring(1));
    }

    private static void collectRefs(JsonNode node, List<String> problems) {
        if (node.has("$ref") && resolve(node.path("$ref").asText()).isMissingNode())
            problems.add("unresolved " + node.path("$ref").asText());
        for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) collectRefs(it.next(), problems);
    }
}
