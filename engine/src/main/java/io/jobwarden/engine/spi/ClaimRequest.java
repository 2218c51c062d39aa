package io.jobwarden.engine.spi;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Ask the store for pending fires due at {@code now} that this node may start.
 *
 * @param freeSlots         per group, how many more runs this node can start; fires of groups not in the map are
 *                          left for other nodes
 * @param limit             most fires to claim in this call, over all groups
 * @param notAheadOfStore   claim at {@code now} or at the store's own clock, whichever is earlier, read inside the
 *                          claim's transaction: a node with a fast clock then never claims early, without a round
 *                          trip of its own to read the database's clock before every claim
 * @param ahead             also claim fires due up to this long after {@code now}, to be started on their instant
 *                          ({@link ClaimedRun#startAt()}); only those that would start then whatever happens
 *                          meanwhile: a fire that would wait or be skipped for a run in progress is left until it is
 *                          due, when the overlap policy decides it as it stands then
 */
public record ClaimRequest(
        String nodeId,
        Instant now,
        Map<String, Integer> freeSlots,
        int limit,
        boolean notAheadOfStore,
        Duration ahead) {

    public ClaimRequest {
        if (ahead == null || ahead.isNegative()) throw new IllegalArgumentException("ahead must be zero or positive");
    }

    /** A claim of what is due at {@code now}, nothing ahead. */
    public ClaimRequest(
            String nodeId, Instant now, Map<String, Integer> freeSlots, int limit, boolean notAheadOfStore) {
        this(nodeId, now, freeSlots, limit, notAheadOfStore, Duration.ZERO);
    }

    /** A claim at exactly {@code now}. */
    public ClaimRequest(String nodeId, Instant now, Map<String, Integer> freeSlots, int limit) {
        this(nodeId, now, freeSlots, limit, false);
    }

    /** The same request at an earlier instant (the store's clock), no longer to be moved. */
    public ClaimRequest at(Instant earlier) {
        return new ClaimRequest(nodeId, earlier, freeSlots, limit, false, ahead);
    }

    /** The latest due time this request claims. */
    public Instant until() {
        return now.plus(ahead);
    }
}
