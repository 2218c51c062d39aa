package io.jobwarden.engine.spi;

import java.time.Instant;

/**
 * A cluster member.
 *
 * @param nodeId unique per process start, so a restarted node is a new member
 * @param name   stable across restarts (instance name and host): runs left {@code RUNNING} under an older node of
 *               the same name belong to a dead process and are recovered at once, without waiting out its lease
 */
public record NodeInfo(
        String nodeId,
        String name,
        String host,
        Instant startedAt,
        Instant heartbeatAt,
        Instant leaseUntil,
        int running) {}
