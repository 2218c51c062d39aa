package io.jobwarden.faults;

import io.jobwarden.cluster.SharedDatabase;
import java.util.ArrayList;
import java.util.List;

/**
 * A PostgreSQL server of the test's own (initdb and pg_ctl of {@code /usr/lib/postgresql/15/bin}, or
 * {@code -Dfaults.pgbin}), in a temporary directory on a free port, so that it can be restarted under running nodes
 * without touching the machine's shared server. PostgreSQL refuses to run as root: under root every command runs as
 * the {@code postgres} user.
 */
final class PrivatePostgres extends PrivateDatabase {
    private static final String BIN = System.getProperty("faults.pgbin", "/usr/lib/postgresql/15/bin");
    private final String data;

    PrivatePostgres() {
        super("pg");
        this.data = dir.resolve("data").toString();
        if (runningAsRoot()) run(List.of("chown", "postgres:postgres", dir.toString()));
        run(asServerUser(List.of(BIN + "/initdb", "-D", data, "-U", "postgres", "-A", "trust", "--no-sync")));
        start();
    }

    private static List<String> asServerUser(List<String> command) {
        if (!runningAsRoot()) return command;
        List<String> out = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
        out.addAll(command);
        return out;
    }

    private void start() {
        run(asServerUser(List.of(
                BIN + "/pg_ctl",
                "-D",
                data,
                "-l",
                dir.resolve("server.log").toString(),
                "-w",
                "-t",
                "60",
                "-o",
                "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=60",
                "start")));
    }

    private void stop(String mode) {
        run(asServerUser(List.of(BIN + "/pg_ctl", "-D", data, "-m", mode, "-w", "-t", "60", "stop")));
    }

    @Override
    SharedDatabase database() {
        return new SharedDatabase(
                "PostgreSQL (private)", "jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", "");
    }

    /** A fast shutdown (every session terminated, as a service restart does), down for a while, then up again. */
    @Override
    void restart(long downMillis) {
        stop("fast");
        sleep(downMillis);
        start();
    }

    @Override
    public void close() {
        try {
            stop("immediate");
        } finally {
            deleteDir();
        }
    }
}
