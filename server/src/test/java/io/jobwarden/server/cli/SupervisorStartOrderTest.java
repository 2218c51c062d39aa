package io.jobwarden.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobwarden.supervisor.WorkerCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A supervised {@code run} starts its worker's JVM before anything in the supervisor touches a logger: the first
 * logger sets up logback's bootstrap console, about 0.1 s that the worker's start no longer waits for
 * (bench/FOOTPRINT.md, round five). A real supervisor JVM, its class loading logged.
 */
class SupervisorStartOrderTest {
    @TempDir
    Path dir;

    @Test
    void the_worker_process_is_started_before_the_supervisor_loads_slf4j() throws Exception {
        Path config = dir.resolve("jobwarden.yml");
        // A job the worker refuses: the worker stops on purpose and the supervisor ends with it, by itself.
        Files.writeString(
                config,
                "name: order\njobs:\n  - { id: bad, schedule: \"0 0 61 * * ?\", type: shell, command: [\"true\"] }\n");
        Path classes = dir.resolve("classes.txt");
        List<String> command = WorkerCommand.sameJvm(
                List.of("-Xlog:class+load=info:file=" + classes),
                Main.class.getName(),
                List.of("run", "--config", config.toString(), "--data", dir.toString()));
        Process supervisor = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("console.txt").toFile())
                .start();
        assertThat(supervisor.waitFor(120, TimeUnit.SECONDS)).isTrue();

        assertThat(Files.readString(dir.resolve("console.txt"))).contains("error: jobs[0].schedule");
        List<String> loaded = Files.readAllLines(classes);
        int spawn = firstLine(loaded, " io.jobwarden.supervisor.SpawnedWorker ");
        int slf4j = firstLine(loaded, " org.slf4j.LoggerFactory ");
        assertThat(spawn).isNotNegative();
        assertThat(slf4j).isGreaterThan(spawn);
    }

    private static int firstLine(List<String> lines, String text) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) return i;
        }
        return -1;
    }
}
