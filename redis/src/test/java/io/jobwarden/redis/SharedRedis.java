package io.jobwarden.redis;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.UUID;

/**
 * A plain connection to the machine's shared Redis (127.0.0.1:6379) for looking at what a guard wrote. Each test gets a
 * key prefix of its own, so tests running beside it (here or in other projects) never see each other's keys.
 */
final class SharedRedis implements AutoCloseable {
    static final String URI = "redis://127.0.0.1:6379";

    private final RedisClient client = RedisClient.create(URI);
    private final StatefulRedisConnection<String, String> connection = client.connect();
    final String prefix = "jobwarden-test:" + UUID.randomUUID() + ":";

    RedisCommands<String, String> redis() {
        return connection.sync();
    }

    @Override
    public void close() {
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> page =
                    redis().scan(cursor, ScanArgs.Builder.matches(prefix + "*").limit(500));
            if (!page.getKeys().isEmpty()) redis().del(page.getKeys().toArray(String[]::new));
            cursor = page;
        } while (!cursor.isFinished());
        connection.close();
        client.shutdown();
    }
}
