package io.jobwarden.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The renew and release scripts act for the stored token only, and never create a lock. */
class HolderScriptsTest {
    private final SharedRedis shared = new SharedRedis();
    private final RedisCommands<String, String> redis = shared.redis();
    private final String key = shared.prefix + "fire:job:1";

    @AfterEach
    void clean() {
        shared.close();
    }

    @Test
    void renewExtendsOnlyForTheStoredToken() {
        redis.psetex(key, 10_000, "node-a:1");

        assertThat(HolderScripts.RENEW.run(redis, key, "node-b:2", "60000")).isZero();
        assertThat(redis.pttl(key)).isBetween(1L, 10_000L);

        assertThat(HolderScripts.RENEW.run(redis, key, "node-a:1", "60000")).isOne();
        assertThat(redis.pttl(key)).isBetween(50_000L, 60_000L);
        assertThat(redis.get(key)).isEqualTo("node-a:1");
    }

    @Test
    void releaseDeletesOnlyForTheStoredToken() {
        redis.psetex(key, 10_000, "node-a:1");

        assertThat(HolderScripts.RELEASE.run(redis, key, "node-a:2"))
                .as("same node, other run")
                .isZero();
        assertThat(redis.get(key)).isEqualTo("node-a:1");

        assertThat(HolderScripts.RELEASE.run(redis, key, "node-a:1")).isOne();
        assertThat(redis.exists(key)).isZero();
    }

    @Test
    void neitherScriptCreatesAMissingLock() {
        assertThat(HolderScripts.RENEW.run(redis, key, "node-a:1", "60000")).isZero();
        assertThat(HolderScripts.RELEASE.run(redis, key, "node-a:1")).isZero();
        assertThat(redis.exists(key)).isZero();
    }

    @Test
    void theLocalDigestIsTheOneRedisComputes() {
        assertThat(
                        redis.scriptLoad(
                                "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end"))
                .isEqualTo(HolderScripts.RENEW.sha());
        assertThat(new LuaScript("return 1").sha()).isEqualTo(redis.scriptLoad("return 1"));
    }
}
