package io.jobwarden.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.net.SocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection to Redis and what is known about its health. {@link #ready()} is on the engine's hot path, so it
 * never waits for Redis: it answers from the connection state and the last probe, and starts a new probe (or, while
 * there has never been a connection, a new connection attempt) at most once per {@code recheckEvery}.
 * Once connected, Lettuce reconnects by itself; while it is disconnected commands are rejected at once rather than
 * queued, because a lock command that runs late, after its caller gave up, would hold a fire nobody runs.
 */
final class RedisLink implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RedisLink.class);

    private final RedisAddress address;
    private final Duration commandTimeout;
    private final Duration recheckEvery;
    private final Clock clock;
    private final Consumer<RedisAsyncCommands<String, String>> onFirstConnect;
    private final ClientResources resources;
    private final RedisClient client;
    private final AtomicReference<StatefulRedisConnection<String, String>> connection = new AtomicReference<>();
    private final AtomicBoolean attemptInFlight = new AtomicBoolean();
    private volatile Instant lastAttempt;
    private volatile CompletableFuture<?> pendingConnect;
    private volatile boolean healthy;
    private volatile Instant failedAt;
    private volatile boolean closed;
    /** What was last logged, so an outage is reported once when it starts and once when it ends. */
    private final AtomicBoolean reportedDown = new AtomicBoolean();

    RedisLink(
            RedisAddress address,
            Duration commandTimeout,
            Duration recheckEvery,
            Clock clock,
            Consumer<RedisAsyncCommands<String, String>> onFirstConnect) {
        this.address = address;
        this.commandTimeout = commandTimeout;
        this.recheckEvery = recheckEvery;
        this.clock = clock;
        this.onFirstConnect = onFirstConnect;
        // Few threads: this client carries a handful of tiny commands. Reconnect quickly, so a restarted Redis is
        // back in use within a couple of seconds rather than Lettuce's default of up to 30 s.
        this.resources = ClientResources.builder()
                .ioThreadPoolSize(2)
                .computationThreadPoolSize(1)
                .reconnectDelay(
                        Delay.exponential(Duration.ofMillis(50), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
                .build();
        this.client = RedisClient.create(resources, address.toLettuce(commandTimeout));
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(
                        SocketOptions.builder().connectTimeout(commandTimeout).build())
                .timeoutOptions(TimeoutOptions.enabled(commandTimeout))
                .build());
        client.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> handler, SocketAddress remote) {
                lastAttempt = null; // probe on the next ready() instead of waiting out the recheck period
            }

            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> handler) {
                markDown("connection lost");
            }
        });
    }

    /**
     * Connects if there has never been a connection, waiting for that attempt (about the command timeout at most).
     * Afterwards Lettuce keeps the connection up by itself, so this is true from then on.
     */
    boolean connectNow() {
        if (connection.get() != null) return true;
        if (closed) return false;
        CompletableFuture<?> attempt = startConnecting();
        try {
            if (attempt != null) attempt.get(commandTimeout.toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // reported by the attempt itself
        }
        return connection.get() != null;
    }

    /** True while Redis is known to answer. Never blocks. */
    boolean ready() {
        if (closed) return false;
        StatefulRedisConnection<String, String> c = connection.get();
        if (c == null) {
            if (due()) startConnecting();
            return false;
        }
        if (!c.isOpen()) {
            markDown("connection lost");
            return false;
        }
        if (due()) probe(c);
        return healthy;
    }

    /** The commands of the current connection, or an exception when there has never been one. */
    RedisCommands<String, String> commands() {
        StatefulRedisConnection<String, String> c = connection.get();
        if (c == null || closed) throw new RedisUnavailableException(address.describe() + " is not connected");
        return c.sync();
    }

    /**
     * True for one recheck period after Redis last failed to answer, unless it has answered since. Lock commands are
     * refused at once meanwhile, so a hung Redis costs the engine's thread one command timeout per period, not one per
     * run in a batch.
     */
    boolean coolingDown() {
        Instant failed = failedAt;
        return !healthy && failed != null && clock.instant().isBefore(failed.plus(recheckEvery));
    }

    /** A command failed for a reason that is not the lock's own answer: stop claiming until a probe succeeds. */
    void commandFailed(RuntimeException e) {
        markDown(address.mask(String.valueOf(e.getMessage())));
        lastAttempt = null;
    }

    RedisAddress address() {
        return address;
    }

    private boolean due() {
        Instant last = lastAttempt;
        return last == null || !clock.instant().isBefore(last.plus(recheckEvery));
    }

    private void probe(StatefulRedisConnection<String, String> c) {
        if (!attemptInFlight.compareAndSet(false, true)) return;
        lastAttempt = clock.instant();
        c.async().ping().whenComplete((pong, error) -> {
            attemptInFlight.set(false);
            if (error == null && "PONG".equals(pong)) markUp();
            else
                markDown(
                        error == null
                                ? "unexpected PING reply " + pong
                                : address.mask(String.valueOf(error.getMessage())));
        });
    }

    /** @return the attempt, or the one already under way (null when that is a probe) */
    private CompletableFuture<?> startConnecting() {
        CompletableFuture<?> pending = pendingConnect;
        if (pending != null && !pending.isDone()) return pending;
        if (!attemptInFlight.compareAndSet(false, true)) return null;
        lastAttempt = clock.instant();
        CompletableFuture<StatefulRedisConnection<String, String>> attempt;
        try {
            attempt = client.connectAsync(StringCodec.UTF8, address.toLettuce(commandTimeout))
                    .toCompletableFuture();
        } catch (RuntimeException e) {
            attemptInFlight.set(false);
            markDown(address.mask(String.valueOf(e.getMessage())));
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<?> done = attempt.whenComplete((c, error) -> {
            try {
                if (error != null) markDown(address.mask(rootMessage(error)));
                else adopt(c);
            } finally {
                attemptInFlight.set(false);
            }
        });
        if (!done.isDone()) pendingConnect = done;
        return done;
    }

    private void adopt(StatefulRedisConnection<String, String> c) {
        if (closed || !connection.compareAndSet(null, c)) {
            c.closeAsync();
            return;
        }
        onFirstConnect.accept(c.async()); // on Lettuce's I/O thread: must not wait for a reply
        log.info("connected to redis {}", address.describe());
        markUp();
    }

    private void markUp() {
        healthy = true;
        failedAt = null;
        if (reportedDown.compareAndSet(true, false)) log.info("redis {} is reachable again", address.describe());
    }

    private void markDown(String why) {
        healthy = false;
        failedAt = clock.instant();
        if (!closed && reportedDown.compareAndSet(false, true)) {
            log.warn(
                    "redis {} is unreachable ({}); no fires are claimed until it answers again",
                    address.describe(),
                    why);
        }
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        return root == t || t.getMessage() == null
                ? String.valueOf(root.getMessage())
                : t.getMessage() + ": " + root.getMessage();
    }

    @Override
    public void close() {
        closed = true;
        healthy = false;
        StatefulRedisConnection<String, String> c = connection.getAndSet(null);
        try {
            if (c != null) c.close();
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            resources.shutdown(0, 2, TimeUnit.SECONDS);
        }
    }
}
