package io.jobwarden.platform.launchd;

import io.jobwarden.platform.CommandRunner;
import io.jobwarden.platform.DeleteFile;
import io.jobwarden.platform.InstallPlan;
import io.jobwarden.platform.InvalidServiceDefinitionException;
import io.jobwarden.platform.PlanExecutor;
import io.jobwarden.platform.PlanStep;
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
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * macOS services through launchd: a system daemon plist in {@code /Library/LaunchDaemons}, loaded with
 * {@code launchctl bootstrap} and removed with {@code launchctl bootout}. A loaded job is kept alive by
 * launchd, so stopping means booting it out and starting means bootstrapping it again.
 */
public final class LaunchdPlatform implements ServicePlatform {
    public static final Path DAEMON_DIRECTORY = Path.of("/Library/LaunchDaemons");
    public static final String LOG_DIRECTORY = "/Library/Logs/Jobwarden";
    private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern PID = Pattern.compile("(?m)^\\s*pid = (\\d+)");
    private static final Pattern STATE = Pattern.compile("(?m)^\\s*state = (\\S+)");

    private final Path daemonDirectory;
    private final String launchctl;
    private final CommandRunner runner;
    private final boolean onMacOs;

    public LaunchdPlatform(Path daemonDirectory, String launchctl, CommandRunner runner, boolean onMacOs) {
        this.daemonDirectory = daemonDirectory;
        this.launchctl = launchctl;
        this.runner = runner;
        this.onMacOs = onMacOs;
    }

    public static LaunchdPlatform system(CommandRunner runner) {
        return new LaunchdPlatform(
                DAEMON_DIRECTORY, "launchctl", runner, PlatformKind.current() == PlatformKind.LAUNCHD);
    }

    @Override
    public PlatformKind kind() {
        return PlatformKind.LAUNCHD;
    }

    public Path plistPath(ServiceName name) {
        return daemonDirectory.resolve(LaunchdPlist.label(name) + ".plist");
    }

    @Override
    public InstallPlan installPlan(ServiceDefinition d) {
        d.requireAbsoluteFor(io.jobwarden.platform.PlatformKind.LAUNCHD);
        if (d.startType() == StartType.MANUAL) {
            throw new InvalidServiceDefinitionException(
                    "--start",
                    "launchd starts every daemon it knows at boot; " + "'manual' is not available there, use auto");
        }
        Path plist = plistPath(d.name());
        String note = d.startType() == StartType.DELAYED ? " (launchd has no delayed start; started at boot)" : "";
        // launchd does not create the working directory, and a daemon whose directory is missing never starts.
        List<PlanStep> steps = new ArrayList<>();
        steps.add(RunTool.of("/bin/mkdir", "-p", d.workingDirectory()));
        d.account().ifPresent(user -> steps.add(RunTool.of("/usr/sbin/chown", user, d.workingDirectory())));
        steps.add(new WriteFile(plist, LaunchdPlist.render(d, LOG_DIRECTORY), "0644"));
        steps.add(RunTool.of(launchctl, "bootstrap", "system", plist.toString()));
        return new InstallPlan("launchd daemon " + LaunchdPlist.label(d.name()) + note, steps);
    }

    @Override
    public InstallPlan uninstallPlan(ServiceName name) {
        return new InstallPlan(
                "remove launchd daemon " + LaunchdPlist.label(name),
                List.of(RunTool.tolerated(launchctl, "bootout", target(name)), new DeleteFile(plistPath(name))));
    }

    @Override
    public void install(ServiceDefinition d) {
        requireLaunchd("install");
        if (Files.exists(plistPath(d.name()))) {
            throw new ServiceException(
                    "service " + LaunchdPlist.label(d.name()) + " is already installed (" + plistPath(d.name()) + ")");
        }
        PlanExecutor executor = new PlanExecutor(runner, TOOL_TIMEOUT);
        try {
            executor.execute(installPlan(d));
        } catch (ServiceException e) {
            executor.undoFiles();
            throw e;
        }
    }

    @Override
    public void uninstall(ServiceName name) {
        requireLaunchd("uninstall");
        requireInstalled(name);
        new PlanExecutor(runner, TOOL_TIMEOUT).execute(uninstallPlan(name));
    }

    @Override
    public void start(ServiceName name, Duration timeout) {
        requireLaunchd("start");
        requireInstalled(name);
        if (!loaded(name))
            launchctl(timeout, "bootstrap", "system", plistPath(name).toString());
        else launchctl(timeout, "kickstart", target(name));
    }

    @Override
    public void stop(ServiceName name, Duration timeout) {
        requireLaunchd("stop");
        requireInstalled(name);
        if (loaded(name)) launchctl(timeout, "bootout", target(name));
    }

    @Override
    public ServiceStatus status(ServiceName name) {
        if (!Files.exists(plistPath(name))) return ServiceStatus.notInstalled();
        requireLaunchd("status");
        CommandRunner.Result r = runner.run(List.of(launchctl, "print", target(name)), TOOL_TIMEOUT);
        if (!r.ok()) return ServiceStatus.of(ServiceState.STOPPED, "not loaded");
        return parsePrint(r.output());
    }

    static ServiceStatus parsePrint(String output) {
        Matcher state = STATE.matcher(output);
        Matcher pid = PID.matcher(output);
        String word = state.find() ? state.group(1) : "unknown";
        Optional<Long> p = pid.find() ? Optional.of(Long.valueOf(pid.group(1))) : Optional.empty();
        ServiceState s = word.equals("running") ? ServiceState.RUNNING : ServiceState.STOPPED;
        return new ServiceStatus(s, p, "loaded, " + word);
    }

    private boolean loaded(ServiceName name) {
        return runner.run(List.of(launchctl, "print", target(name)), TOOL_TIMEOUT)
                .ok();
    }

    private static String target(ServiceName name) {
        return "system/" + LaunchdPlist.label(name);
    }

    private void launchctl(Duration timeout, String... args) {
        List<String> argv = new java.util.ArrayList<>(List.of(launchctl));
        argv.addAll(List.of(args));
        CommandRunner.Result r = runner.run(argv, timeout);
        if (!r.ok()) throw new ServiceException(String.join(" ", argv) + " failed: " + r.firstLine());
    }

    private void requireLaunchd(String verb) {
        if (!onMacOs)
            throw new ServiceException("cannot " + verb + ": launchd runs only on macOS; nothing was changed. "
                    + "'jobwarden install --platform launchd --dry-run' prints the plist.");
    }

    private void requireInstalled(ServiceName name) {
        if (!Files.exists(plistPath(name))) throw notInstalled(name);
    }
}
