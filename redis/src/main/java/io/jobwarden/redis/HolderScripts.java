package io.jobwarden.redis;

import io.lettuce.core.api.async.RedisAsyncCommands;

/**
 * The two lock operations that must act only for the lock's holder. Each compares the stored token with the caller's
 * and acts in the same script, so no other holder can take the lock between the check and the action.
 */
final class HolderScripts {
    /** KEYS[1] lock, ARGV[1] token, ARGV[2] ttl in ms; 1 if extended, 0 if the caller no longer holds it. */
    static final LuaScript RENEW = new LuaScript(
            "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end");

    /** KEYS[1] lock, ARGV[1] token; 1 if deleted, 0 if the caller no longer holds it. */
    static final LuaScript RELEASE = new LuaScript(
            "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end");

    private HolderScripts() {}

    /** Loads both scripts without waiting for Redis to answer. */
    static void loadAll(RedisAsyncCommands<String, String> redis) {
        RENEW.load(redis);
        RELEASE.load(redis);
    }
}
