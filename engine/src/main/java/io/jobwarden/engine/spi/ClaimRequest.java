package io.jobwarden.engine.spi;

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
 */
public record ClaimRequest(
        String nodeId, Instant now, Map<String, Integer> freeSlots, int limit, boolean notAheadOfStore) {

    /** A claim at exactly {@code now}. */
    public ClaimRequest(String nodeId, Instant now, Map<String, Integer> freeSlots, int limit) {
        this(nodeId, now, freeSlots, limit, false);
    }

    /** The same request at an earlier instant (the store's clock), no longer to be moved. */
    public ClaimRequest at(Instant earlier) {
        return new ClaimRequest(nodeId, earlier, freeSlots, limit, false);
    }
}
