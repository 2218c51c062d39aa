package io.jobwarden.bench.scenario;

import io.jobwarden.bench.peer.Database;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * CPU time of the PostgreSQL backends that serve the node processes, the figure that bounds a cluster once its nodes
 * have cores of their own. Node processes connect with the application name {@link #APPLICATION} (see
 * {@link Database#forNodes()}); their backends are found in {@code pg_stat_activity} and their CPU (user + system) read
 * from {@code /proc/PID/stat}, so only a PostgreSQL on this machine (Linux) can be measured. Other clients of the same
 * server (the harness's own polling, other users) are not counted; neither are PostgreSQL's background processes
 * (WAL writer, checkpointer), which every contestant makes work alike.
 */
public final class DatabaseCpu {
    public static final String APPLICATION = "jobwarden-bench-node";
    /** /proc counts in clock ticks; 100 per second on every Linux this runs on (getconf CLK_TCK). */
    private static final double MILLIS_PER_TICK = 10.0;

    private final Map<Integer, Long> ticksByBackend;

    private DatabaseCpu(Map<Integer, Long> ticksByBackend) {
        this.ticksByBackend = ticksByBackend;
    }

    /** The node backends' CPU so far; empty when it cannot be read here (SQLite, a remote server, not Linux). */
    public static DatabaseCpu read(Database db) {
        Map<Integer, Long> ticks = new HashMap<>();
        if (db == null || db.isSqlite() || !Files.isDirectory(Path.of("/proc/self"))) return new DatabaseCpu(ticks);
        try (Connection c = db.connect();
                PreparedStatement ps =
                        c.prepareStatement("SELECT pid FROM pg_stat_activity WHERE application_name = ?")) {
            ps.setString(1, APPLICATION);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int pid = rs.getInt(1);
                    Long t = ticksOf(pid);
                    if (t != null) ticks.put(pid, t);
                }
            }
        } catch (SQLException e) {
            return new DatabaseCpu(Map.of());
        }
        return new DatabaseCpu(ticks);
    }

    /**
     * CPU milliseconds the node backends used from {@code before} to this reading; a backend that connected meanwhile
     * counts from zero. Empty when no backend was found.
     */
    public OptionalDouble millisSince(DatabaseCpu before) {
        if (ticksByBackend.isEmpty()) return OptionalDouble.empty();
        long ticks = 0;
        for (Map.Entry<Integer, Long> e : ticksByBackend.entrySet())
            ticks += e.getValue() - before.ticksByBackend.getOrDefault(e.getKey(), 0L);
        return OptionalDouble.of(ticks * MILLIS_PER_TICK);
    }

    /** utime + stime of a process, or null when it is gone or not readable. */
    static Long ticksOf(int pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // The command name, in parentheses, may hold spaces: fields are counted after its closing parenthesis.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
