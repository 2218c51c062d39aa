package io.jobwarden.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobwarden.api.Task;
import io.jobwarden.engine.JobSpec;
import io.jobwarden.engine.Jobwarden;
import io.jobwarden.engine.RunState;
import io.jobwarden.engine.spi.RunRecord;
import io.jobwarden.store.JdbcJobStore;
import io.jobwarden.store.JobStores;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real engine over a SQLite store with the Redis fire guard: runs hold the lock while they run, the engine claims
 * nothing while Redis is down, and takes up the waiting fires by itself once Redis is back.
 */
class GuardedEngineTest {
    private static final String JOB = "guarded";
    private static final Duration TTL = Duration.ofMillis(900);

    @TempDir
    Path dir;

    private RedisServerProcess server;
    private RedisFireGuard guard;
    private JdbcJobStore store;
    private Jobwarden jobs;
    private RedisClient lookClient;
    private RedisCommands<String, String> look;
    /** The lock's value as each run saw it from inside. */
    private final List<String> holdersSeen = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = RedisServerProcess.started();
        guard = RedisFireGuard.builder(server.uri(), "node-a")
                .commandTimeout(Duration.ofMillis(500))
                .recheck(Duration.ofMillis(200))
                .build();
        store = JobStores.open("jdbc:sqlite:" + dir.resolve("jobwarden.db"), null, null);
        lookClient = RedisClient.create(server.uri());
        StatefulRedisConnection<String, String> connection = lookClient.connect();
        look = connection.sync();
    }

    @AfterEach
    void stop() throws Exception {
        if (jobs != null) jobs.stop();
        guard.close();
        store.close();
        lookClient.shutdown();
        server.close();
    }

    private void startEngine(Task task) {
        jobs = Jobwarden.builder(store)
                .nodeName("node-a")
                .pollInterval(Duration.ofMillis(100))
                .shutdownTimeout(Duration.ofSeconds(2))
                .fireGuard(guard, TTL)
                .task(JobSpec.of(JOB, "@every 1h", "java", Map.of()), task)
                .start();
    }

    private Task recordingHolder() {
        return ctx -> holdersSeen.add(look.get(guard.lockKey(ctx.jobId(), ctx.fireTime())));
    }

    private List<RunRecord> runs() {
        return jobs.runs(JOB, 20, null);
    }

    private RunRecord finishedRunOf(Instant fireAt) {
        return await().atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(50))
                .until(
                        () -> runs().stream()
                                .filter(r ->
                                        r.fireAt().equals(fireAt) && r.state().isFinal())
                                .findFirst()
                                .orElse(null),
                        r -> r != null);
    }

    @Test
    void runsHoldTheLockAndNothingIsClaimedWhileRedisIsDown() throws Exception {
        startEngine(recordingHolder());

        Instant first = jobs.trigger(JOB).orElseThrow();
        RunRecord run = finishedRunOf(first);
        assertThat(run.state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(holdersSeen).containsExactly("node-a:" + run.runId());
        assertThat(look.exists(guard.lockKey(JOB, first)))
                .as("released when the run ended")
                .isZero();

        server.kill();
        await().atMost(Duration.ofSeconds(5)).until(() -> !guard.ready());
        Instant second = jobs.trigger(JOB).orElseThrow();

        await("no claim while Redis is down")
                .during(Duration.ofMillis(1500))
                .atMost(Duration.ofSeconds(3))
                .until(() -> runs().size() == 1 && holdersSeen.size() == 1);

        server.start();

        RunRecord afterRestart = finishedRunOf(second);
        assertThat(afterRestart.state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(holdersSeen).containsExactly("node-a:" + run.runId(), "node-a:" + afterRestart.runId());
        assertThat(afterRestart.runId()).as("the fencing token grows").isGreaterThan(run.runId());
        assertThat(look.exists(guard.lockKey(JOB, second))).isZero();
    }

    @Test
    void aRunThatLosesItsLockIsStopped() throws Exception {
        AtomicBoolean started = new AtomicBoolean();
        startEngine(ctx -> {
            started.set(true);
            long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!ctx.isCancelled() && System.nanoTime() < until) Thread.sleep(20);
        });

        Instant fire = jobs.trigger(JOB).orElseThrow();
        await().atMost(Duration.ofSeconds(10)).untilTrue(started);
        assertThat(look.get(guard.lockKey(JOB, fire))).startsWith("node-a:");

        server.kill();

        RunRecord stopped = finishedRunOf(fire);
        assertThat(stopped.state()).isEqualTo(RunState.CANCELLED);
        // No fault of the job: its fire is pending again, to run once a lock can be taken, whatever its retry policy.
        await().atMost(Duration.ofSeconds(5))
                .until(() -> store.pendingFires(Instant.now().plusSeconds(5)) == 1);
    }
}
