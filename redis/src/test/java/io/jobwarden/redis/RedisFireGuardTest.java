package io.jobwarden.redis;

import static io.jobwarden.redis.Runs.FIRE_AT;
import static io.jobwarden.redis.Runs.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.jobwarden.engine.FireGuard;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The lock's rules against the shared Redis: one holder per fire, expiry, renewal, and holder-only release. */
class RedisFireGuardTest {
    private static final Duration LONG = Duration.ofSeconds(30);

    private SharedRedis shared;
    private RedisFireGuard nodeA;
    private RedisFireGuard nodeB;

    @BeforeEach
    void connect() {
        shared = new SharedRedis();
        nodeA = RedisFireGuard.builder(SharedRedis.URI, "node-a")
                .keyPrefix(shared.prefix)
                .build();
        nodeB = RedisFireGuard.builder(SharedRedis.URI, "node-b")
                .keyPrefix(shared.prefix)
                .build();
    }

    @AfterEach
    void disconnect() {
        nodeA.close();
        nodeB.close();
        shared.close();
    }

    private String key() {
        return shared.prefix + "fire:report:" + FIRE_AT.toEpochMilli();
    }

    private String value() {
        return shared.redis().get(key());
    }

    @Test
    void theLockKeyNamesThePrefixTheJobAndTheFireTime() {
        assertThat(nodeA.lockKey("report", FIRE_AT)).isEqualTo(shared.prefix + "fire:report:1795658400000");
        assertThat(nodeA.token(41)).isEqualTo("node-a:41");
        RedisFireGuard defaults = RedisFireGuard.builder(SharedRedis.URI, "n").build();
        try {
            assertThat(defaults.lockKey("report", FIRE_AT)).isEqualTo("jobwarden:fire:report:1795658400000");
        } finally {
            defaults.close();
        }
    }

    @Test
    void acquireStoresTheHolderTokenWithTheTtl() {
        assertThat(nodeA.ready()).isTrue();

        FireGuard.Lease lease = nodeA.acquire(run(41), LONG);

        assertThat(lease).isNotNull();
        assertThat(value()).isEqualTo("node-a:41");
        assertThat(shared.redis().pttl(key())).isBetween(20_000L, 30_000L);
    }

    @Test
    void aSecondHolderIsRefusedWhileTheLockIsHeld() {
        assertThat(nodeA.acquire(run(41), LONG)).isNotNull();

        assertThat(nodeB.acquire(run(42), LONG)).isNull();
        assertThat(nodeA.acquire(run(43), LONG))
                .as("a later claim on the same node is refused too")
                .isNull();
        assertThat(value()).isEqualTo("node-a:41");
    }

    @Test
    void otherFiresAndOtherPrefixesDoNotContend() {
        assertThat(nodeA.acquire(run(41), LONG)).isNotNull();

        assertThat(nodeB.acquire(run(42, "report", FIRE_AT.plusSeconds(60)), LONG))
                .as("next fire")
                .isNotNull();
        assertThat(nodeB.acquire(run(43, "backup", FIRE_AT), LONG))
                .as("other job")
                .isNotNull();
        try (RedisFireGuard otherInstance = RedisFireGuard.builder(SharedRedis.URI, "node-b")
                .keyPrefix(shared.prefix + "other:")
                .build()) {
            assertThat(otherInstance.acquire(run(44), LONG))
                    .as("another instance sharing this Redis")
                    .isNotNull();
        }
    }

    @Test
    void anExpiredLockCanBeTakenByAnotherHolder() {
        assertThat(nodeA.acquire(run(41), Duration.ofMillis(300))).isNotNull();

        FireGuard.Lease taken = await().atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> nodeB.acquire(run(42), LONG), l -> l != null);

        assertThat(taken).isNotNull();
        assertThat(value()).isEqualTo("node-b:42");
    }

    @Test
    void renewalKeepsTheLockPastItsOriginalTtl() throws InterruptedException {
        FireGuard.Lease lease = nodeA.acquire(run(41), Duration.ofSeconds(2));

        assertThat(lease.renew(LONG)).isTrue();
        assertThat(shared.redis().pttl(key())).isBetween(20_000L, 30_000L);

        Thread.sleep(2_300); // past the first ttl
        assertThat(value()).isEqualTo("node-a:41");
        assertThat(nodeB.acquire(run(42), LONG)).isNull();
        assertThat(lease.renew(Duration.ofSeconds(5))).isTrue();
        assertThat(shared.redis().pttl(key()))
                .as("renew sets the ttl it is given")
                .isBetween(1L, 5_000L);
    }

    @Test
    void theHoldersReleaseDeletesTheLock() {
        FireGuard.Lease lease = nodeA.acquire(run(41), LONG);

        lease.release();

        assertThat(shared.redis().exists(key())).isZero();
        assertThat(nodeB.acquire(run(42), LONG)).isNotNull();
        assertThat(lease.renew(LONG))
                .as("a released lease cannot come back to life")
                .isFalse();
        assertThat(value()).isEqualTo("node-b:42");
    }

    @Test
    void afterExpiryAndTakeoverTheOldHolderCanNeitherRenewNorRelease() {
        FireGuard.Lease old = nodeA.acquire(run(41), Duration.ofMillis(300));
        await().atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> nodeB.acquire(run(42), LONG), l -> l != null);

        assertThat(old.renew(Duration.ofMinutes(10))).isFalse();
        old.release();

        assertThat(value()).isEqualTo("node-b:42");
        assertThat(shared.redis().pttl(key()))
                .as("the new holder's ttl, not extended by the old holder")
                .isBetween(1L, 30_000L);
    }

    @Test
    void renewAfterExpiryDoesNotRecreateTheLock() {
        FireGuard.Lease lease = nodeA.acquire(run(41), Duration.ofMillis(200));
        await().atMost(Duration.ofSeconds(5)).until(() -> shared.redis().exists(key()) == 0);

        assertThat(lease.renew(LONG)).isFalse();
        assertThat(shared.redis().exists(key())).isZero();
    }

    @Test
    void theHealthProbeMeasuresARoundTrip() {
        RedisHealth health = nodeA.health();

        assertThat(health.ping()).isPositive().isLessThan(Duration.ofSeconds(1));
        assertThat(health.ready()).isTrue();
        assertThat(health.describe()).isEqualTo("redis://127.0.0.1:6379/0");
    }

    @Test
    void aTtlBelowOneMillisecondIsAProgrammingError() {
        assertThatThrownBy(() -> nodeA.acquire(run(41), Duration.ofNanos(10)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ttl");
        assertThatThrownBy(() -> RedisFireGuard.builder(SharedRedis.URI, " ").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nodeId");
    }
}
