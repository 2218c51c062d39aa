package io.jobwarden.faults;

import io.jobwarden.cluster.SharedDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A MariaDB server of the test's own (mariadb-install-db and mariadbd, or {@code -Dfaults.mariadb.installdb} and
 * {@code -Dfaults.mariadbd}), a child of this JVM in a temporary directory on a free port, so that it can be killed
 * under running nodes without touching the machine's shared server. {@code --no-defaults} keeps the shared server's
 * option files, and so its datadir and socket, out of it; mariadbd refuses to run as root unless told to.
 */
final class PrivateMariadb extends PrivateDatabase {
    private static final String INSTALL_DB =
            System.getProperty("faults.mariadb.installdb", "/usr/bin/mariadb-install-db");
    private static final String SERVER = System.getProperty("faults.mariadbd", "/usr/sbin/mariadbd");
    private final String data;
    private final Path log;
    private Process process;

    PrivateMariadb() {
        super("mariadb");
        this.data = dir.resolve("data").toString();
        this.log = dir.resolve("server.log");
        List<String> install = new ArrayList<>(List.of(
                INSTALL_DB,
                "--no-defaults",
                "--datadir=" + data,
                // root without a password, and (with names unresolved) as root@127.0.0.1, which TCP clients are
                "--auth-root-authentication-method=normal",
                "--skip-name-resolve",
                "--skip-test-db"));
        if (runningAsRoot()) install.add("--user=root");
        run(install);
        try {
            start();
            execute("CREATE DATABASE IF NOT EXISTS test");
        } catch (RuntimeException e) {
            // no caller holds this server yet to close it
            close();
            throw e;
        }
    }

    private String url(String database) {
        return "jdbc:mariadb://127.0.0.1:" + port + "/" + database;
    }

    @Override
    SharedDatabase database() {
        return new SharedDatabase("MariaDB (private)", url("test"), "root", "");
    }

    private void start() {
        List<String> command = new ArrayList<>(List.of(
                SERVER,
                "--no-defaults",
                "--datadir=" + data,
                "--port=" + port,
                "--bind-address=127.0.0.1",
                "--socket=" + dir.resolve("mysqld.sock"),
                "--pid-file=" + dir.resolve("mysqld.pid"),
                "--skip-name-resolve",
                // as the shared server is configured
                "--character-set-server=utf8mb4",
                "--collation-server=utf8mb4_general_ci",
                "--innodb-buffer-pool-size=64M",
                // every commit is handed to the OS at once: a killed server loses none, only a machine crash would
                "--innodb-flush-log-at-trx-commit=2"));
        if (runningAsRoot()) command.add("--user=root");
        try {
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        awaitUp();
    }

    /** Until a client gets an answer: after a kill, crash recovery comes before the first one. */
    private void awaitUp() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive())
                throw new IllegalStateException(
                        "private mariadbd on port " + port + " exited " + process.exitValue() + ":\n" + logTail());
            try (Connection c = DriverManager.getConnection(url("") + "?connectTimeout=2000", "root", "");
                    Statement s = c.createStatement()) {
                s.execute("SELECT 1");
                return;
            } catch (SQLException notYet) {
                last = notYet;
                sleep(200);
            }
        }
        throw new IllegalStateException("private mariadbd on port " + port + " did not come up:\n" + logTail(), last);
    }

    private void execute(String sql) {
        try (Connection c = DriverManager.getConnection(url(""), "root", "");
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("private mariadb on port " + port + ": " + sql, e);
        }
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private void kill() {
        kill(process, "private mariadbd on port " + port);
    }

    /** Killed, down for a while, then started again on the same port and data, through crash recovery. */
    @Override
    void restart(long downMillis) {
        kill();
        sleep(downMillis);
        start();
    }

    @Override
    public void close() {
        try {
            kill();
        } finally {
            deleteDir();
        }
    }
}
