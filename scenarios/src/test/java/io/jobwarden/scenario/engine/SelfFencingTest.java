package io.jobwarden.scenario.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobwarden.engine.JobSpec;
import io.jobwarden.engine.Jobwarden;
import io.jobwarden.engine.RunState;
import io.jobwarden.engine.spi.JobStore;
import io.jobwarden.engine.spi.RunRecord;
import io.jobwarden.store.JobStores;
import io.jobwarden.store.StoreOptions;
import io.jobwarden.testkit.SettableClock;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Self-fencing: a node whose lease renewal hangs in a JDBC call (the scheduling thread stuck in it) cancels its runs
 * once {@code lease - margin} has passed on its monotonic clock since the last renewal began, before the lease can
 * have expired, and claims again only after a renewal succeeds. Time is the test's: a settable engine clock and a
 * settable ticker; the store is real SQLite behind a proxy whose heartbeat blocks on demand.
 */
class SelfFencingTest {
    private static final Duration LEASE = Duration.ofSeconds(30);
    // Daily, on the epoch's midnights: nothing of its own is due in the test's hour, so the one trigger is the
    // only fire (an hourly schedule's 01:00 fire would sit beside it, and which of the two runs again after the
    // fence would be a race).
    private static final JobSpec LONG =
            JobSpec.builder("long", "@every 1d", "java").build();

    @TempDir
    Path dir;

    @Test
    void aNodeWhoseRenewalHangsCancelsItsRunsBeforeTheLeaseEndsAndClaimsAgainAfterRenewing() throws Exception {
        SettableClock clock = new SettableClock(Instant.parse("2026-01-01T00:59:00Z"));
        AtomicLong ticker = new AtomicLong(1_000_000_000L);
        JobStore real = JobStores.open(
                "jdbc:sqlite:" + dir.resolve("jobwarden.db"),
                null,
                null,
                StoreOptions.defaults().withClock(clock));
        AtomicReference<CountDownLatch> heartbeatGate = new AtomicReference<>();
        CountDownLatch heartbeatBlocked = new CountDownLatch(1);
        JobStore store = (JobStore) Proxy.newProxyInstance(
                JobStore.class.getClassLoader(), new Class<?>[] {JobStore.class}, (proxy, method, args) -> {
                    CountDownLatch gate = heartbeatGate.get();
                    if (method.getName().equals("heartbeat") && gate != null) {
                        heartbeatBlocked.countDown();
                        gate.await(); // a JDBC call hung on a dead connection
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        CountDownLatch started = new CountDownLatch(1);
        AtomicInteger starts = new AtomicInteger();
        AtomicReference<Long> interruptedAtTick = new AtomicReference<>();
        AtomicBoolean sawHeartbeatBlocked = new AtomicBoolean();
        Jobwarden engine = Jobwarden.builder(store)
                .clock(clock)
                .ticker(ticker::get)
                .nodeName("fenced-node")
                .lease(LEASE)
                .pollInterval(Duration.ofMillis(20))
                .shutdownTimeout(Duration.ofSeconds(1))
                .task(LONG, ctx -> {
                    starts.incrementAndGet();
                    started.countDown();
                    try {
                        new CountDownLatch(1).await();
                    } catch (InterruptedException e) {
                        interruptedAtTick.set(ticker.get());
                        sawHeartbeatBlocked.set(heartbeatBlocked.getCount() == 0 && heartbeatGate.get() != null);
                        throw e;
                    }
                })
                .start();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> engine.status().leaseValid());
            long renewedAt = ticker.get(); // the first renewal began at this tick: the ticker has not moved
            clock.set(Instant.parse("2026-01-01T01:00:00Z"));
            engine.trigger("long");
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

            heartbeatGate.set(new CountDownLatch(1));
            clock.set(Instant.parse("2026-01-01T01:00:11Z")); // the next heartbeat is due, and hangs
            assertThat(heartbeatBlocked.await(10, TimeUnit.SECONDS)).isTrue();

            ticker.set(renewedAt + Duration.ofSeconds(24).toNanos());
            Thread.sleep(300); // the watchdog checks every 250 ms at most: it had its chance to fence too early
            assertThat(interruptedAtTick.get())
                    .as("not fenced with 6 s of lease left")
                    .isNull();
            assertThat(engine.status().leaseValid()).isTrue();

            ticker.set(renewedAt + Duration.ofSeconds(25).toNanos()); // lease 30 s - margin 5 s
            await().atMost(Duration.ofSeconds(5)).until(() -> interruptedAtTick.get() != null);
            assertThat(interruptedAtTick.get() - renewedAt).isLessThan(LEASE.toNanos());
            assertThat(sawHeartbeatBlocked)
                    .as("cancelled while the scheduling thread was still blocked")
                    .isTrue();
            assertThat(engine.status().leaseValid()).isFalse();

            heartbeatGate.get().countDown(); // the connection comes back; the renewal goes through
            heartbeatGate.set(null);
            await().atMost(Duration.ofSeconds(10)).until(() -> engine.status().leaseValid());
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> real.runs("long", 10, null).stream().anyMatch(r -> r.state() == RunState.CANCELLED));
            RunRecord cancelled = real.runs("long", 10, null).stream()
                    .filter(r -> r.state() == RunState.CANCELLED)
                    .findFirst()
                    .orElseThrow();
            assertThat(cancelled.nodeId()).isEqualTo(engine.node().nodeId());
            // Stopped through no fault of the job: retried 1 s later, once the node claims again.
            clock.set(Instant.parse("2026-01-01T01:00:20Z"));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> real.runs("long", 10, null).stream()
                            .anyMatch(r -> r.state() == RunState.RUNNING && r.attempt() == 2));
            assertThat(starts).hasValue(2);
        } finally {
            CountDownLatch gate = heartbeatGate.get();
            if (gate != null) gate.countDown();
            engine.stop();
            real.close();
        }
    }
}
