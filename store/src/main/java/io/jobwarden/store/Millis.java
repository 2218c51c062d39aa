package io.jobwarden.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;

/** Instants as the store keeps them: epoch milliseconds in a BIGINT column, NULL for none. */
final class Millis {
    private Millis() {}

    static void set(PreparedStatement ps, int index, Instant instant) throws SQLException {
        if (instant == null) ps.setNull(index, Types.BIGINT);
        else ps.setLong(index, instant.toEpochMilli());
    }

    static Instant get(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(value);
    }

    static Integer integer(ResultSet rs, String column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }

    static void setInteger(PreparedStatement ps, int index, Integer value) throws SQLException {
        if (value == null) ps.setNull(index, Types.INTEGER);
        else ps.setInt(index, value);
    }
}
