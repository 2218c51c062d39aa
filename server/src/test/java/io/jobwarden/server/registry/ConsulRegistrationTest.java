package io.jobwarden.server.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.jobwarden.engine.InvalidInputException;
import io.jobwarden.server.Worker;
import io.jobwarden.server.config.ConfigLoader;
import io.jobwarden.server.config.ConsulSection;
import io.jobwarden.server.config.JobwardenConfig;
import io.jobwarden.server.http.ControlActions;
import io.jobwarden.supervisor.SupervisorStatus;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * {@code registry.consul} against a recording agent: a real worker registers with an HTTP check on its own
 * {@code /health} and deregisters on a graceful stop; an agent that is down or failing never stops a start, and the
 * registration arrives once it answers.
 */
class ConsulRegistrationTest {
    @TempDir
    Path dir;

    @Test
    void aWorkerRegistersWithAHealthCheckAndDeregistersOnStop() throws IOException {
        try (RecordingConsulAgent agent = RecordingConsulAgent.start(0, null)) {
            Worker worker =
                    Worker.start(config("""
                            name: billing
                            registry:
                              consul:
                                url: %s
                                tags: [jobs, blue]
                                check-interval: 15s
                                deregister-critical-after: 2m
                            """.formatted(agent.url())), ControlActions.NONE, SupervisorStatus.FIRST_START);
            String id;
            try {
                await().atMost(Duration.ofSeconds(20)).until(() -> agent.services.size() == 1);
                id = agent.services.keySet().iterator().next();
                JsonNode service = agent.services.get(id);
                assertThat(service.path("Name").asText()).isEqualTo("billing");
                assertThat(id).startsWith("billing-").endsWith("-" + worker.httpPort());
                assertThat(service.path("Port").asInt()).isEqualTo(worker.httpPort());
                assertThat(service.path("Address").asText()).isEqualTo("127.0.0.1");
                assertThat(service.path("Tags").toString()).isEqualTo("[\"jobs\",\"blue\"]");
                JsonNode check = service.path("Check");
                assertThat(check.path("HTTP").asText()).isEqualTo("http://127.0.0.1:" + worker.httpPort() + "/health");
                assertThat(check.path("Interval").asText()).isEqualTo("15s");
                assertThat(check.path("DeregisterCriticalServiceAfter").asText())
                        .isEqualTo("120s");
                // The agent ran the check against the worker: the URL it was given is a live /health.
                await().atMost(Duration.ofSeconds(20)).until(() -> agent.checks.containsKey(id));
                assertThat(agent.checks.get(id)).isEqualTo(200);
                assertThat(agent.count("/v1/agent/service/deregister/")).isZero();
            } finally {
                worker.stop();
            }
            assertThat(agent.services).isEmpty();
            assertThat(agent.requests)
                    .last()
                    .satisfies(r -> assertThat(r.path()).isEqualTo("/v1/agent/service/deregister/" + id));
        }
    }

    @Test
    void anUnreachableAgentDoesNotStopTheStartAndIsRetriedInTheBackground() throws IOException {
        int port = freePort();
        Logger logger = (Logger) LoggerFactory.getLogger(ConsulRegistration.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        Worker worker = Worker.start(
                config("registry: { consul: { url: \"http://127.0.0.1:" + port + "\", service: api-jobs } }\n"),
                ControlActions.NONE,
                SupervisorStatus.FIRST_START);
        try {
            assertThat(worker.engine().status().claiming()).isTrue();
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> appender.list.stream()
                            .anyMatch(e -> e.getLevel() == Level.WARN
                                    && e.getFormattedMessage().contains("Consul registration of service api-jobs")
                                    && e.getFormattedMessage().contains("retries in")));
            try (RecordingConsulAgent agent = RecordingConsulAgent.start(port, null)) {
                await().atMost(Duration.ofSeconds(30)).until(() -> agent.services.size() == 1);
                assertThat(agent.services
                                .values()
                                .iterator()
                                .next()
                                .path("Name")
                                .asText())
                        .isEqualTo("api-jobs");
                worker.stop();
                worker = null;
                assertThat(agent.services).isEmpty();
            }
        } finally {
            logger.detachAppender(appender);
            if (worker != null) worker.stop();
        }
    }

