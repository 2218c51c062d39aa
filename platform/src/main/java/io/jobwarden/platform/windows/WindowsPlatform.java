package io.jobwarden.platform.windows;

import io.jobwarden.platform.InstallPlan;
import io.jobwarden.platform.PlanStep;
import io.jobwarden.platform.PlatformKind;
import io.jobwarden.platform.ServiceDefinition;
import io.jobwarden.platform.ServiceException;
import io.jobwarden.platform.ServiceName;
import io.jobwarden.platform.ServicePlatform;
import io.jobwarden.platform.ServiceState;
import io.jobwarden.platform.ServiceStatus;
import io.jobwarden.platform.StartType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Windows services through the SCM. The service runs {@code java ... service --name N}, which connects to the SCM
 * itself (see {@link WindowsServiceHost}); no wrapper executable is involved.
 */
public final class WindowsPlatform implements ServicePlatform {
    /** Between state polls while waiting for START/STOP; the SCM itself updates no faster. */
    private static final Duration POLL = Duration.ofMillis(250);

    /** Room for a start in progress to end (the SCM takes no stop before that) and then for the drain. */
    private static final Duration UNINSTALL_STOP_TIMEOUT = WindowsServiceHost.START_TIMEOUT.plus(Duration.ofMinutes(2));

    private final ScmApi scm;
    private final Clock clock;
    private final Sleeper sleeper;

