package io.jobwarden.engine;

import io.jobwarden.api.Task;
import io.jobwarden.engine.run.EnvSubstitution;
import io.jobwarden.engine.run.RunTextMask;
import io.jobwarden.engine.spi.ClaimedRun;
import io.jobwarden.engine.spi.JobStore;
import io.jobwarden.engine.spi.RunCompletion;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The engine's hot path from "the fire's instant is reached and its run claimed" to "the task is called", with no
 * store: {@link Dispatcher#dispatch} (the run's context, the fire guard, the start event, the hand-off to a worker
 * thread) up to the task's first instruction. It gives the precision work a figure that does not depend on the
 * database or the disk, and less on the machine's load than the end-to-end lateness of bench scenario 3.
 *
 * <p>In the engine's package because {@code Dispatcher} is the engine's own; the outcome goes to a real
 * {@link RunRecorder} whose store accepts everything without keeping it. Run it with
 * {@code java -cp bench/target/classes:$(cat bench/target/bench.classpath) org.openjdk.jmh.Main DispatchHotPath}.
 */
@State(Scope.Thread)
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DispatchHotPathBenchmark {
    private static final JobSpec JOB =
            JobSpec.builder("hot", "@at 2026-01-01T00:00:00Z", "java").build();

    private final AtomicLong called = new AtomicLong();
    private ExecutorService threads;
    private RunRecorder recorder;
    private Dispatcher dispatcher;
    private long runId;

    @Setup(Level.Trial)
    public void setUp() {
        Clock clock = Clock.systemUTC();
        threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "jobwarden-run");
            t.setDaemon(true);
            return t;
        });
        recorder = new RunRecorder(
                acceptingStore(),
                "bench",
                new ScheduleCache(),
                new SplittableRandom(1),
                new RunListener() {},
                () -> {});
        recorder.start();
        Task task = ctx -> called.incrementAndGet();
        dispatcher = new Dispatcher(
                Map.of("default", new GroupSpec("default", 10, 0)),
                Map.of(),
                Map.of(JOB.id(), task),
                clock,
                threads,
                recorder,
                FireGuard.NONE,
                Duration.ofMinutes(1),
                new EnvSubstitution(Map.of()),
                RunTextMask.NONE,
                new RunListener() {},
                Duration.ZERO);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        recorder.stop(Duration.ofSeconds(5));
        threads.shutdownNow();
    }

    /** One claimed run handed to the dispatcher; returns once its task has been called. */
    @Benchmark
    public long dispatchToTaskCalled() {
        long before = called.get();
        Instant now = Instant.now();
        dispatcher.dispatch(new ClaimedRun(++runId, JOB, now, 1, now, null));
        while (called.get() == before) Thread.onSpinWait();
        return runId;
    }

    /** A store that takes every outcome and keeps none: the benchmark is about the path before the store. */
    private static JobStore acceptingStore() {
        return (JobStore) Proxy.newProxyInstance(
                JobStore.class.getClassLoader(), new Class<?>[] {JobStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("complete")) return ((List<RunCompletion>) args[0]).size();
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
