package io.jobwarden.store;

import io.jobwarden.engine.spi.NodeInfo;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Cluster membership: leases renewed by heartbeats, measured on the database's clock (see {@link Dialect#nowMillis}). */
final class NodeLeases {
    /** nodes() also lists members that died within this long, so operators see who went away. */
    static final Duration RECENTLY_GONE = Duration.ofHours(1);

    private final Dialect dialect;
    private final Clock clock;
    private final String lockNode;
    private final String renew;
    private final String register;
    private final String members;
    private final String remove;

    NodeLeases(Tables t, Dialect dialect, Clock clock) {
        this.dialect = dialect;
        this.clock = clock;
        this.lockNode = t.sql("SELECT lease_until, fenced FROM {nodes} WHERE node_id = ?") + dialect.lockForUpdate();
        this.renew = t.sql("UPDATE {nodes} SET name = ?, host = ?, heartbeat_at = ?, lease_until = ?, fenced = FALSE"
                + " WHERE node_id = ?");
        this.register = t.sql(
                "INSERT INTO {nodes} (name, host, heartbeat_at, lease_until, node_id, started_at) VALUES (?, ?, ?, ?, ?, ?)");
        this.members = t.sql("SELECT n.node_id, n.name, n.host, n.started_at, n.heartbeat_at, n.lease_until,"
                + " (SELECT COUNT(*) FROM {runs} r WHERE r.node_id = n.node_id AND r.state = 'RUNNING') AS running"
                + " FROM {nodes} n WHERE n.lease_until >= ? ORDER BY n.name, n.node_id");
        this.remove = t.sql("DELETE FROM {nodes} WHERE node_id = ?");
    }

    /**
     * The clock is read only once the row is locked: recovery fences a dead node under the same lock, so a
     * heartbeat that read the clock first and then waited could renew a lease whose runs were already taken.
     */
    boolean heartbeat(Connection c, NodeInfo node, Duration lease) throws SQLException {
        Long previous = null;
        boolean fenced = false;
        try (PreparedStatement ps = c.prepareStatement(lockNode)) {
            ps.setString(1, node.nodeId());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    previous = rs.getLong(1);
                    fenced = rs.getBoolean(2);
                }
            }
        }
        long now = dialect.nowMillis(c, clock);
        try (PreparedStatement ps = c.prepareStatement(previous == null ? register : renew)) {
            ps.setString(1, node.name());
            ps.setString(2, node.host());
            ps.setLong(3, now);
            ps.setLong(4, now + lease.toMillis());
            ps.setString(5, node.nodeId());
            if (previous == null)
                ps.setLong(6, node.startedAt() == null ? now : node.startedAt().toEpochMilli());
            ps.executeUpdate();
        }
        // A lease is alive up to and including its last millisecond; recovery takes only those strictly past it.
        return previous == null || (!fenced && previous >= now);
    }

    /** Whether a node may claim, and the database's clock as read under its row lock (null: the node has no row). */
    record Admission(boolean mayClaim, Long clockMillis) {}

    /**
     * Whether this node may claim: not while recovery has fenced it, nor while its lease has lapsed on the
     * database's clock. The row lock orders the claim with recovery's fencing. A node without a row (one that
     * never sent a heartbeat, as in a store used without the engine's loop) is not held back.
     */
    Admission admission(Connection c, String nodeId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(lockNode)) {
            ps.setString(1, nodeId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return new Admission(true, null);
                if (rs.getBoolean(2)) return new Admission(false, null);
                long now = dialect.nowMillis(c, clock);
                return new Admission(rs.getLong(1) >= now, now);
            }
        }
    }

    List<NodeInfo> nodes(Connection c) throws SQLException {
        long now = dialect.nowMillis(c, clock);
        List<NodeInfo> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(members)) {
            ps.setLong(1, now - RECENTLY_GONE.toMillis());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new NodeInfo(
                            rs.getString("node_id"),
                            rs.getString("name"),
                            rs.getString("host"),
                            Millis.get(rs, "started_at"),
                            Millis.get(rs, "heartbeat_at"),
                            Millis.get(rs, "lease_until"),
                            rs.getInt("running")));
                }
            }
        }
        return out;
    }

    void leave(Connection c, String nodeId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(remove)) {
            ps.setString(1, nodeId);
            ps.executeUpdate();
        }
    }

    /** For recovery: {@code Instant} of the lease clock now. */
    Instant now(Connection c) throws SQLException {
        return Instant.ofEpochMilli(dialect.nowMillis(c, clock));
    }
}
