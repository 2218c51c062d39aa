package io.jobwarden.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The supervisor reads every setting but the jobs; the worker reads the jobs. Either way a broken file ends a
 * supervised {@code run} with exit code 1 and one line naming the field, without a stack trace and without restarts.
 */
class SupervisedConfigErrorTest {
    @TempDir
    Path dir;

    private String[] run(String config) throws Exception {
        Path file = dir.resolve("jobwarden.yml");
        Files.writeString(file, config);
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        try {
            PrintStream both = new PrintStream(console, true, StandardCharsets.UTF_8);
            System.setOut(both);
            System.setErr(both);
            // A bound, not a speed: restarts of the worker would run for minutes before a crash loop.
            int code = CompletableFuture.supplyAsync(
                            () -> Main.execute("run", "--config", file.toString(), "--data", dir.toString()))
                    .get(120, TimeUnit.SECONDS);
            return new String[] {Integer.toString(code), console.toString(StandardCharsets.UTF_8)};
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void aBrokenSettingIsRefusedByTheSupervisorBeforeAnyWorkerStarts() throws Exception {
        String[] r = run("name: broken\nthreads: 0\n");
        assertThat(r[0]).isEqualTo("1");
        assertThat(r[1]).contains("error: threads:").doesNotContain("Exception").doesNotContain("Worker started");
    }

    @Test
    void aBrokenJobIsReportedByTheWorkerAndNotRestarted() throws Exception {
        String[] r = run("name: broken\njobs:\n"
                + "  - { id: fine, schedule: \"@every 1h\", type: shell, command: [\"true\"] }\n"
                + "  - { id: bad, schedule: \"0 0 61 * * ?\", type: shell, command: [\"true\"] }\n");
        assertThat(r[0]).isEqualTo("1");
        assertThat(r[1])
                .contains("Worker started")
                .contains("error: jobs[1].schedule")
                .contains("stopped on purpose with exit code 1; not restarting")
                .doesNotContain("Exception")
                .doesNotContain("Restarting the worker");
        assertThat(dir.resolve("logs").resolve("crash")).doesNotExist();
    }

    @Test
    void aLogDirectoryThatCannotBeMadeEndsTheRunAndTheWorkerStartedBeforeIt() throws Exception {
        // The supervisor starts its worker before it sets up its logging: a failed set-up must not leave it running.
        Files.writeString(dir.resolve("logs"), "a file where the log directory should be");
        String[] r = run("name: nolog\nlogging: { dir: logs }\njobs:\n"
                + "  - { id: fine, schedule: \"@every 1h\", type: shell, command: [\"true\"] }\n");
        assertThat(r[0]).isEqualTo("2");
        assertThat(r[1]).contains("error: cannot create the log directory");
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(10))
                .until(() -> ProcessHandle.current().children().noneMatch(ProcessHandle::isAlive));
    }
}
