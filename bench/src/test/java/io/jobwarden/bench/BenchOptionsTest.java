package io.jobwarden.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jobwarden.bench.peer.Kind;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {
    @Test
    void defaultsAreTheFullBenchmark() {
        BenchMain.Options o = BenchMain.Options.parse(new String[0]);

        assertThat(o.plan()).isEqualTo(BenchPlan.full());
        assertThat(o.scenarios()).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(o.out()).isEqualTo(Path.of("bench/RESULTS.md"));
        assertThat(o.command()).isEqualTo("bench/run.sh");
    }

    @Test
    void optionsNarrowTheRun() {
        BenchMain.Options o = BenchMain.Options.parse(
                new String[] {"--smoke", "--reps", "2", "--scenarios", "3,1", "--note", "busy"});

        assertThat(o.plan().name()).isEqualTo("smoke");
        assertThat(o.plan().repetitions()).isEqualTo(2);
        assertThat(o.scenarios()).containsExactly(3, 1);
        assertThat(o.note()).isEqualTo("busy");
        assertThat(o.command()).isEqualTo("bench/run.sh --smoke --reps 2 --scenarios 3,1 --note busy");
    }

    @Test
    void badInputNamesTheOptionAndTheProblem() {
        assertThatThrownBy(() -> BenchMain.Options.parse(new String[] {"--reps", "zero"}))
                .hasMessage("--reps: 'zero' is not a positive whole number");
        assertThatThrownBy(() -> BenchMain.Options.parse(new String[] {"--scenarios", "1,9"}))
                .hasMessage("--scenarios: there is no scenario 9; they are 1 to 6");
        assertThatThrownBy(() -> BenchMain.Options.parse(new String[] {"--out"}))
                .hasMessage("--out needs a value");
        assertThatThrownBy(() -> BenchMain.Options.parse(new String[] {"--fast"}))
                .hasMessage("unknown option '--fast'");
    }

    @Test
    void aContestantFilterNamingNoContestantIsRefused() {
        assertThatThrownBy(() -> BenchMain.Options.contestants("JOBWARDEN,DBS_LOCK"))
                .hasMessageStartingWith(
                        "-Dbench.only: there is no contestant DBS_LOCK in scenario 1; they are [JOBWARDEN,");
        assertThatThrownBy(() -> BenchMain.Options.contestants("QUARTZ_RAM"))
                .hasMessageStartingWith("-Dbench.only: there is no contestant QUARTZ_RAM in scenario 1");
        assertThatThrownBy(() -> BenchMain.Options.contestants(" , "))
                .hasMessageStartingWith("-Dbench.only: ' , ' names no contestant");
    }

    @Test
    void aContestantFilterKeepsScenarioOnesOrder() {
        assertThat(BenchMain.Options.contestants("DBS_LOCK_AND_FETCH, JOBWARDEN"))
                .containsExactly(Kind.JOBWARDEN, Kind.DBS_LOCK_AND_FETCH);
        assertThat(BenchMain.Options.contestants("")).isEqualTo(Benchmark.CLUSTER_CONTESTANTS);
        assertThat(BenchMain.Options.parse(new String[0]).clusterContestants())
                .containsExactly(Kind.JOBWARDEN, Kind.DBS_FETCH, Kind.DBS_LOCK_AND_FETCH, Kind.QUARTZ_CLUSTER);
    }
}