    public WindowsPlatform(ScmApi scm, Clock clock, Sleeper sleeper) {
        this.scm = scm;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /** The SCM of this machine, or an SCM that explains it is absent when this is not Windows. */
    public static WindowsPlatform system() {
        ScmApi api = PlatformKind.current() == PlatformKind.WINDOWS
                ? new io.jobwarden.platform.windows.jna.JnaScmApi()
                : new AbsentScmApi();
        return new WindowsPlatform(api, Clock.systemUTC(), Thread::sleep);
    }

    /** Sleeps between polls; tests pass one that advances a fake clock instead. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    @Override
    public PlatformKind kind() {
        return PlatformKind.WINDOWS;
    }

    @Override
    public InstallPlan installPlan(ServiceDefinition d) {
        d.requireAbsoluteFor(io.jobwarden.platform.PlatformKind.WINDOWS);
        refusePercent(d.command());
        String id = d.name().serviceId();
        int startType = d.startType() == StartType.MANUAL ? Scm.SERVICE_DEMAND_START : Scm.SERVICE_AUTO_START;
        ScmApi.ServiceSpec spec = new ScmApi.ServiceSpec(
                id, d.displayName(), WindowsCommandLine.join(d.command()), startType, d.account(), d.dependencies());
        List<PlanStep> steps = new ArrayList<>();
        d.account()
                .filter(WindowsSteps.GrantServiceLogonRight::needed)
                .ifPresent(a -> steps.add(new WindowsSteps.GrantServiceLogonRight(a)));
        steps.add(new WindowsSteps.CreateService(spec, d.password()));
        steps.add(new WindowsSteps.ChangeConfig(id, new ServiceConfig2.Description(d.description())));
        steps.add(new WindowsSteps.ChangeConfig(
                id,
                new ServiceConfig2.FailureActions(
                        d.restartPolicy().resetAfter(), d.restartPolicy().delays())));
        steps.add(new WindowsSteps.ChangeConfig(id, new ServiceConfig2.FailureActionsFlag(true)));
        if (d.startType() != StartType.MANUAL) {
            steps.add(new WindowsSteps.ChangeConfig(
                    id, new ServiceConfig2.DelayedAutoStart(d.startType() == StartType.DELAYED)));
        }
        steps.add(new WindowsSteps.ChangeConfig(id, new ServiceConfig2.PreshutdownTimeout(d.stopTimeout())));
        EventLogSource.values(id).forEach(v -> steps.add(new WindowsSteps.SetRegistryValue(v)));
        if (d.startType() != StartType.MANUAL) steps.add(new WindowsSteps.StartService(id));
        return new InstallPlan("Windows service " + id, steps);
    }

    /**
     * The SCM keeps the command line as ImagePath, a REG_EXPAND_SZ: a {@code %NAME%} in it becomes the value of an
     * environment variable at every start, and expansion has no escape for '%'. So a '%' is refused, naming the
     * option it came from.
     */
    static void refusePercent(List<String> argv) {
        for (int i = 0; i < argv.size(); i++) {
            String arg = argv.get(i);
            if (arg.indexOf('%') < 0) continue;
            String before = i == 0 ? "" : argv.get(i - 1);
            String field = i == 0
                    ? "--java"
                    : before.startsWith("--")
                            ? before
                            : before.equals("-jar") || before.equals("-cp") ? "jar" : "JOBWARDEN_JAVA_OPTS";
            throw new io.jobwarden.platform.InvalidServiceDefinitionException(
                    field,
                    "'" + arg + "' holds '%', which Windows would expand in the service's command line (ImagePath is"
                            + " REG_EXPAND_SZ: %NAME% becomes an environment variable's value, and '%' has no escape);"
                            + " use a path without '%'");
        }
    }

    @Override
    public InstallPlan uninstallPlan(ServiceName name) {
        String id = name.serviceId();
        return new InstallPlan(
                "remove Windows service " + id,
                List.of(
                        () -> "ControlService " + id + " SERVICE_CONTROL_STOP, wait for SERVICE_STOPPED (if running)",
                        () -> "DeleteService " + id,
                        () -> "registry delete HKLM\\" + EventLogSource.key(id)));
    }

    @Override
    public void install(ServiceDefinition d) {
        InstallPlan plan = installPlan(d);
        String id = d.name().serviceId();
        boolean created = false;
        try {
            for (PlanStep step : plan.steps()) {
                if (step instanceof WindowsSteps.GrantServiceLogonRight g) {
                    grantServiceLogonRight(g.account());
                } else if (step instanceof WindowsSteps.CreateService c) {
                    createService(c);
                    created = true;
                } else if (step instanceof WindowsSteps.ChangeConfig c) {
                    scm.changeConfig(c.serviceName(), c.config());
                } else if (step instanceof WindowsSteps.SetRegistryValue r) {
                    scm.setRegistryValue(r.value());
                } else if (step instanceof WindowsSteps.StartService s) {
                    start(d.name(), Duration.ofMinutes(2));
                }
            }
        } catch (ServiceException e) {
            // a service that exists but failed to start stays installed: the user sees why and can fix the config
            if (created && !(e instanceof StartFailure)) removeQuietly(id);
            throw e;
        }
    }

    private void grantServiceLogonRight(String account) {
        try {
            scm.grantServiceLogonRight(account);
        } catch (ScmException e) {
            if (e.errorCode() == Scm.ERROR_NONE_MAPPED) {
                throw new ServiceException("--account: Windows knows no account '" + account
                        + "' (write it as DOMAIN\\user or .\\user for a local one)");
            }
            if (e.errorCode() == Scm.ERROR_ACCESS_DENIED) throw adminHint(e);
            throw new ServiceException(
                    e.getMessage() + "; grant '" + account + "' the right 'Log on as a service'"
                            + " (secpol.msc, Local Policies, User Rights Assignment) and install again",
                    e);
        }
    }

    private void createService(WindowsSteps.CreateService c) {
        try {
            scm.createService(c.spec(), c.password().map(p -> p.value()));
        } catch (ScmException e) {
            if (e.errorCode() == Scm.ERROR_SERVICE_EXISTS) {
                throw new ServiceException(
                        "service " + c.spec().name() + " is already installed; run 'jobwarden uninstall --name "
                                + c.spec().name().substring("jobwarden-".length()) + "' first");
            }
            if (e.errorCode() == Scm.ERROR_SERVICE_MARKED_FOR_DELETE) {
                throw new ServiceException("service " + c.spec().name()
                        + " is still being deleted; close the Services console and try again");
            }
            throw adminHint(e);
        }
    }

    private void removeQuietly(String id) {
        try {
            scm.deleteService(id);
        } catch (ServiceException ignored) {
            // the install failure is what the user needs to see
        }
        try {
            scm.deleteRegistryKey(EventLogSource.key(id));
        } catch (ServiceException ignored) {
            // as above
        }
    }

    @Override
    public void uninstall(ServiceName name) {
        String id = name.serviceId();
        if (scm.queryStatus(id).isEmpty()) throw notInstalled(name);
        stop(name, UNINSTALL_STOP_TIMEOUT);
        try {
            scm.deleteService(id);
        } catch (ScmException e) {
            if (e.errorCode() != Scm.ERROR_SERVICE_MARKED_FOR_DELETE) throw adminHint(e);
        }
        scm.deleteRegistryKey(EventLogSource.key(id));
    }

    @Override
    public void start(ServiceName name, Duration timeout) {
        String id = name.serviceId();
        ScmStatus now = scm.queryStatus(id).orElseThrow(() -> notInstalled(name));
        if (now.state() == Scm.SERVICE_RUNNING) return;
        try {
            scm.startService(id);
        } catch (ScmException e) {
            if (e.errorCode() != Scm.ERROR_SERVICE_ALREADY_RUNNING)
                throw new StartFailure(adminHint(e).getMessage());
        }
        ScmStatus last = awaitState(id, Scm.SERVICE_RUNNING, timeout);
        if (last.state() == Scm.SERVICE_STOPPED) {
            throw new StartFailure("service " + id + " stopped while starting" + exitDetail(last)
                    + "; see the Application event log and logs/ for the cause");
        }
        if (last.state() != Scm.SERVICE_RUNNING) {
            throw new StartFailure("service " + id + " is not running after " + timeout.toSeconds() + " s (still "
                    + Scm.stateName(last.state()) + ")");
        }
    }

    @Override
    public void stop(ServiceName name, Duration timeout) {
        String id = name.serviceId();
        Instant deadline = clock.instant().plus(timeout);
        ScmStatus now = scm.queryStatus(id).orElseThrow(() -> notInstalled(name));
        while (now.state() != Scm.SERVICE_STOP_PENDING) {
            if (now.state() == Scm.SERVICE_STOPPED) return;
            if (now.state() != Scm.SERVICE_START_PENDING && stopSent(id)) break;
            // A starting service accepts no control (1061) until it is RUNNING or has given up; its start is
            // bounded (WindowsServiceHost.START_TIMEOUT), so waiting for that end is waiting a bounded time.
            if (!clock.instant().isBefore(deadline)) throw stillStarting(id, now, timeout);
            pause();
            now = scm.queryStatus(id).orElseThrow(() -> new ServiceException("service " + id + " disappeared"));
        }
        ScmStatus last = awaitState(id, Scm.SERVICE_STOPPED, Duration.between(clock.instant(), deadline));
        if (last.state() != Scm.SERVICE_STOPPED) {
            throw new ServiceException("service " + id + " did not stop within " + timeout.toSeconds() + " s (still "
                    + Scm.stateName(last.state()) + ", checkpoint " + last.checkPoint() + ")");
        }
    }

    /** @return false when the SCM refused the stop because the service is (again) starting */
    private boolean stopSent(String id) {
        try {
            scm.controlService(id, Scm.SERVICE_CONTROL_STOP);
            return true;
        } catch (ScmException e) {
            if (e.errorCode() == Scm.ERROR_SERVICE_NOT_ACTIVE) return true;
            if (e.errorCode() == Scm.ERROR_SERVICE_CANNOT_ACCEPT_CTRL) return false;
            throw adminHint(e);
        }
    }

    private static ServiceException stillStarting(String id, ScmStatus s, Duration timeout) {
        String pid = s.processId() == 0 ? "<pid>" : String.valueOf(s.processId());
        return new ServiceException("service " + id + " is still starting after " + timeout.toSeconds() + " s ("
                + Scm.stateName(s.state()) + ", checkpoint " + s.checkPoint()
                + ") and Windows takes no stop before it is running (error 1061); a start gives up after at most "
                + WindowsServiceHost.START_TIMEOUT.toSeconds() + " s, so try again then, or end it now with"
                + " 'taskkill /F /PID " + pid + "'");
    }

    @Override
    public ServiceStatus status(ServiceName name) {
        Optional<ScmStatus> s = scm.queryStatus(name.serviceId());
        if (s.isEmpty()) return ServiceStatus.notInstalled();
        ScmStatus st = s.get();
        ServiceState state = switch (st.state()) {
            case Scm.SERVICE_RUNNING -> ServiceState.RUNNING;
            case Scm.SERVICE_PAUSED, Scm.SERVICE_PAUSE_PENDING, Scm.SERVICE_CONTINUE_PENDING -> ServiceState.PAUSED;
            case Scm.SERVICE_START_PENDING -> ServiceState.STARTING;
            case Scm.SERVICE_STOP_PENDING -> ServiceState.STOPPING;
            default -> ServiceState.STOPPED;
        };
        Optional<Long> pid = st.processId() == 0 ? Optional.empty() : Optional.of((long) st.processId());
        return new ServiceStatus(state, pid, Scm.stateName(st.state()) + exitDetail(st));
    }

    /** Polls until the state is reached, the service stops, or the timeout passes; returns the last status. */
    private ScmStatus awaitState(String id, int target, Duration timeout) {
        Instant deadline = clock.instant().plus(timeout);
        while (true) {
            ScmStatus s = scm.queryStatus(id).orElseThrow(() -> new ServiceException("service " + id + " disappeared"));
            if (s.state() == target
                    || s.state() == Scm.SERVICE_STOPPED
                    || !clock.instant().isBefore(deadline)) return s;
            pause();
        }
    }

    private void pause() {
        try {
            sleeper.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceException("interrupted while waiting for the service manager");
        }
    }

    private static String exitDetail(ScmStatus s) {
        if (s.win32ExitCode() == 0) return "";
        if (s.win32ExitCode() == Scm.ERROR_SERVICE_SPECIFIC_ERROR) return ", exit code " + s.serviceSpecificExitCode();
        return ", Win32 error " + s.win32ExitCode();
    }

    private static ServiceException adminHint(ScmException e) {
        if (e.errorCode() == Scm.ERROR_ACCESS_DENIED) {
            return new ServiceException(e.getMessage() + "; run from an elevated (Administrator) prompt", e);
        }
        return e;
    }

    /** The service exists but would not start; install keeps it so the user can read why and fix it. */
    static final class StartFailure extends ServiceException {
        StartFailure(String message) {
            super(message);
        }
    }
}
