package io.jobwarden.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobwarden.bench.peer.Contestants;
import io.jobwarden.bench.peer.Database;
import io.jobwarden.bench.peer.Kind;
import io.jobwarden.bench.peer.Target;
import io.jobwarden.supervisor.JvmOptions;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Every node gets the same heap; a Jobwarden node runs under the options its worker is started with. */
class NodeJvmTest {
    private static final Database SQLITE = Database.sqlite(Path.of("unused.db"));

    private static Target target(Kind kind) {
        return new Target(kind, SQLITE, "x_", 4, Duration.ofSeconds(1));
    }

    @Test
    void jobwardenNodesRunWithTheWorkersJitAndCollectorButTheCommonHeap() {
        var options = BurstScenario.nodeJvm(Contestants.of(target(Kind.JOBWARDEN)));

        assertThat(options).startsWith(BurstScenario.NODE_JVM.toArray(String[]::new));
        assertThat(options).contains("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
        assertThat(JvmOptions.WORKER)
                .as("what the supervisor starts a worker with")
                .contains("-XX:TieredStopAtLevel=1");
        assertThat(options.stream().filter(o -> o.startsWith("-Xms"))).containsExactly("-Xms256m");
    }

    @Test
    void librariesRunUnderTheJvmsDefaults() {
        assertThat(BurstScenario.nodeJvm(Contestants.of(target(Kind.DBS_LOCK_AND_FETCH))))
                .isEqualTo(BurstScenario.NODE_JVM);
        assertThat(BurstScenario.nodeJvm(Contestants.of(target(Kind.QUARTZ_RAM))))
                .isEqualTo(BurstScenario.NODE_JVM);
    }
}