    @Test
    void failingAnswersAreRetriedWithBackoffAndNoDeregistrationFollowsWhatNeverRegistered() throws Exception {
        try (RecordingConsulAgent agent = RecordingConsulAgent.start(0, null)) {
            agent.failNext(3);
            ConsulRegistration registration = ConsulRegistration.start(
                    section(agent), "x", "127.0.0.1", 8080, false, Duration.ofMillis(50), Duration.ofMillis(200));
            await().atMost(Duration.ofSeconds(20)).until(registration::registered);
            assertThat(agent.count("/v1/agent/service/register")).isEqualTo(4);
            registration.close();
            assertThat(agent.services).isEmpty();

            agent.failNext(1_000);
            ConsulRegistration never = ConsulRegistration.start(
                    section(agent), "x", "127.0.0.1", 8080, false, Duration.ofMillis(50), Duration.ofMillis(100));
            await().atMost(Duration.ofSeconds(20)).until(() -> agent.count("/v1/agent/service/register") >= 7);
            never.close();
            long after = agent.requests.size();
            assertThat(agent.count("/v1/agent/service/deregister/")).isEqualTo(1);
            Thread.sleep(300);
            assertThat(agent.requests).as("no retry after close").hasSize((int) after);
        }
    }

    @Test
    void aWildcardBindAdvertisesThisHostsAddressAndTlsChecksHttps() throws Exception {
        try (RecordingConsulAgent agent = RecordingConsulAgent.start(0, null)) {
            try (ConsulRegistration r = ConsulRegistration.start(section(agent), "x", "0.0.0.0", 8443, true)) {
                await().atMost(Duration.ofSeconds(20)).until(r::registered);
                JsonNode service = agent.services.get(r.serviceId());
                assertThat(service.path("Address").asText()).isNotIn("0.0.0.0", "");
                assertThat(service.path("Check").path("HTTP").asText())
                        .startsWith("https://")
                        .endsWith(":8443/health");
            }
        }
    }

    @Test
    void anIpv6BindIsAdvertisedWithoutBracketsAndCheckedWithThem() throws Exception {
        try (RecordingConsulAgent agent = RecordingConsulAgent.start(0, null)) {
            for (String bind : List.of("::1", "[::1]")) {
                try (ConsulRegistration r = ConsulRegistration.start(section(agent), "x", bind, 8080, false)) {
                    await().atMost(Duration.ofSeconds(20)).until(r::registered);
                    JsonNode service = agent.services.get(r.serviceId());
                    assertThat(service.path("Address").asText()).as(bind).isEqualTo("::1");
                    assertThat(service.path("Check").path("HTTP").asText())
                            .as(bind)
                            .isEqualTo("http://[::1]:8080/health");
                }
            }
        }
    }

    @Test
    void badKeysAreRefusedWithALineNamingEachField() {
        ConfigLoader loader = new ConfigLoader(List.of(), Map.of());
        assertThatThrownBy(() -> loader.parse("""
                        registry:
                          consul:
                            url: "ftp://consul:8500"
                            service: "billing jobs"
                            id: "a/b"
                            address: "http://host:80"
                            tags: [ok, { no: 1 }]
                            check-interval: -5s
                            deregister-critical-after: 30s
                            tokn: x
                        """, "jobwarden.yml", dir))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("registry.consul.url: must be an http:// or https:// URL")
                .hasMessageContaining("registry.consul.service: 'billing jobs' is not a Consul service name")
                .hasMessageContaining("registry.consul.id: 'a/b' may use only")
                .hasMessageContaining("registry.consul.address: 'http://host:80' is not a host name")
                .hasMessageContaining("registry.consul.tags[1]")
                .hasMessageContaining("registry.consul.check-interval")
                .hasMessageContaining("registry.consul.deregister-critical-after: must be at least 1m")
                .hasMessageContaining("registry.consul.tokn: is not a setting; did you mean 'token'?");
        assertThatThrownBy(() -> loader.parse("registry: { consul: { service: x } }\n", "jobwarden.yml", dir))
                .hasMessageContaining("registry.consul.url: is required");
        assertThatThrownBy(() -> loader.parse("registry: { etcd: {} }\n", "jobwarden.yml", dir))
                .hasMessageContaining("registry.etcd: is not a setting");

        JobwardenConfig none = loader.parse("name: x\n", "jobwarden.yml", dir);
        assertThat(none.registry().consul()).isEmpty();
        ConsulSection defaults = loader.parse(
                        "name: x\nregistry: { consul: { url: \"http://127.0.0.1:8500\" } }\n", "jobwarden.yml", dir)
                .registry()
                .consul()
                .orElseThrow();
        assertThat(defaults.service()).isEqualTo("x");
        assertThat(defaults.checkInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(defaults.deregisterCriticalAfter()).isEqualTo(Duration.ofMinutes(10));
    }

    private JobwardenConfig config(String yaml) throws IOException {
        return new ConfigLoader(List.of(), Map.of("PATH", System.getenv("PATH")))
                .parse("supervisor: { enabled: false }\n" + yaml, "jobwarden.yml", dir)
                .withHttpPort(freePort());
    }

    private ConsulSection section(RecordingConsulAgent agent) {
        return new ConfigLoader(List.of(), Map.of())
                .parse("registry: { consul: { url: \"" + agent.url() + "\" } }\n", "jobwarden.yml", dir)
                .registry()
                .consul()
                .orElseThrow();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
