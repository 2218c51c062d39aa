package io.jobwarden.platform.windows.jna;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Advapi32;
import com.sun.jna.platform.win32.Advapi32Util;
import com.sun.jna.platform.win32.Kernel32Util;
import com.sun.jna.platform.win32.Win32Exception;
import com.sun.jna.platform.win32.WinReg;
import com.sun.jna.platform.win32.Winsvc;
import com.sun.jna.ptr.IntByReference;
import io.jobwarden.platform.windows.RegistryValue;
import io.jobwarden.platform.windows.Scm;
import io.jobwarden.platform.windows.ScmApi;
import io.jobwarden.platform.windows.ScmException;
import io.jobwarden.platform.windows.ScmStatus;
import io.jobwarden.platform.windows.ServiceConfig2;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@link ScmApi} on the real SCM through JNA. Loaded only on Windows: the first use of {@link Advapi32#INSTANCE}
 * loads advapi32.dll.
 */
public final class JnaScmApi implements ScmApi {
    private static final int DELETE = 0x00010000;
    private static final int CONTROL_ACCESS = Winsvc.SERVICE_QUERY_STATUS
            | Winsvc.SERVICE_STOP
            | Winsvc.SERVICE_PAUSE_CONTINUE
            | Winsvc.SERVICE_INTERROGATE;

    // The SCM calls back into these from its own threads; strong references keep them from being collected.
    private Winsvc.SERVICE_MAIN_FUNCTION serviceMainCallback;
    private Winsvc.HandlerEx handlerCallback;

    @Override
    public void createService(ServiceSpec spec, Optional<String> password) {
        withScm(Winsvc.SC_MANAGER_CREATE_SERVICE | Winsvc.SC_MANAGER_CONNECT, scm -> {
            Winsvc.SC_HANDLE service = Advapi32.INSTANCE.CreateService(
                    scm,
                    spec.name(),
                    spec.displayName(),
                    Winsvc.SERVICE_ALL_ACCESS,
                    Scm.SERVICE_WIN32_OWN_PROCESS,
                    spec.startType(),
                    Scm.SERVICE_ERROR_NORMAL,
                    spec.binaryPath(),
                    null,
                    null,
                    multiString(spec.dependencies()),
                    spec.account().orElse(null),
                    password.orElse(null));
            if (service == null) throw lastError("CreateService " + spec.name());
            Advapi32.INSTANCE.CloseServiceHandle(service);
            return null;
        });
    }

    @Override
    public void changeConfig(String serviceName, ServiceConfig2 config) {
        withService(serviceName, Winsvc.SERVICE_CHANGE_CONFIG | Winsvc.SERVICE_START, service -> {
            if (!Advapi32.INSTANCE.ChangeServiceConfig2(service, config.infoLevel(), structure(config))) {
                throw lastError("ChangeServiceConfig2 " + serviceName + " level " + config.infoLevel());
            }
            return null;
        });
    }

    static Winsvc.ChangeServiceConfig2Info structure(ServiceConfig2 config) {
        if (config instanceof ServiceConfig2.Description d) {
            Winsvc.SERVICE_DESCRIPTION s = new Winsvc.SERVICE_DESCRIPTION();
            s.lpDescription = d.text();
            return s;
        }
        if (config instanceof ServiceConfig2.FailureActions f) return failureActions(f);
        if (config instanceof ServiceConfig2.FailureActionsFlag f) {
            Winsvc.SERVICE_FAILURE_ACTIONS_FLAG s = new Winsvc.SERVICE_FAILURE_ACTIONS_FLAG();
            s.fFailureActionsOnNonCrashFailures = f.onNonCrashFailures() ? 1 : 0;
            return s;
        }
        if (config instanceof ServiceConfig2.DelayedAutoStart d) return new ServiceDelayedAutoStartInfo(d.delayed());
        if (config instanceof ServiceConfig2.PreshutdownTimeout p)
            return new ServicePreshutdownInfo(millis(p.timeout()));
        throw new IllegalArgumentException("unknown service config " + config);
    }

    static Winsvc.SERVICE_FAILURE_ACTIONS failureActions(ServiceConfig2.FailureActions f) {
        Winsvc.SERVICE_FAILURE_ACTIONS s = new Winsvc.SERVICE_FAILURE_ACTIONS();
        s.dwResetPeriod = (int) Math.min(Integer.MAX_VALUE, f.resetPeriod().toSeconds());
        s.lpRebootMsg = null;
        s.lpCommand = null;
        s.cActions = f.restartDelays().size();
        Winsvc.SC_ACTION.ByReference first = new Winsvc.SC_ACTION.ByReference();
        Winsvc.SC_ACTION[] actions =
                (Winsvc.SC_ACTION[]) first.toArray(f.restartDelays().size());
        for (int i = 0; i < actions.length; i++) {
            actions[i].type = Scm.SC_ACTION_RESTART;
            actions[i].delay = millis(f.restartDelays().get(i));
            actions[i].write();
        }
        s.lpsaActions = first;
        return s;
    }

    @Override
    public void deleteService(String serviceName) {
        withService(serviceName, DELETE | Winsvc.SERVICE_QUERY_STATUS, service -> {
            if (!Advapi32.INSTANCE.DeleteService(service)) throw lastError("DeleteService " + serviceName);
            return null;
        });
    }

    @Override
    public void startService(String serviceName) {
        withService(serviceName, Winsvc.SERVICE_START | Winsvc.SERVICE_QUERY_STATUS, service -> {
            if (!Advapi32.INSTANCE.StartService(service, 0, null)) throw lastError("StartService " + serviceName);
            return null;
        });
    }

    @Override
    public ScmStatus controlService(String serviceName, int control) {
        return withService(serviceName, CONTROL_ACCESS, service -> {
            Winsvc.SERVICE_STATUS status = new Winsvc.SERVICE_STATUS();
            if (!Advapi32.INSTANCE.ControlService(service, control, status))
                throw lastError("ControlService " + serviceName);
            return ScmStatus.reported(
                    status.dwCurrentState,
                    status.dwControlsAccepted,
                    status.dwWin32ExitCode,
                    status.dwServiceSpecificExitCode,
                    status.dwCheckPoint,
                    status.dwWaitHint);
        });
    }

    @Override
    public Optional<ScmStatus> queryStatus(String serviceName) {
        try {
            return Optional.of(withService(serviceName, Winsvc.SERVICE_QUERY_STATUS, service -> {
                Winsvc.SERVICE_STATUS_PROCESS s = new Winsvc.SERVICE_STATUS_PROCESS();
                IntByReference needed = new IntByReference();
                if (!Advapi32.INSTANCE.QueryServiceStatusEx(
                        service, Winsvc.SC_STATUS_TYPE.SC_STATUS_PROCESS_INFO, s, s.size(), needed)) {
                    throw lastError("QueryServiceStatusEx " + serviceName);
                }
                return new ScmStatus(
                        s.dwCurrentState,
                        s.dwControlsAccepted,
                        s.dwWin32ExitCode,
                        s.dwServiceSpecificExitCode,
                        s.dwCheckPoint,
                        s.dwWaitHint,
                        s.dwProcessId);
            }));
        } catch (ScmException e) {
            if (e.errorCode() == Scm.ERROR_SERVICE_DOES_NOT_EXIST) return Optional.empty();
            throw e;
        }
    }

    @Override
    public void setRegistryValue(RegistryValue value) {
        try {
            Advapi32Util.registryCreateKey(WinReg.HKEY_LOCAL_MACHINE, value.key());
            switch (value.type()) {
                case REG_EXPAND_SZ ->
                    Advapi32Util.registrySetExpandableStringValue(
                            WinReg.HKEY_LOCAL_MACHINE, value.key(), value.name(), value.text());
                case REG_DWORD ->
                    Advapi32Util.registrySetIntValue(
                            WinReg.HKEY_LOCAL_MACHINE, value.key(), value.name(), value.number());
            }
        } catch (Win32Exception e) {
            throw new ScmException(
                    "RegSetValueEx HKLM\\" + value.key() + "\\" + value.name(), e.getErrorCode(), e.getMessage());
        }
    }

    @Override
    public void deleteRegistryKey(String key) {
        try {
            if (Advapi32Util.registryKeyExists(WinReg.HKEY_LOCAL_MACHINE, key))
                Advapi32Util.registryDeleteKey(WinReg.HKEY_LOCAL_MACHINE, key);
        } catch (Win32Exception e) {
            throw new ScmException("RegDeleteKey HKLM\\" + key, e.getErrorCode(), e.getMessage());
        }
    }

    @Override
    public void grantServiceLogonRight(String account) {
        Lsa.grantServiceLogonRight(account);
    }

    @Override
    public void runDispatcher(String serviceName, Runnable serviceMain) {
        serviceMainCallback = (argc, argv) -> serviceMain.run();
        Winsvc.SERVICE_TABLE_ENTRY[] table = (Winsvc.SERVICE_TABLE_ENTRY[]) new Winsvc.SERVICE_TABLE_ENTRY().toArray(2);
        table[0].lpServiceName = serviceName;
        table[0].lpServiceProc = serviceMainCallback;
        // table[1] stays zeroed: the terminating entry
        if (!Advapi32.INSTANCE.StartServiceCtrlDispatcher(table))
            throw lastError("StartServiceCtrlDispatcher " + serviceName);
    }

    @Override
    public StatusChannel registerControlHandler(String serviceName, ControlHandler handler) {
        handlerCallback =
                (int control, int eventType, Pointer eventData, Pointer context) -> handler.onControl(control);
        Winsvc.SERVICE_STATUS_HANDLE handle =
                Advapi32.INSTANCE.RegisterServiceCtrlHandlerEx(serviceName, handlerCallback, null);
        if (handle == null) throw lastError("RegisterServiceCtrlHandlerEx " + serviceName);
        return status -> {
            Winsvc.SERVICE_STATUS s = new Winsvc.SERVICE_STATUS();
            s.dwServiceType = Scm.SERVICE_WIN32_OWN_PROCESS;
            s.dwCurrentState = status.state();
            s.dwControlsAccepted = status.controlsAccepted();
            s.dwWin32ExitCode = status.win32ExitCode();
            s.dwServiceSpecificExitCode = status.serviceSpecificExitCode();
            s.dwCheckPoint = status.checkPoint();
            s.dwWaitHint = status.waitHintMillis();
            if (!Advapi32.INSTANCE.SetServiceStatus(handle, s)) throw lastError("SetServiceStatus " + serviceName);
        };
    }

    private static <T> T withScm(int access, Function<Winsvc.SC_HANDLE, T> action) {
        Winsvc.SC_HANDLE scm = Advapi32.INSTANCE.OpenSCManager(null, null, access);
        if (scm == null) throw lastError("OpenSCManager");
        try {
            return action.apply(scm);
        } finally {
            Advapi32.INSTANCE.CloseServiceHandle(scm);
        }
    }

    private static <T> T withService(String name, int access, Function<Winsvc.SC_HANDLE, T> action) {
        return withScm(Winsvc.SC_MANAGER_CONNECT, scm -> {
            Winsvc.SC_HANDLE service = Advapi32.INSTANCE.OpenService(scm, name, access);
            if (service == null) throw lastError("OpenService " + name);
            try {
                return action.apply(service);
            } finally {
                Advapi32.INSTANCE.CloseServiceHandle(service);
            }
        });
    }

    /** The SCM wants dependencies as one string of NUL-separated names ending in two NULs. */
    static String multiString(List<String> names) {
        if (names.isEmpty()) return null;
        return String.join("\0", names) + "\0";
    }

    private static int millis(Duration d) {
        return (int) Math.min(Integer.MAX_VALUE, d.toMillis());
    }

    private static ScmException lastError(String call) {
        int code = Native.getLastError();
        return new ScmException(call, code, Kernel32Util.formatMessage(code));
    }
}
