package io.jobwarden.redis;

import io.jobwarden.engine.FireGuard;
import io.jobwarden.engine.spi.ClaimedRun;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Redis fire lock of {@code cluster.lock: redis} (docs/semantics.md#cluster). Each run takes
 * {@code <prefix>fire:<jobId>:<fireAt epoch ms>} with {@code SET NX PX}; the value {@code <nodeId>:<runId>} names the
 * holder and, since run ids only grow, is also a fencing token. Renew and release are Lua scripts that act only for
 * that token. Every failure to reach Redis fails closed: not ready, no lock, renewal refused.
 *
 * <pre>{@code
 * RedisFireGuard guard = RedisFireGuard.builder("redis://:secret@10.0.0.5:6379/0", "billing-1").build();
 * Jobwarden jobs = Jobwarden.builder(store).fireGuard(guard, Duration.ofSeconds(30)).start();
 * ...
 * jobs.stop();
 * guard.close();
 * }</pre>
 */
public final class RedisFireGuard implements FireGuard, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RedisFireGuard.class);

    public static final String DEFAULT_KEY_PREFIX = "jobwarden:";
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(1);
    public static final Duration DEFAULT_RECHECK = Duration.ofSeconds(1);

    private final RedisLink link;
    private final String nodeId;
    private final String keyPrefix;

    private RedisFireGuard(RedisLink link, String nodeId, String keyPrefix) {
        this.link = link;
        this.nodeId = nodeId;
        this.keyPrefix = keyPrefix;
    }

    /**
     * @param redisUri {@code redis://[[user]:password@]host[:port][/db]}, or {@code rediss://} for TLS
     * @param nodeId names this node in lock tokens; the node name is a good choice
     */
    public static Builder builder(String redisUri, String nodeId) {
        return new Builder(redisUri, nodeId);
    }

    /** Answers from the connection state and a PING at most once per recheck period; never waits for Redis. */
    @Override
    public boolean ready() {
        return link.ready();
    }

    @Override
    public Lease acquire(ClaimedRun run, Duration ttl) {
        long ms = ttlMillis(ttl);
        String key = lockKey(run.jobId(), run.fireAt());
        String token = token(run.runId());
        if (link.coolingDown()) {
            log.debug(
                    "fire lock {} not tried: redis {} failed to answer a moment ago",
                    key,
                    link.address().describe());
            return null;
        }
        try {
            RedisCommands<String, String> redis = link.commands();
            if ("OK".equals(redis.set(key, token, SetArgs.Builder.nx().px(ms))))
                return new RedisLease(link, key, token);
            log.warn("fire lock {} wanted by {} is held by {}", key, token, holderOf(redis, key));
            return null;
        } catch (RuntimeException e) {
            if (!(e instanceof RedisUnavailableException)) link.commandFailed(e);
            log.warn("fire lock {} could not be taken: {}", key, link.address().mask(e.getMessage()));
            return null;
        }
    }

    /** The Redis key guarding one fire of one job. */
    public String lockKey(String jobId, Instant fireAt) {
        return keyPrefix + "fire:" + jobId + ":" + fireAt.toEpochMilli();
    }

    /** The value this node stores in the lock of run {@code runId}. */
    public String token(long runId) {
        return nodeId + ":" + runId;
    }

    /** The probe of the same connection, for health checks. */
    public RedisHealth health() {
        return new RedisHealth(link);
    }

    /** Releases the connection and the client's threads. Locks still held expire by themselves. */
    @Override
    public void close() {
        link.close();
    }

    @Override
    public String toString() {
        return "redis fire locks at " + link.address().describe() + " under " + keyPrefix;
    }

    private static String holderOf(RedisCommands<String, String> redis, String key) {
        try {
            String holder = redis.get(key);
            return holder == null ? "a holder whose lock just expired" : holder;
        } catch (RuntimeException e) {
            return "another holder";
        }
    }

    static long ttlMillis(Duration ttl) {
        if (ttl == null || ttl.toMillis() < 1)
            throw new IllegalArgumentException("fire lock ttl must be at least 1ms, got " + ttl);
        return ttl.toMillis();
    }

    /** Options of a {@link RedisFireGuard}; only the URI and node id are required. */
    public static final class Builder {
        private final String redisUri;
        private final String nodeId;
        private String field = "cluster.redis";
        private String keyPrefix = DEFAULT_KEY_PREFIX;
        private Duration commandTimeout = DEFAULT_COMMAND_TIMEOUT;
        private Duration recheck = DEFAULT_RECHECK;
        private Clock clock = Clock.systemUTC();

        private Builder(String redisUri, String nodeId) {
            this.redisUri = redisUri;
            this.nodeId = nodeId;
        }

        /** The configuration key the URI came from, named in the error when it is invalid. */
        public Builder field(String field) {
            this.field = Objects.requireNonNull(field, "field");
            return this;
        }

        /** Prepended to every key, so several instances can share one Redis; default {@code jobwarden:}. */
        public Builder keyPrefix(String keyPrefix) {
            this.keyPrefix = Objects.requireNonNull(keyPrefix, "keyPrefix");
            return this;
        }

        /** How long one command (and a connection attempt) may take before it counts as Redis being unreachable. */
        public Builder commandTimeout(Duration timeout) {
            this.commandTimeout = positive("commandTimeout", timeout);
            return this;
        }

        /**
         * How long a PING's answer stands for {@link RedisFireGuard#ready()}, and how long lock commands are refused
         * outright after Redis failed to answer; default 1 s.
         */
        public Builder recheck(Duration every) {
            this.recheck = positive("recheck", every);
            return this;
        }

        /** Times the recheck period; tests pass a clock they move. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Connects, waiting about the command timeout at most. An unreachable Redis is not an error: the guard is
         * then not ready, and connects as soon as Redis answers.
         *
         * @throws io.jobwarden.engine.InvalidInputException when the URI is not a usable Redis URI
         */
        public RedisFireGuard build() {
            if (nodeId == null || nodeId.isBlank()) throw new IllegalArgumentException("nodeId must not be blank");
            RedisAddress address = RedisAddress.parse(field, redisUri);
            RedisLink link = new RedisLink(address, commandTimeout, recheck, clock, HolderScripts::loadAll);
            link.connectNow();
            return new RedisFireGuard(link, nodeId, keyPrefix);
        }

        private static Duration positive(String name, Duration d) {
            if (d == null || d.isNegative() || d.isZero())
                throw new IllegalArgumentException(name + " must be positive, got " + d);
            return d;
        }
    }
}
