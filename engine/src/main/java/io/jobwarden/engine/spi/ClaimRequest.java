package io.jobwarden.engine.spi;

import java.time.Instant;
import java.util.Map;

/**
 * Ask the store for pending fires due at {@code now} that this node may start.
 *
 * @param freeSlots per group, how many more runs this node can start; fires of groups not in the map are left
 *                  for other nodes
 * @param limit     most fires to claim in this call, over all groups
 */
public record ClaimRequest(String nodeId, Instant now, Map<String, Integer> freeSlots, int limit) {}
