package io.jobwarden.store;

import io.jobwarden.engine.RunState;
import io.jobwarden.engine.spi.RunRecord;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Reading run rows into {@link RunRecord}s. */
final class RunRows {
    static final String COLUMNS =
            "run_id, job_id, fire_at, attempt, state, node_id, started_at, ended_at, exit_code, output, error, note";

    private RunRows() {}

    static RunRecord read(ResultSet rs) throws SQLException {
        return new RunRecord(
                rs.getLong("run_id"),
                rs.getString("job_id"),
                Millis.get(rs, "fire_at"),
                rs.getInt("attempt"),
                RunState.valueOf(rs.getString("state")),
                rs.getString("node_id"),
                Millis.get(rs, "started_at"),
                Millis.get(rs, "ended_at"),
                Millis.integer(rs, "exit_code"),
                rs.getString("output"),
                rs.getString("error"),
                rs.getString("note"));
    }

    static List<RunRecord> readAll(PreparedStatement ps) throws SQLException {
        List<RunRecord> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.add(read(rs));
        }
        return out;
    }
}
