package io.jobwarden.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletionStage;

/**
 * A Lua script run by its SHA-1 ({@code EVALSHA}), so only the digest crosses the wire. Redis forgets loaded scripts
 * when it restarts; then the script is sent whole once ({@code EVAL}), which also loads it again.
 */
final class LuaScript {
    private final String body;
    private final String sha;

    LuaScript(String body) {
        this.body = body;
        this.sha = sha1(body);
    }

    String sha() {
        return sha;
    }

    /** Loads the script ahead of its first use without waiting; a failure only means the first run sends it whole. */
    CompletionStage<String> load(RedisAsyncCommands<String, String> redis) {
        return redis.scriptLoad(body);
    }

    /** Runs the script on one key; its reply must be an integer. */
    long run(RedisCommands<String, String> redis, String key, String... args) {
        String[] keys = {key};
        Long reply;
        try {
            reply = redis.evalsha(sha, ScriptOutputType.INTEGER, keys, args);
        } catch (RedisNoScriptException forgotten) {
            reply = redis.eval(body, ScriptOutputType.INTEGER, keys, args);
        }
        return reply == null ? 0 : reply;
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-1", e);
        }
    }
}
