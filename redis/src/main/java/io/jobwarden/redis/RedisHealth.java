package io.jobwarden.redis;

import java.time.Duration;

/** The health probe of the Redis behind the fire locks, for the server's health endpoint and diagnostics. */
public final class RedisHealth {
    private final RedisLink link;

    RedisHealth(RedisLink link) {
        this.link = link;
    }

    /**
     * Sends PING and waits for the answer (at most the command timeout).
     *
     * @return the round-trip time
     * @throws RedisUnavailableException when Redis cannot be reached or does not answer in time
     */
    public Duration ping() {
        if (!link.connectNow()) throw new RedisUnavailableException("redis " + describe() + " cannot be reached");
        long start = System.nanoTime();
        String reply;
        try {
            reply = link.commands().ping();
        } catch (RedisUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            link.commandFailed(e);
            throw new RedisUnavailableException("redis " + describe() + " did not answer PING: "
                    + link.address().mask(e.getMessage()));
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        if (!"PONG".equals(reply))
            throw new RedisUnavailableException("redis " + describe() + " answered PING with " + reply);
        return took;
    }

    /** Whether fires may be claimed now, as the engine sees it (answers from cached state, never blocks). */
    public boolean ready() {
        return link.ready();
    }

    /** The Redis URI without its password. */
    public String describe() {
        return link.address().describe();
    }
}
