package io.jobwarden.redis;

import static io.jobwarden.redis.Runs.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.jobwarden.engine.FireGuard;
import io.jobwarden.testkit.SettableClock;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Fail closed and recover by itself, against a redis-server of the test's own that it kills, freezes and restarts.
 */
class RedisOutageTest {
    private static final Duration LONG = Duration.ofSeconds(30);
    private static final Duration TIMEOUT = Duration.ofMillis(500);

    private RedisServerProcess server;
    private RedisFireGuard guard;

    @AfterEach
    void stop() throws Exception {
        if (guard != null) guard.close();
        if (server != null) server.close();
    }

    private RedisFireGuard guard(java.time.Clock clock) {
        return RedisFireGuard.builder(server.uri(), "node-a")
                .commandTimeout(TIMEOUT)
                .recheck(Duration.ofMillis(200))
                .clock(clock)
                .build();
    }

    @Test
    void killedAndRestartedRedisFailsClosedThenComesBackByItself() throws Exception {
        server = RedisServerProcess.started();
        guard = guard(java.time.Clock.systemUTC());
        assertThat(guard.ready()).isTrue();
        FireGuard.Lease running = guard.acquire(run(41), LONG);
        assertThat(running).isNotNull();

        server.kill();

        await("ready() turns false").atMost(Duration.ofSeconds(5)).until(() -> !guard.ready());
        assertThat(quickly(() -> guard.acquire(run(42, "other", Instant.EPOCH), LONG)))
                .isNull();
        assertThat(quickly(() -> running.renew(LONG))).isFalse();
        running.release(); // must not throw
        assertThatThrownBy(() -> guard.health().ping())
                .isInstanceOf(RedisUnavailableException.class)
                .hasMessageContaining(server.uri());
        assertThat(guard.ready()).isFalse();

        server.start();

        await("ready() comes back")
                .atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(50))
                .until(guard::ready);
        FireGuard.Lease after = guard.acquire(run(43), LONG);
        assertThat(after)
                .as("the restarted Redis is empty: the fire's lock is free")
                .isNotNull();
        assertThat(after.renew(LONG))
                .as("the scripts went with the old server: renew sends them again")
                .isTrue();
        after.release();
        assertThat(guard.health().ping()).isPositive();
    }

    @Test
    void aFrozenRedisTimesOutQuicklyAndFailsClosed() throws Exception {
        server = RedisServerProcess.started();
        SettableClock clock = new SettableClock(Instant.parse("2026-11-26T00:00:00Z"));
        guard = guard(clock);
        FireGuard.Lease running = guard.acquire(run(41), LONG);

        server.freeze();
        try {
            assertThat(quickly(() -> guard.acquire(run(42, "other", Instant.EPOCH), LONG)))
                    .isNull();
            assertThat(guard.ready())
                    .as("a command that timed out stops claiming at once")
                    .isFalse();

            long start = System.nanoTime();
            assertThat(guard.acquire(run(43, "third", Instant.EPOCH), LONG)).isNull();
            assertThat(running.renew(LONG)).isFalse();
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .as("no second wait within the recheck period")
                    .isLessThan(TIMEOUT.dividedBy(2));

            clock.advance(Duration.ofMillis(200));
            start = System.nanoTime();
            assertThat(guard.acquire(run(44, "fourth", Instant.EPOCH), LONG)).isNull();
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .as("after the period, Redis is asked again")
                    .isGreaterThanOrEqualTo(TIMEOUT.dividedBy(2));
            assertThat(guard.ready()).isFalse();
        } finally {
            server.thaw();
        }

        await("ready() comes back")
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    clock.advance(Duration.ofMillis(200));
                    return guard.ready();
                });
        assertThat(running.renew(LONG)).isTrue();
    }

    @Test
    void aRedisDownAtStartIsConnectedWhenItComesUp() throws Exception {
        server = RedisServerProcess.onFreePort();
        long start = System.nanoTime();
        guard = guard(java.time.Clock.systemUTC());

        assertThat(Duration.ofNanos(System.nanoTime() - start))
                .as("build() does not hang")
                .isLessThan(Duration.ofSeconds(3));
        assertThat(guard.ready()).isFalse();
        assertThat(guard.acquire(run(41), LONG)).isNull();
        assertThatThrownBy(() -> guard.health().ping()).isInstanceOf(RedisUnavailableException.class);

        server.start();

        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(50))
                .until(guard::ready);
        assertThat(guard.acquire(run(41), LONG)).isNotNull();
    }

    @Test
    void readyAnswersFromTheLastProbeUntilTheRecheckPeriodPasses() throws Exception {
        server = RedisServerProcess.started();
        SettableClock clock = new SettableClock(Instant.parse("2026-11-26T00:00:00Z"));
        guard = guard(clock);
        try (RedisClient client = RedisClient.create(server.uri());
                StatefulRedisConnection<String, String> look = client.connect()) {
            RedisCommands<String, String> redis = look.sync();
            long before = calls(redis, "ping");
            guard.ready(); // the first call after connecting probes
            await().atMost(Duration.ofSeconds(5)).until(() -> calls(redis, "ping") == before + 1);

            for (int i = 0; i < 200; i++) assertThat(guard.ready()).isTrue();
            Thread.sleep(100); // let any PING that was sent arrive before counting
            assertThat(calls(redis, "ping")).as("no round trip per call").isEqualTo(before + 1);

            clock.advance(Duration.ofMillis(200));
            guard.ready();
            await().atMost(Duration.ofSeconds(5)).until(() -> calls(redis, "ping") == before + 2);
        }
    }

    @Test
    void scriptsRunByDigestAndAreSentAgainAfterRedisForgetsThem() throws Exception {
        server = RedisServerProcess.started();
        guard = guard(java.time.Clock.systemUTC());
        try (RedisClient client = RedisClient.create(server.uri());
                StatefulRedisConnection<String, String> look = client.connect()) {
            RedisCommands<String, String> redis = look.sync();
            await("scripts loaded on connect")
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> redis.scriptExists(HolderScripts.RENEW.sha(), HolderScripts.RELEASE.sha()).stream()
                            .allMatch(b -> b));
            FireGuard.Lease lease = guard.acquire(run(41), LONG);

            assertThat(lease.renew(LONG)).isTrue();
            assertThat(calls(redis, "evalsha")).isEqualTo(1);
            assertThat(calls(redis, "eval")).isZero();

            redis.scriptFlush();
            assertThat(lease.renew(LONG)).isTrue();
            assertThat(calls(redis, "eval")).as("NOSCRIPT, so sent whole").isEqualTo(1);

            assertThat(lease.renew(LONG)).isTrue();
            assertThat(calls(redis, "eval")).as("EVAL loaded it again").isEqualTo(1);
            assertThat(redis.scriptExists(HolderScripts.RENEW.sha())).containsExactly(true);
        }
    }

    /** Calls of one command so far, from INFO commandstats. */
    private static long calls(RedisCommands<String, String> redis, String command) {
        for (String line : redis.info("commandstats").split("\r?\n")) {
            if (line.startsWith("cmdstat_" + command + ":calls=")) {
                String rest = line.substring(("cmdstat_" + command + ":calls=").length());
                return Long.parseLong(rest.substring(0, rest.indexOf(',')));
            }
        }
        return 0;
    }

    /** Runs a guard call that must give up within a few command timeouts, not hang the engine's thread. */
    private static <T> T quickly(Supplier<T> call) {
        long start = System.nanoTime();
        T result = call.get();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT.multipliedBy(4));
        return result;
    }
}
