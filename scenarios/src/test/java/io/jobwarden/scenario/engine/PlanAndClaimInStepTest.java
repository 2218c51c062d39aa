package io.jobwarden.scenario.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobwarden.engine.JobSpec;
import io.jobwarden.engine.Jobwarden;
import io.jobwarden.engine.JobwardenBuilder;
import io.jobwarden.engine.spi.ClaimRequest;
import io.jobwarden.engine.spi.JobStore;
import io.jobwarden.store.JdbcJobStore;
import io.jobwarden.store.JobStores;
import io.jobwarden.store.StoreOptions;
import io.jobwarden.testkit.SettableClock;
import io.jobwarden.testkit.SteppedEngine;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/semantics.md, planning: with a backlog of due jobs, planning and claiming go in step, so the first fire is
 * claimed after one small planning batch instead of after the whole backlog; every job still runs exactly once.
 */
class PlanAndClaimInStepTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final int JOBS = 700;

    @TempDir
    Path dir;

    @Test
    void aBacklogIsClaimedFromAfterItsFirstPlanningBatch() {
        SettableClock clock = new SettableClock(T0.minusSeconds(1));
        List<String> calls = new CopyOnWriteArrayList<>();
        Map<String, AtomicInteger> ran = new ConcurrentHashMap<>();
        try (JdbcJobStore real = JobStores.open(
                "jdbc:sqlite:" + dir.resolve("jobwarden.db"),
                null,
                null,
                StoreOptions.defaults().withClock(clock))) {
            JobwardenBuilder b = Jobwarden.builder(recording(real, calls))
                    .clock(clock)
                    .nodeName("test-node")
                    .threads(4)
                    .random(new SplittableRandom(42))
                    .shutdownTimeout(Duration.ofSeconds(5));
            for (int i = 0; i < JOBS; i++) {
                String id = String.format("job-%04d", i);
                b.task(
                        JobSpec.builder(id, "@at " + T0, "java").build(),
                        ctx -> ran.computeIfAbsent(ctx.jobId(), k -> new AtomicInteger())
                                .incrementAndGet());
            }
            try (SteppedEngine engine = SteppedEngine.start(b)) {
                clock.set(T0);
                calls.clear();
                engine.passAndAwaitIdle();

                int firstClaim = calls.indexOf("claim");
                assertThat(firstClaim).as("a claim in the first pass").isPositive();
                assertThat(calls.subList(0, firstClaim))
                        .as("store calls before the first claim")
                        .filteredOn(call -> call.startsWith("planDue"))
                        .as("no more than the four free threads can start")
                        .containsExactly("planDue(4)=4");
                assertThat(calls)
                        .as("the whole backlog is planned in the same pass, in step with claims")
                        .contains("planDue(500)=500", "planDue(500)=196");

                for (int pass = 0; pass < 1000 && ran.size() < JOBS; pass++) engine.passAndAwaitIdle();
            }
        }
        assertThat(ran).hasSize(JOBS);
        assertThat(ran.values())
                .allSatisfy(n -> assertThat(n.get()).as("runs of one fire").isEqualTo(1));
    }

    /** The real store, with the name of each call (and, for planning, its batch and result) noted in order. */
    private static JobStore recording(JobStore store, List<String> calls) {
        return (JobStore) Proxy.newProxyInstance(
                JobStore.class.getClassLoader(), new Class<?>[] {JobStore.class}, (proxy, method, args) -> {
                    Object result;
                    try {
                        result = method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    switch (method.getName()) {
                        case "planDue" -> calls.add("planDue(" + args[args.length - 2] + ")=" + result);
                        case "claim" -> calls.add(((ClaimRequest) args[0]).limit() > 0 ? "claim" : "claim(0)");
                        default -> calls.add(method.getName());
                    }
                    return result;
                });
    }
}
