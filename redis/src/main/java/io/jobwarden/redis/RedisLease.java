package io.jobwarden.redis;

import io.jobwarden.engine.FireGuard;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A fire lock this node holds. Renew and release act only while the stored token is still this holder's. */
final class RedisLease implements FireGuard.Lease {
    private static final Logger log = LoggerFactory.getLogger(RedisLease.class);

    private final RedisLink link;
    private final String key;
    private final String token;

    RedisLease(RedisLink link, String key, String token) {
        this.link = link;
        this.key = key;
        this.token = token;
    }

    String key() {
        return key;
    }

    String token() {
        return token;
    }

    @Override
    public boolean renew(Duration ttl) {
        long ms = RedisFireGuard.ttlMillis(ttl);
        if (link.coolingDown()) {
            log.debug(
                    "fire lock {} not renewed: redis {} failed to answer a moment ago",
                    key,
                    link.address().describe());
            return false;
        }
        try {
            if (HolderScripts.RENEW.run(link.commands(), key, token, Long.toString(ms)) == 1) return true;
            log.debug("fire lock {} is no longer held by {}: it expired or another holder took it", key, token);
            return false;
        } catch (RuntimeException e) {
            if (!(e instanceof RedisUnavailableException)) link.commandFailed(e);
            log.warn(
                    "fire lock {} could not be renewed: {}", key, link.address().mask(e.getMessage()));
            return false;
        }
    }

    @Override
    public void release() {
        try {
            if (HolderScripts.RELEASE.run(link.commands(), key, token) == 0) {
                log.debug("fire lock {} was no longer held by {} when released", key, token);
            }
        } catch (RuntimeException e) {
            if (!(e instanceof RedisUnavailableException)) link.commandFailed(e);
            log.warn(
                    "fire lock {} could not be released ({}); it expires by itself",
                    key,
                    link.address().mask(e.getMessage()));
        }
    }

    @Override
    public String toString() {
        return key + "=" + token;
    }
}
