package io.jobwarden.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;

/**
 * Signed {@code /control} requests already acted on. Shared through the database so that a captured request is
 * refused after a restart and by every node; the primary key decides a race between two nodes.
 */
final class ControlUses {
    private final String purge;
    private final String mark;

    ControlUses(Tables t, Dialect dialect) {
        this.purge = t.sql("DELETE FROM {control_used} WHERE expires_at < ?");
        this.mark = dialect.insertIgnore(t.controlUsed, "signature_hash, expires_at", "VALUES (?, ?)");
    }

    boolean markUsed(Connection c, String signatureHash, Instant expiresAt, Instant now) throws SQLException {
        // Expired rows go first, so a table nobody cleans cannot grow beyond one window's worth of requests.
        try (PreparedStatement ps = c.prepareStatement(purge)) {
            ps.setLong(1, now.toEpochMilli());
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement(mark)) {
            ps.setString(1, signatureHash);
            ps.setLong(2, expiresAt.toEpochMilli());
            return ps.executeUpdate() == 1;
        }
    }
}
