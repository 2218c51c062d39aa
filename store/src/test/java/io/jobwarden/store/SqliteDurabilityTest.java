package io.jobwarden.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobwarden.engine.RunState;
import io.jobwarden.engine.spi.RunRecord;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A commit on SQLite survives SIGKILL of the process that made it: a real child JVM, really killed. */
class SqliteDurabilityTest {

    @Test
    void runsRecordedByAKilledProcessAreThereAfterReopening() throws Exception {
        StoreTarget target = StoreTarget.sqlite();
        String prefix = StoreTarget.uniquePrefix();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process child = new ProcessBuilder(
                        java, "-cp", classpath, DurabilityChild.class.getName(), target.url(), prefix)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();

        List<String> said = new ArrayList<>();
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; said.size() < 3 && (line = out.readLine()) != null; ) said.add(line);
            assertThat(said).hasSize(3);
            // SIGKILL: no shutdown hooks, no close(), nothing flushed that was not already committed.
            new ProcessBuilder("kill", "-9", Long.toString(child.pid())).start().waitFor();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            child.destroyForcibly();
        }
        assertThat(child.exitValue()).as("killed by signal 9").isEqualTo(128 + 9);

        long finished = Long.parseLong(said.get(1).substring("FINISHED ".length()));
        long started = Long.parseLong(said.get(2).substring("STARTED ".length()));
        try (JdbcJobStore reopened = target.open(StoreOptions.defaults().withTablePrefix(prefix))) {
            RunRecord done = reopened.run(finished).orElseThrow();
            assertThat(done.state()).isEqualTo(RunState.SUCCEEDED);
            assertThat(done.output()).isEqualTo("done");
            assertThat(reopened.run(started).orElseThrow().state())
                    .as("the start of the run cut off by the kill")
                    .isEqualTo(RunState.RUNNING);
            assertThat(reopened.runningRuns()).extracting(RunRecord::runId).containsExactly(started);
        }
        try (Connection c = target.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualToIgnoringCase("wal");
        } finally {
            target.dropTables(prefix);
        }
    }
}
