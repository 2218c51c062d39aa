package io.jobwarden.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jobwarden.server.config.ConfigLoader;
import io.jobwarden.server.config.JobTypes;
import io.jobwarden.server.config.JobwardenConfig;
import io.jobwarden.server.http.HttpStartupException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worker prepares its HTTP server while its engine starts. A setting the server refuses still fails the start
 * as it did when the server was made after the engine: the same error, the engine stopped, the worker lock released,
 * nothing listening, no preparing thread left.
 */
class WorkerHttpPreparationTest {
    @TempDir
    Path dir;

    @Test
    void a_keystore_the_server_cannot_open_fails_the_start_and_leaves_nothing_running() throws Exception {
        Path keystore = dir.resolve("broken.p12");
        Files.writeString(keystore, "not a keystore");
        int port = LocalPorts.free();
        Files.writeString(
                dir.resolve("jobwarden.yml"),
                "name: prepared\n"
                        + "http: { bind: 127.0.0.1, port: " + port + ", tls: { keystore: broken.p12, password: pw } }\n"
                        + "jobs:\n  - { id: tick, schedule: \"0 0 0 1 1 ?\", type: shell, command: [\"true\"] }\n");
        ConfigLoader loader =
                new ConfigLoader(JobTypes.forPlugins(dir.resolve("plugins")), Map.of("PATH", System.getenv("PATH")));
        JobwardenConfig config = loader.load(dir.resolve("jobwarden.yml"), null);
        WorkerHost host = new WorkerHost(() -> config, config, Optional.empty(), () -> {}, () -> {});

        assertThatThrownBy(host::start)
                .isInstanceOf(HttpStartupException.class)
                .hasMessageStartingWith("http.tls.keystore " + keystore + " is not a keystore this password opens");

        assertThat(host.worker()).isNull();
        assertThat(LocalPorts.listening(port)).isFalse();
        assertThat(Thread.getAllStackTraces().keySet())
                .noneMatch(t -> t.getName().equals("http-prepare") && t.isAlive());
        // The engine and the store were closed with the lock: a worker started now gets it at once.
        try (InstanceLock again = InstanceLock.acquire(config.dataDir(), InstanceLock.WORKER, "test")) {
            assertThat(again.file()).exists();
        }
    }
}
