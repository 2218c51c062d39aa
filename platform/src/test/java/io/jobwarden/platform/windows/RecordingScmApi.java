package io.jobwarden.platform.windows;

import io.jobwarden.platform.eventlog.EventLogSink;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Plays the SCM for tests: records every call made across the {@link ScmApi} boundary, keeps a tiny model of
 * installed services, and for the service side runs service main on its own thread as the real dispatcher does.
 */
final class RecordingScmApi implements ScmApi {
    final List<String> calls = new CopyOnWriteArrayList<>();
    final List<ScmStatus> reported = new CopyOnWriteArrayList<>();
    /** The service process's side in order: dispatcher, handler, every status, Event Log entries. */
    final List<String> sequence = new CopyOnWriteArrayList<>();

    final Map<String, ServiceSpec> services = new HashMap<>();
    final List<ServiceConfig2> configs = new ArrayList<>();
    final List<RegistryValue> registry = new ArrayList<>();
    /** States queryStatus returns, one per call, before settling on the last one. */
    final Map<String, Deque<Integer>> stateScript = new HashMap<>();

    final Map<String, Integer> state = new HashMap<>();
    Optional<String> lastPassword = Optional.empty();
    ScmException failOnConfigLevel;
    boolean notStartedBySCM;
    final List<String> unknownAccounts = new ArrayList<>();
    /** How many more controls to refuse with 1061 whatever the state: a service that went back to starting. */
    int refuseControls;

    private volatile ControlHandler handler;

    // --- management ---

    @Override
    public synchronized void createService(ServiceSpec spec, Optional<String> password) {
        calls.add("CreateService " + spec.name());
        if (services.containsKey(spec.name()))
            throw new ScmException("CreateService", Scm.ERROR_SERVICE_EXISTS, "The specified service already exists.");
        services.put(spec.name(), spec);
        state.put(spec.name(), Scm.SERVICE_STOPPED);
        lastPassword = password;
    }

    @Override
    public synchronized void grantServiceLogonRight(String account) {
        calls.add("LsaAddAccountRights " + account + " SeServiceLogonRight");
        if (unknownAccounts.contains(account))
            throw new ScmException("LookupAccountName " + account, Scm.ERROR_NONE_MAPPED, "No mapping was done.");
    }

    @Override
    public synchronized void changeConfig(String serviceName, ServiceConfig2 config) {
        calls.add("ChangeServiceConfig2 " + serviceName + " " + config.infoLevel());
        if (failOnConfigLevel != null && config.infoLevel() == failOnConfigLevel.errorCode()) throw failOnConfigLevel;
        configs.add(config);
    }

    @Override
    public synchronized void deleteService(String serviceName) {
        calls.add("DeleteService " + serviceName);
        services.remove(serviceName);
        state.remove(serviceName);
    }

    @Override
    public synchronized void startService(String serviceName) {
        calls.add("StartService " + serviceName);
        script(serviceName, Scm.SERVICE_START_PENDING, Scm.SERVICE_RUNNING);
    }

    @Override
    public synchronized ScmStatus controlService(String serviceName, int control) {
        calls.add("ControlService " + serviceName + " " + control);
        if (state.get(serviceName) == Scm.SERVICE_START_PENDING || refuseControls-- > 0) {
            // As the real SCM: a service in START_PENDING has accepted no controls yet.
            throw new ScmException(
                    "ControlService",
                    Scm.ERROR_SERVICE_CANNOT_ACCEPT_CTRL,
                    "The service cannot accept control messages at this time.");
        }
        if (control == Scm.SERVICE_CONTROL_STOP) script(serviceName, Scm.SERVICE_STOP_PENDING, Scm.SERVICE_STOPPED);
        return status(state.get(serviceName));
    }

    /** Unless a test scripted the states already, go through {@code pending} once, then {@code settled}. */
    private void script(String name, int pending, int settled) {
        Deque<Integer> s = stateScript.computeIfAbsent(name, k -> new ArrayDeque<>());
        if (s.isEmpty()) {
            s.add(pending);
            s.add(settled);
        }
    }

    @Override
    public synchronized Optional<ScmStatus> queryStatus(String serviceName) {
        if (!services.containsKey(serviceName)) return Optional.empty();
        Deque<Integer> s = stateScript.get(serviceName);
        if (s != null && !s.isEmpty()) state.put(serviceName, s.poll());
        return Optional.of(status(state.get(serviceName)));
    }

    private static ScmStatus status(int state) {
        return new ScmStatus(state, 0, 0, 0, 0, 0, state == Scm.SERVICE_STOPPED ? 0 : 4242);
    }

    @Override
    public synchronized void setRegistryValue(RegistryValue value) {
        calls.add("RegSetValue " + value.name());
        registry.add(value);
    }

    @Override
    public synchronized void deleteRegistryKey(String key) {
        calls.add("RegDeleteKey " + key);
        registry.removeIf(v -> v.key().equals(key));
    }

    // --- service side ---

    @Override
    public void runDispatcher(String serviceName, Runnable serviceMain) {
        sequence.add("StartServiceCtrlDispatcher " + serviceName);
        if (notStartedBySCM) {
            throw new ScmException(
                    "StartServiceCtrlDispatcher",
                    Scm.ERROR_FAILED_SERVICE_CONTROLLER_CONNECT,
                    "The service process could not connect to the service controller.");
        }
        Thread main = new Thread(serviceMain, "ServiceMain-" + serviceName);
        main.start();
        try {
            main.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public StatusChannel registerControlHandler(String serviceName, ControlHandler h) {
        sequence.add("RegisterServiceCtrlHandlerEx " + serviceName);
        handler = h;
        return status -> {
            sequence.add("SetServiceStatus " + status);
            reported.add(status);
        };
    }

    /** An Event Log source whose entries land in {@link #sequence}. */
    EventLogSink eventLog(String source) {
        sequence.add("RegisterEventSource " + source);
        return new EventLogSink() {
            @Override
            public void report(int type, int eventId, String message) {
                sequence.add("ReportEvent type=" + type + " id=" + eventId + " " + message);
            }

            @Override
            public void close() {
                sequence.add("DeregisterEventSource");
            }
        };
    }

    /** Sends a control as the dispatcher thread would; returns the handler's answer. */
    int control(int control) {
        return handler.onControl(control);
    }

    List<String> reportedText() {
        return reported.stream().map(ScmStatus::toString).toList();
    }
}
