package io.jobwarden.bench.scenario;

import io.jobwarden.engine.DispatchHotPathBenchmark;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Scenario 6: {@link DispatchHotPathBenchmark} under JMH, in a forked JVM of its own: the engine's path from a
 * claimed fire to its task being called, with no store. Sampled, so it gives percentiles as well as the mean.
 */
public final class HotPathScenario {
    private final TimeValue iteration;
    private final int warmups;
    private final int iterations;

    /** @param brief a try of the harness (--smoke), not a measurement */
    public HotPathScenario(boolean brief) {
        this.iteration = brief ? TimeValue.milliseconds(200) : TimeValue.seconds(2);
        this.warmups = brief ? 1 : 3;
        this.iterations = brief ? 1 : 5;
    }

    /** Microseconds from dispatch to the task being called. */
    public record Outcome(double meanMicros, double p50Micros, double p99Micros, List<String> problems) {}

    public Outcome run() {
        Options options = new OptionsBuilder()
                .include(DispatchHotPathBenchmark.class.getName() + ".dispatchToTaskCalled")
                .mode(Mode.SampleTime)
                .forks(1)
                .warmupIterations(warmups)
                .warmupTime(iteration)
                .measurementIterations(iterations)
                .measurementTime(iteration)
                .shouldFailOnError(true)
                .build();
        try {
            Collection<RunResult> results = new Runner(options).run();
            if (results.isEmpty()) return failed("JMH returned no result");
            var stats = results.iterator().next().getPrimaryResult().getStatistics();
            return new Outcome(stats.getMean(), stats.getPercentile(50), stats.getPercentile(99), List.of());
        } catch (RunnerException | RuntimeException e) {
            return failed("JMH failed: " + e.getMessage());
        }
    }

    private static Outcome failed(String why) {
        return new Outcome(Double.NaN, Double.NaN, Double.NaN, List.of(why));
    }
}
