package io.jobwarden.platform.systemd;

import io.jobwarden.platform.CommandRunner;
import io.jobwarden.platform.DeleteFile;
import io.jobwarden.platform.InstallPlan;
import io.jobwarden.platform.PlanExecutor;
import io.jobwarden.platform.PlatformKind;
import io.jobwarden.platform.RunTool;
import io.jobwarden.platform.ServiceDefinition;
import io.jobwarden.platform.ServiceException;
import io.jobwarden.platform.ServiceName;
import io.jobwarden.platform.ServicePlatform;
import io.jobwarden.platform.ServiceState;
import io.jobwarden.platform.ServiceStatus;
import io.jobwarden.platform.StartType;
import io.jobwarden.platform.WriteFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Linux services through systemd: a unit file per instance in {@code /etc/systemd/system}, named
 * {@code jobwarden-<name>.service}, driven with systemctl.
 */
public final class SystemdPlatform implements ServicePlatform {
    public static final Path UNIT_DIRECTORY = Path.of("/etc/systemd/system");
    /** Exists only while systemd is PID 1; the same test sd_booted(3) makes. */
    public static final Path BOOTED_MARKER = Path.of("/run/systemd/system");

    private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(30);

    private final Path unitDirectory;
    private final Path bootedMarker;
    private final String systemctl;
    private final CommandRunner runner;

    public SystemdPlatform(Path unitDirectory, Path bootedMarker, String systemctl, CommandRunner runner) {
        this.unitDirectory = unitDirectory;
        this.bootedMarker = bootedMarker;
        this.systemctl = systemctl;
        this.runner = runner;
    }

    public static SystemdPlatform system(CommandRunner runner) {
        return new SystemdPlatform(UNIT_DIRECTORY, BOOTED_MARKER, "systemctl", runner);
    }

    @Override
    public PlatformKind kind() {
        return PlatformKind.SYSTEMD;
    }

    public Path unitPath(ServiceName name) {
        return unitDirectory.resolve(SystemdUnit.fileName(name));
    }

    @Override
    public InstallPlan installPlan(ServiceDefinition d) {
        d.requireAbsoluteFor(io.jobwarden.platform.PlatformKind.SYSTEMD);
        String unit = SystemdUnit.fileName(d.name());
        List<io.jobwarden.platform.PlanStep> steps = new ArrayList<>();
        steps.add(new WriteFile(unitPath(d.name()), SystemdUnit.render(d), "0644"));
        steps.add(RunTool.of(systemctl, "daemon-reload"));
        if (d.startType() != StartType.MANUAL) {
            steps.add(RunTool.of(systemctl, "enable", unit));
            steps.add(RunTool.of(systemctl, "start", unit));
        }
        String note = d.startType() == StartType.DELAYED
                ? " (systemd has no delayed start: the unit starts at boot once the network is online)"
                : "";
        return new InstallPlan("systemd unit " + unit + note, steps);
    }

    @Override
    public InstallPlan uninstallPlan(ServiceName name) {
        String unit = SystemdUnit.fileName(name);
        return new InstallPlan(
                "remove systemd unit " + unit,
                List.of(
                        RunTool.of(systemctl, "disable", "--now", unit),
                        new DeleteFile(unitPath(name)),
                        RunTool.of(systemctl, "daemon-reload"),
                        RunTool.tolerated(systemctl, "reset-failed", unit)));
    }

    @Override
    public void install(ServiceDefinition d) {
        requireSystemd("install");
        if (Files.exists(unitPath(d.name()))) {
            throw new ServiceException("service " + d.name().serviceId() + " is already installed ("
                    + unitPath(d.name()) + "); run 'jobwarden uninstall --name " + d.name() + "' first");
        }
        PlanExecutor executor = executor();
        try {
            executor.execute(installPlan(d));
        } catch (ServiceException e) {
            executor.undoFiles();
            throw e;
        }
    }

    @Override
    public void uninstall(ServiceName name) {
        requireSystemd("uninstall");
        requireInstalled(name);
        executor().execute(uninstallPlan(name));
    }

    @Override
    public void start(ServiceName name, Duration timeout) {
        lifecycle("start", name, timeout);
    }

    @Override
    public void stop(ServiceName name, Duration timeout) {
        lifecycle("stop", name, timeout);
    }

    @Override
    public void restart(ServiceName name, Duration timeout) {
        lifecycle("restart", name, timeout);
    }

    /** {@code systemctl start|stop|restart} of an installed unit; systemctl waits for the job to finish. */
    private void lifecycle(String verb, ServiceName name, Duration timeout) {
        requireSystemd(verb);
        requireInstalled(name);
        systemctl(timeout, verb, SystemdUnit.fileName(name));
    }

    @Override
    public ServiceStatus status(ServiceName name) {
        if (!Files.exists(unitPath(name))) return ServiceStatus.notInstalled();
        requireSystemd("status");
        CommandRunner.Result r = systemctl(
                TOOL_TIMEOUT,
                "show",
                "-p",
                "LoadState",
                "-p",
                "ActiveState",
                "-p",
                "SubState",
                "-p",
                "MainPID",
                SystemdUnit.fileName(name));
        return parseShow(r.output());
    }

    static ServiceStatus parseShow(String output) {
        Map<String, String> props = new HashMap<>();
        output.lines()
                .map(String::strip)
                .filter(l -> l.contains("="))
                .forEach(l -> props.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
        String load = props.getOrDefault("LoadState", "");
        String active = props.getOrDefault("ActiveState", "");
        String sub = props.getOrDefault("SubState", "");
        if (load.equals("not-found")) return ServiceStatus.notInstalled();
        ServiceState state = switch (active) {
            case "active", "reloading" -> ServiceState.RUNNING;
            case "activating" -> ServiceState.STARTING;
            case "deactivating" -> ServiceState.STOPPING;
            default -> ServiceState.STOPPED;
        };
        Optional<Long> pid = Optional.ofNullable(props.get("MainPID"))
                .filter(p -> p.matches("\\d+") && !p.equals("0"))
                .map(Long::valueOf);
        return new ServiceStatus(state, pid, active + " (" + sub + ")");
    }

    private PlanExecutor executor() {
        return new PlanExecutor(runner, TOOL_TIMEOUT);
    }

    private CommandRunner.Result systemctl(Duration timeout, String... args) {
        List<String> argv = new ArrayList<>();
        argv.add(systemctl);
        argv.addAll(List.of(args));
        CommandRunner.Result r = runner.run(argv, timeout);
        if (!r.ok()) throw new ServiceException(String.join(" ", argv) + " failed: " + r.firstLine());
        return r;
    }

    private void requireSystemd(String verb) {
        if (!Files.isDirectory(bootedMarker)) {
            throw new ServiceException("cannot " + verb + ": systemd is not running on this machine (PID 1 is "
                    + pidOneName() + "); nothing was changed. 'jobwarden install --dry-run' prints the unit.");
        }
    }

    private void requireInstalled(ServiceName name) {
        if (!Files.exists(unitPath(name))) throw notInstalled(name);
    }

    private static String pidOneName() {
        try {
            return Files.readString(Path.of("/proc/1/comm")).strip();
        } catch (Exception e) {
            return "not systemd";
        }
    }
}
