package io.jobwarden.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jobwarden.engine.Jobwarden;
import io.jobwarden.engine.spi.JobStore;
import io.jobwarden.server.LocalPorts;
import io.jobwarden.store.JobStores;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server prepared before its engine exists, as a worker prepares it while its engine starts: nothing listens until
 * it is started with the engine, and a setting the start would refuse is refused by the preparation, in the same words.
 */
class ApiServerPreparationTest {
    @TempDir
    Path dir;

    private JobStore store;
    private Jobwarden engine;
    private ApiServer api;

    @AfterEach
    void stop() {
        if (api != null) api.stop();
        if (engine != null) engine.stop();
        if (store != null) store.close();
    }

    @Test
    void a_prepared_server_listens_only_once_started_with_its_engine_and_then_answers_up() throws Exception {
        int port = LocalPorts.free();
        api = new ApiServer(HttpSettings.defaults().withPort(port), ControlActions.NONE, registry()).prepare();
        assertThat(LocalPorts.listening(port)).isFalse();

        store = JobStores.open("jdbc:sqlite:" + dir.resolve("jobwarden.db"), null, null);
        engine = Jobwarden.builder(store).nodeName("prepared").start();
        api.start(engine, List.of());

        HttpResponse<String> health = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"UP\"");
        assertThat(api.port()).isEqualTo(port);
    }

    @Test
    void a_prepared_server_that_never_starts_is_stopped_without_ever_listening() throws Exception {
        int port = LocalPorts.free();
        api = new ApiServer(HttpSettings.defaults().withPort(port), ControlActions.NONE, registry()).prepare();
        api.stop();
        assertThat(LocalPorts.listening(port)).isFalse();
        api = null;
    }

    @Test
    void the_preparation_refuses_an_open_api_on_the_network_as_the_start_does() {
        HttpSettings open = HttpSettings.defaults().withBind("0.0.0.0").withPort(0);
        assertThatThrownBy(() -> new ApiServer(open, ControlActions.NONE, registry()).prepare())
                .isInstanceOf(HttpStartupException.class)
                .hasMessage("http.bind is 0.0.0.0 but security.tokens is empty: an API without tokens may only listen"
                        + " on a loopback address. Add a token under security.tokens or bind to 127.0.0.1.");
    }

    @Test
    void a_server_started_ahead_does_all_but_listen_until_started_with_its_engine() throws Exception {
        int port = LocalPorts.free();
        api = new ApiServer(HttpSettings.defaults().withPort(port), ControlActions.NONE, registry());
        Thread ahead = startAhead(api);
        awaitHeldAtTheGate(ahead);
        assertThat(LocalPorts.listening(port)).isFalse();

        store = JobStores.open("jdbc:sqlite:" + dir.resolve("jobwarden.db"), null, null);
        engine = Jobwarden.builder(store).nodeName("ahead").start();
        api.start(engine, List.of());
        ahead.join(10_000);

        assertThat(ahead.isAlive()).isFalse();
        assertThat(health(port).body()).contains("\"UP\"");
        assertThat(api.port()).isEqualTo(port);
    }

    @Test
    void a_start_ahead_given_up_by_a_stop_ends_without_ever_listening_on_its_port() throws Exception {
        int port = LocalPorts.free();
        long jettyThreads = jettyThreads();
        api = new ApiServer(HttpSettings.defaults().withPort(port), ControlActions.NONE, registry());
        Thread ahead = startAhead(api);
        awaitHeldAtTheGate(ahead);

        api.stop();
        ahead.join(10_000);

        assertThat(ahead.isAlive()).isFalse();
        assertThat(LocalPorts.listening(port)).isFalse();
        // The server it started (on a throwaway loopback port) was stopped with its threads.
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> jettyThreads() <= jettyThreads);
        api = null;
    }

    @Test
    void a_server_is_prepared_once() {
        api = new ApiServer(HttpSettings.defaults().withPort(0), ControlActions.NONE, registry()).prepare();
        assertThatThrownBy(api::prepare).isInstanceOf(IllegalStateException.class);
    }

    /** As the worker does it: the preparing thread prepares, then starts the server ahead. */
    private static Thread startAhead(ApiServer api) {
        Runnable start = api.willStartAhead();
        Thread thread = new Thread(
                () -> {
                    api.prepare();
                    start.run();
                },
                "test-http-prepare");
        thread.start();
        return thread;
    }

    private static void awaitHeldAtTheGate(Thread thread) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> thread.getState() == Thread.State.WAITING
                        && Arrays.stream(thread.getStackTrace())
                                .anyMatch(f -> f.getClassName().startsWith(ListenGate.class.getName())));
    }

    private static long jettyThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("JettyServerThreadPool") && t.isAlive())
                .count();
    }

    private static HttpResponse<String> health(int port) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    private static PrometheusMeterRegistry registry() {
        return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    }
}
