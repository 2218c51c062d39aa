package io.jobwarden.server.security;

import static io.jobwarden.server.http.LiveServer.OPERATOR;
import static io.jobwarden.server.http.LiveServer.VIEWER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jobwarden.server.config.ConfigLoader;
import io.jobwarden.server.config.JobTypes;
import io.jobwarden.server.http.LiveServerFixture;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The job key {@code max-queued}: refused with its field named when bad, in the API and in the config file. */
class QueueBoundTest extends LiveServerFixture {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String job(String id, String maxQueued) {
        return "{\"id\":\"" + id + "\",\"schedule\":\"@every 1h\",\"type\":\"test\",\"overlap\":\"queue\""
                + ",\"max-queued\":" + maxQueued + "}";
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "100001", "\"many\"", "2.5", "1e400", "123456789012345678901234567890"})
    void aBadMaxQueuedIsA400NamingTheFieldAndChangesNothing(String value) throws Exception {
        for (String method : new String[] {"POST", "PUT"}) {
            HttpResponse<String> r = live.call(
                    method,
                    method.equals("POST") ? "/api/jobs" : "/api/jobs/q-bad",
                    OPERATOR,
                    job("q-bad", value),
                    "Content-Type",
                    "application/json");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
            JsonNode errors = JSON.readTree(r.body()).path("errors");
            assertThat(errors)
                    .anySatisfy(e -> assertThat(e.path("field").asText()).isEqualTo("max-queued"));
        }
        assertThat(live.get("/api/jobs/q-bad", VIEWER).statusCode()).isEqualTo(404);
    }

    @Test
    void aGoodMaxQueuedIsStoredAndShown() throws Exception {
        HttpResponse<String> r =
                live.call("POST", "/api/jobs", OPERATOR, job("q-good", "7"), "Content-Type", "application/json");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(JSON.readTree(live.get("/api/jobs/q-good", VIEWER).body())
                        .path("definition")
                        .path("max-queued")
                        .asInt())
                .isEqualTo(7);
        assertThat(live.engine.job("q-good").orElseThrow().spec().queueBound()).isEqualTo(7);
    }

    @Test
    void aBadMaxQueuedInTheConfigFileIsNamedWithItsPath() {
        ConfigLoader loader = new ConfigLoader(JobTypes.defaults(), Map.of());
        assertThatThrownBy(() -> loader.parse("""
                        jobs:
                          - { id: a, schedule: "@hourly", type: shell, command: [echo], overlap: queue, max-queued: 0 }
                        """, "jobwarden.yml", dir)).hasMessageContaining("jobs[0].max-queued:");
    }
}
