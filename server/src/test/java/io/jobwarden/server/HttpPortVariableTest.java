package io.jobwarden.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobwarden.engine.RunState;
import io.jobwarden.engine.spi.RunRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A shell job reaches its own instance at {@code JOBWARDEN_HTTP_PORT}: the port this worker serves on, whatever
 * {@code --port} said, so the example's health check follows the instance instead of a port written in the file.
 */
class HttpPortVariableTest {
    @TempDir
    java.nio.file.Path dir;

    @Test
    void a_shell_job_sees_the_port_the_instance_listens_on() throws Exception {
        try (FileConfiguredInstance instance = FileConfiguredInstance.start(
                dir,
                false,
                "    - { id: port, schedule: \"0 0 0 1 1 ? 2099\", type: shell,"
                        + " command: [\"sh\", \"-c\", \"echo port=$JOBWARDEN_HTTP_PORT\"] }\n")) {
            instance.worker().engine().trigger("port");
            RunRecord run = awaitFinished(instance, "port");

            assertThat(run.state()).isEqualTo(RunState.SUCCEEDED);
            assertThat(run.output()).contains("port=" + instance.port());
        }
    }

    private static RunRecord awaitFinished(FileConfiguredInstance instance, String job) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            List<RunRecord> runs = instance.worker().engine().runs(job, 1, null);
            if (!runs.isEmpty() && runs.get(0).endedAt() != null) {
                return instance.worker().engine().run(runs.get(0).runId()).orElseThrow();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the run of " + job + " did not finish in 30 s");
    }
}
