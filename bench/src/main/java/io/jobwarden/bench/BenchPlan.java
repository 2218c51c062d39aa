package io.jobwarden.bench;

import java.time.Duration;
import java.util.List;

/**
 * How big each scenario is. {@link #full()} is the benchmark the issue asks for; {@link #smoke()} runs every scenario
 * with tiny sizes in about a minute, to test the harness and its checks, never to measure. Quartz refuses a poll
 * interval under a second, so both plans poll every second.
 *
 * @param burstJobs          scenario 1 and 2 one-shot jobs per repetition
 * @param quartzClusterJobs  scenario 1 jobs for Quartz JobStoreTX clustered, which is slow
 * @param clusterNodes       scenario 1 node counts
 * @param precisionJobs      scenario 3 every-second jobs under load (1 is measured too, idle)
 * @param scaleJobs          scenario 4 store sizes
 * @param footprintJobs      scenario 5 jobs in the worker's config
 */
public record BenchPlan(
        String name,
        int repetitions,
        int threads,
        Duration pollInterval,
        int burstJobs,
        int quartzClusterJobs,
        List<Integer> clusterNodes,
        int precisionJobs,
        Duration precisionWarmUp,
        Duration precisionWindow,
        List<Integer> scaleJobs,
        Duration scaleIdle,
        int scaleProbes,
        int footprintJobs,
        Duration footprintSettle,
        Duration burstTimeout) {

    public static BenchPlan full() {
        return new BenchPlan(
                "full",
                3,
                10,
                Duration.ofSeconds(1),
                20_000,
                5_000,
                List.of(1, 2, 3),
                1_000,
                Duration.ofSeconds(10),
                Duration.ofSeconds(60),
                List.of(100_000, 1_000_000),
                Duration.ofSeconds(60),
                5,
                1_000,
                Duration.ofSeconds(10),
                Duration.ofMinutes(15));
    }

    public static BenchPlan smoke() {
        return new BenchPlan(
                "smoke",
                1,
                4,
                Duration.ofSeconds(1),
                60,
                30,
                List.of(1, 2),
                5,
                Duration.ofSeconds(1),
                Duration.ofSeconds(2),
                List.of(200),
                Duration.ofSeconds(1),
                1,
                5,
                Duration.ofSeconds(1),
                Duration.ofMinutes(2));
    }

    public BenchPlan withRepetitions(int n) {
        return new BenchPlan(
                name,
                n,
                threads,
                pollInterval,
                burstJobs,
                quartzClusterJobs,
                clusterNodes,
                precisionJobs,
                precisionWarmUp,
                precisionWindow,
                scaleJobs,
                scaleIdle,
                scaleProbes,
                footprintJobs,
                footprintSettle,
                burstTimeout);
    }

    /** Scenario 1 with only these cluster sizes (a quick look at one of them). */
    public BenchPlan withClusterNodes(List<Integer> nodes) {
        return new BenchPlan(
                name,
                repetitions,
                threads,
                pollInterval,
                burstJobs,
                quartzClusterJobs,
                List.copyOf(nodes),
                precisionJobs,
                precisionWarmUp,
                precisionWindow,
                scaleJobs,
                scaleIdle,
                scaleProbes,
                footprintJobs,
                footprintSettle,
                burstTimeout);
    }
}
