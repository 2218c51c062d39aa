package io.jobwarden.engine;

import java.time.Duration;
import java.util.Map;

/**
 * How one engine node behaves. Built by {@link JobwardenBuilder}; defaults suit a single node.
 *
 * @param nodeName          stable across restarts (instance name and host); runs left by an earlier process of the same
 *                          name are recovered at start instead of after its lease
 * @param groups            concurrency groups by name; always contains {@link GroupSpec#DEFAULT}
 * @param pollInterval      the longest the engine sleeps between looks at the store
 * @param lease             how long a node counts as alive after its last heartbeat
 * @param shutdownTimeout   how long a graceful stop waits for running runs before cancelling them
 * @param misfireThreshold  a fire this late when planned counts as missed and follows the job's misfire policy
 * @param catchUpLimit      the most missed fires a {@code catch-up} job runs for one outage
 * @param claimBatch        the most fires claimed per store round trip
 */
public record EngineSettings(
        String nodeName,
        Map<String, GroupSpec> groups,
        Duration pollInterval,
        Duration lease,
        Duration shutdownTimeout,
        Duration misfireThreshold,
        int catchUpLimit,
        int claimBatch) {

    public EngineSettings {
        groups = Map.copyOf(groups);
        if (!groups.containsKey(GroupSpec.DEFAULT)) throw new IllegalArgumentException("groups must contain 'default'");
    }

    public Duration heartbeatInterval() {
        return lease.dividedBy(3);
    }

    public int priorityOf(JobSpec spec) {
        if (spec.priority() != null) return spec.priority();
        GroupSpec group = groups.get(spec.group());
        return group == null ? GroupSpec.DEFAULT_PRIORITY : group.priority();
    }
}
