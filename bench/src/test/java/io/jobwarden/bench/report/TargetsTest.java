package io.jobwarden.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

class TargetsTest {
    private static Measurement m(
            String scenario, String who, String setting, String metric, boolean higherIsBetter, double... values) {
        Measurement.Builder b =
                new Measurement.Builder(scenario, who, setting, metric, higherIsBetter ? "/s" : "ms", higherIsBetter);
        for (double v : values) b.add(v);
        return b.build();
    }

    @Test
    void clusterTargetsAreJudgedOnMedians() {
        List<Measurement> rows = List.of(
                m(
                        "1 Cluster",
                        "Jobwarden on PostgreSQL",
                        "1 node, 20,000 jobs",
                        "executions/s",
                        true,
                        1000,
                        2100,
                        2000),
                m(
                        "1 Cluster",
                        "db-scheduler (lock-and-fetch) on PostgreSQL",
                        "1 node, 20,000 jobs",
                        "executions/s",
                        true,
                        900,
                        1000,
                        1100),
                m(
                        "1 Cluster",
                        "Quartz JobStoreTX clustered",
                        "1 node, 5,000 jobs",
                        "executions/s",
                        true,
                        100,
                        100,
                        100),
                m(
                        "1 Cluster",
                        "Jobwarden on PostgreSQL",
                        "2 nodes, 20,000 jobs",
                        "executions/s",
                        true,
                        1900,
                        1950,
                        1990));

        List<Targets.Verdict> verdicts = new Targets(rows).verdicts();

        assertThat(verdicts)
                .filteredOn(v -> v.target().contains("lock-and-fetch"))
                .singleElement()
                .satisfies(v -> assertThat(v.verdict()).isEqualTo("met"))
                .satisfies(v -> assertThat(v.standing()).startsWith("2.00x"));
        assertThat(verdicts)
                .filteredOn(v -> v.target().contains("25x"))
                .singleElement()
                .satisfies(v -> assertThat(v.verdict()).isEqualTo("not met"));
        assertThat(verdicts)
                .filteredOn(v -> v.target().contains("2 nodes"))
                .singleElement()
                .satisfies(v -> assertThat(v.verdict()).isEqualTo("not met"));
        assertThat(verdicts)
                .filteredOn(v -> v.target().contains("3 nodes"))
                .singleElement()
                .satisfies(v -> assertThat(v.verdict()).isEqualTo("not measured"));
    }

    @Test
    void firstPickupAndDatabaseCpuAreJudgedOnOneNode() {
        List<Measurement> rows = List.of(
                m("1 Cluster", "Jobwarden on PostgreSQL", "1 node, 20,000 jobs", "first pickup after start", false, 90),
                m(
                        "1 Cluster",
                        "db-scheduler (lock-and-fetch) on PostgreSQL",
                        "1 node, 20,000 jobs",
                        "first pickup after start",
                        false,
                        160),
                m(
                        "1 Cluster",
                        "Jobwarden on PostgreSQL",
                        "1 node, 20,000 jobs",
                        "PostgreSQL CPU per 1,000 executions",
                        false,
                        210,
                        230,
                        250),
                m(
                        "1 Cluster",
                        "db-scheduler (lock-and-fetch) on PostgreSQL",
                        "1 node, 20,000 jobs",
                        "PostgreSQL CPU per 1,000 executions",
                        false,
                        180));

        List<Targets.Verdict> verdicts = new Targets(rows).verdicts();

        assertThat(verdicts)
                .filteredOn(v -> v.target().contains("first pickup"))
                .singleElement()
                .satisfies(v -> assertThat(v.verdict()).isEqualTo("met"))
                .satisfies(v -> assertThat(v.standing()).contains("90.0 ms").contains("160 ms"));
        assertThat(verdicts)
                .filteredOn(v -> v.target().contains("PostgreSQL CPU"))
                .singleElement()
                .satisfies(v -> assertThat(v.verdict()).isEqualTo("not met"))
                .satisfies(v -> assertThat(v.standing()).startsWith("1.28x"));
    }

    @Test
    void precisionIsJudgedAgainstTheClockIdleAndAgainstQuartzUnderLoad() {
        String p = "3 Precision";
        String jw = "Jobwarden on SQLite";
        String quartz = "Quartz RAMJobStore";
        List<Measurement> rows = List.of(
                m(p, jw, "1 job, idle", "lateness p50", false, 0.4, 0.5),
                m(p, quartz, "1 job, idle", "lateness p50", false, 0.2),
                m(p, jw, "1 job, idle", "lateness max", false, 5),
                m(p, quartz, "1 job, idle", "lateness max", false, 4),
                m(p, jw, "1,000 jobs, 1,000 fires/s", "lateness p50", false, 7, 8),
                m(p, quartz, "1,000 jobs, 1,000 fires/s", "lateness p50", false, 20),
                m(p, jw, "1,000 jobs, 1,000 fires/s", "lateness max", false, 60));

        List<Targets.Verdict> verdicts = new Targets(rows).verdicts();

        assertThat(verdicts)
                .extracting(Targets.Verdict::target, Targets.Verdict::verdict)
                .contains(
                        Tuple.tuple("Precision (1 job): lateness p50 under 1 ms", "met"),
                        Tuple.tuple("Precision (1 job): lateness max no worse than Quartz RAM's", "not met"),
                        Tuple.tuple("Precision (1,000 jobs): lateness p50 no worse than Quartz RAM's", "met"),
                        Tuple.tuple("Precision (1,000 jobs): lateness max no worse than Quartz RAM's", "not measured"));
        assertThat(verdicts).noneMatch(v -> v.target().equals("Precision (1,000 jobs): lateness p50 under 1 ms"));
    }

    @Test
    void ratiosPairSettingsAcrossJobCounts() {
        List<Measurement> rows = List.of(
                m("1 Cluster", "Jobwarden on PostgreSQL", "1 node, 20,000 jobs", "executions/s", true, 3000),
                m("1 Cluster", "Quartz JobStoreTX clustered", "1 node, 5,000 jobs", "executions/s", true, 100),
                m("1 Cluster", "Quartz JobStoreTX clustered", "2 nodes, 5,000 jobs", "executions/s", true, 50));

        String ratios = new Targets(rows).ratiosMarkdown();

        assertThat(ratios)
                .contains(
                        "| 1 Cluster | 1 node | executions/s | Jobwarden on PostgreSQL | 3,000 /s | Quartz JobStoreTX clustered | 100 /s | 30.00 (higher is better) |");
        assertThat(ratios).doesNotContain("50.0 /s");
    }

    @Test
    void aFailedCheckShowsInTheTable() {
        Measurement failed = new Measurement.Builder("2 Embedded", "X", "1 node", "executions/s", "/s", true)
                .add(5)
                .problem(2, "3 duplicate runs")
                .build();

        assertThat(ResultsTable.markdown(List.of(failed))).contains("**FAILED**: rep 2: 3 duplicate runs");
    }
}
