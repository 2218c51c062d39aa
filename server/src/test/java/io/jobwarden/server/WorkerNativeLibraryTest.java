package io.jobwarden.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobwarden.server.config.ConfigLoader;
import io.jobwarden.server.config.JobTypes;
import io.jobwarden.server.config.JobwardenConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A worker on SQLite keeps the driver's native library in its data directory, instead of extracting it each start. */
class WorkerNativeLibraryTest {
    @TempDir
    Path dir;

    @Test
    void a_sqlite_worker_keeps_one_copy_of_the_drivers_library_in_its_data_directory() throws Exception {
        Files.writeString(
                dir.resolve("jobwarden.yml"),
                "name: native\n"
                        + "http: { bind: 127.0.0.1, port: " + LocalPorts.free() + " }\n"
                        + "jobs:\n  - { id: tick, schedule: \"0 0 0 1 1 ?\", type: shell, command: [\"true\"] }\n");
        ConfigLoader loader =
                new ConfigLoader(JobTypes.forPlugins(dir.resolve("plugins")), Map.of("PATH", System.getenv("PATH")));
        JobwardenConfig config = loader.load(dir.resolve("jobwarden.yml"), null);
        Path natives = config.dataDir().resolve("native");

        for (int start = 1; start <= 2; start++) {
            WorkerHost host = new WorkerHost(() -> config, config, Optional.empty(), () -> {}, () -> {});
            host.start();
            try {
                assertThat(host.worker().engine().status().running()).isTrue();
            } finally {
                host.shutdown();
            }
            try (var files = Files.list(natives)) {
                assertThat(files.map(f -> f.getFileName().toString()))
                        .as("start %d", start)
                        .singleElement()
                        .satisfies(name -> assertThat(name).startsWith("sqlite-jdbc-"));
            }
        }
        assertThat(System.getProperty("org.sqlite.lib.path")).isEqualTo(natives.toString());
    }
}
