package io.jobwarden.cluster;

import io.jobwarden.api.TaskContext;
import io.jobwarden.redis.RedisFireGuard;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;

/**
 * Looks from inside a running task at its fire's Redis lock, over a connection of its own: the lock must exist and
 * name this very run. A task that finds otherwise fails, and the test sees the failed run.
 */
final class FireLockCheck implements AutoCloseable {
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final RedisFireGuard guard;

    FireLockCheck(String redisUri, RedisFireGuard guard) {
        this.client = RedisClient.create(redisUri);
        this.connection = client.connect();
        this.guard = guard;
    }

    void assertHeld(TaskContext ctx) {
        String key = guard.lockKey(ctx.jobId(), ctx.fireTime());
        String holder = connection.sync().get(key);
        if (!guard.token(ctx.runId()).equals(holder)) {
            throw new IllegalStateException(
                    "run " + ctx.runId() + " is running without its fire lock " + key + ": held by " + holder);
        }
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown();
    }
}
