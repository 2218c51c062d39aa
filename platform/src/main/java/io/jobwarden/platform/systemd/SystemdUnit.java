package io.jobwarden.platform.systemd;

import io.jobwarden.platform.ServiceDefinition;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The text of the unit file for one instance. */
public final class SystemdUnit {
    private static final String STATE_ROOT = "/var/lib/";
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_@+=:,./-]+");

    private SystemdUnit() {}

    public static String fileName(io.jobwarden.platform.ServiceName name) {
        return name.serviceId() + ".service";
    }

    public static String render(ServiceDefinition d) {
        String deps = d.dependencies().stream().map(SystemdUnit::unitName).collect(Collectors.joining(" "));
        StringBuilder u = new StringBuilder();
        u.append("# Written by 'jobwarden install --name ")
                .append(d.name())
                .append("'; remove with 'jobwarden uninstall --name ")
                .append(d.name())
                .append("'.\n");
        u.append("[Unit]\n");
        u.append("Description=").append(oneLine(d.description())).append('\n');
        u.append("Wants=network-online.target\n");
        u.append("After=network-online.target")
                .append(deps.isEmpty() ? "" : " " + deps)
                .append('\n');
        if (!deps.isEmpty()) u.append("Requires=").append(deps).append('\n');
        // Restart=always must never give up: without this, five crashes in ten seconds stop the restarts for good.
        u.append("StartLimitIntervalSec=0\n");
        u.append('\n');
        u.append("[Service]\n");
        u.append("Type=simple\n");
        u.append("ExecStart=").append(execLine(d.command())).append('\n');
        u.append("WorkingDirectory=").append(escape(d.workingDirectory())).append('\n');
        d.account().ifPresent(user -> u.append("User=").append(user).append('\n'));
        sandbox(d, u);
        u.append("Restart=always\n");
        u.append("RestartSec=").append(seconds(d.restartPolicy().firstDelay())).append('\n');
        // SIGTERM to the supervisor only; it stops its worker itself. Whatever is left at the timeout is killed.
        u.append("KillMode=mixed\n");
        u.append("KillSignal=SIGTERM\n");
        u.append("TimeoutStopSec=").append(seconds(d.stopTimeout())).append('\n');
        // A JVM ended by SIGTERM exits 143; that is a clean stop, not a failure.
        u.append("SuccessExitStatus=143\n");
        u.append("StandardOutput=journal\n");
        u.append("StandardError=journal\n");
        u.append("SyslogIdentifier=").append(d.name().serviceId()).append('\n');
        u.append('\n');
        u.append("[Install]\n");
        u.append("WantedBy=multi-user.target\n");
        return u.toString();
    }

    /**
     * Sandboxing that leaves jobs working: no privilege gain through setuid programs (sudo in a job fails), a
     * private /tmp (removed at stop), /usr, /boot and /etc read-only; the instance's own directories writable.
     * A working directory under /var/lib is a {@code StateDirectory=}, which systemd creates owned by {@code User=}.
     */
    private static void sandbox(ServiceDefinition d, StringBuilder u) {
        u.append("NoNewPrivileges=yes\n");
        u.append("PrivateTmp=yes\n");
        u.append("ProtectSystem=full\n");
        String work = d.workingDirectory();
        if (work.startsWith(STATE_ROOT) && work.length() > STATE_ROOT.length()) {
            u.append("StateDirectory=")
                    .append(word(work.substring(STATE_ROOT.length())))
                    .append('\n');
        }
        // '-': a directory the service has not created yet is no reason to refuse the start.
        String writable = Stream.concat(Stream.of(work), d.writablePaths().stream())
                .distinct()
                .map(path -> word("-" + path))
                .collect(Collectors.joining(" "));
        u.append("ReadWritePaths=").append(writable).append('\n');
    }

    /** systemd splits ExecStart= like a shell but expands %specifiers and $VARIABLES, so those are escaped. */
    static String execLine(List<String> argv) {
        return argv.stream().map(SystemdUnit::word).collect(Collectors.joining(" "));
    }

    private static String word(String w) {
        String escaped = escape(w);
        if (PLAIN.matcher(w).matches()) return escaped;
        return '"' + escaped.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private static String escape(String text) {
        return text.replace("%", "%%").replace("$", "$$");
    }

    private static String oneLine(String text) {
        return escape(text.replaceAll("[\\r\\n]+", " "));
    }

    private static String unitName(String dependency) {
        return dependency.contains(".") ? dependency : dependency + ".service";
    }

    private static String seconds(java.time.Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }
}
