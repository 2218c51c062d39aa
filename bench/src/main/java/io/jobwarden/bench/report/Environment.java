package io.jobwarden.bench.report;

import io.jobwarden.bench.peer.Database;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/** The facts a reader needs to weigh the figures: machine, software versions, and how busy the machine was. */
public final class Environment {
    private Environment() {}

    public static Map<String, String> machine() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("CPU", cpuModel() + ", " + Runtime.getRuntime().availableProcessors() + " cores visible to the JVM");
        m.put("Memory", memory());
        m.put(
                "OS",
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " ("
                        + System.getProperty("os.arch") + ")");
        m.put("JVM", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        return m;
    }

    public static Map<String, String> versions(Database postgres) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("Jobwarden", "0.1.0-SNAPSHOT, commit " + gitCommit());
        v.put("Quartz", pomVersion("org.quartz-scheduler", "quartz"));
        v.put("db-scheduler", pomVersion("com.github.kagkarlsson", "db-scheduler"));
        v.put("PostgreSQL", postgresVersion(postgres));
        v.put("SQLite (sqlite-jdbc)", pomVersion("org.xerial", "sqlite-jdbc"));
        v.put("PostgreSQL JDBC", org.postgresql.util.DriverInfo.DRIVER_VERSION); // its jar carries no pom.properties
        return v;
    }

    /** The 1, 5 and 15 minute load averages, or "unknown" off Linux. */
    public static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " / " + parts[1] + " / " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name"))
                    return line.substring(line.indexOf(':') + 1).strip();
            }
        } catch (IOException e) {
            // not Linux
        }
        return System.getProperty("os.arch");
    }

    private static String memory() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:"))
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024 / 1024 + " GiB";
            }
        } catch (IOException e) {
            // not Linux
        }
        return "unknown";
    }

    static String pomVersion(String group, String artifact) {
        String path = "/META-INF/maven/" + group + "/" + artifact + "/pom.properties";
        try (InputStream in = Environment.class.getResourceAsStream(path)) {
            if (in == null) return "unknown";
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String postgresVersion(Database db) {
        try (var c = db.connect();
                var s = c.createStatement();
                var rs = s.executeQuery("SHOW server_version")) {
            return rs.next() ? rs.getString(1) : "unknown";
        } catch (Exception e) {
            return "unreachable (" + e.getMessage() + ")";
        }
    }

    private static String gitCommit() {
        try {
            Process p = new ProcessBuilder("git", "rev-parse", "--short", "HEAD")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : "unknown";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
