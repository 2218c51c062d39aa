package io.jobwarden.redis;

/** Redis could not be reached or did not answer in time. The message names the address without its password. */
public final class RedisUnavailableException extends RuntimeException {
    public RedisUnavailableException(String message) {
        super(message);
    }
}
