package io.jobwarden.platform.windows;

import java.util.List;
import java.util.Optional;

/**
 * The whole Win32 surface Jobwarden uses, kept this narrow so that everything above it (install plans, the
 * service host's status sequence, waiting for states) runs and is tested on any OS against a recording fake.
 * The only Windows implementation is {@link io.jobwarden.platform.windows.jna.JnaScmApi}. Every method throws
 * {@link ScmException} with GetLastError() on failure.
 */
public interface ScmApi {
    // --- management, from the jobwarden CLI ---

    /** CreateServiceW for an own-process service; {@code password} only with an account. */
    void createService(ServiceSpec spec, Optional<String> password);

    void changeConfig(String serviceName, ServiceConfig2 config);

    void deleteService(String serviceName);

    void startService(String serviceName);

    /** ControlService; returns the status the SCM answered with. */
    ScmStatus controlService(String serviceName, int control);

    /** QueryServiceStatusEx; empty when the service does not exist. */
    Optional<ScmStatus> queryStatus(String serviceName);

    /** Creates the key if needed, then sets the value (HKEY_LOCAL_MACHINE). */
    void setRegistryValue(RegistryValue value);

    /** Deletes a key under HKEY_LOCAL_MACHINE if it exists. */
    void deleteRegistryKey(String key);

    /**
     * LookupAccountName, then LsaAddAccountRights SeServiceLogonRight: without that right a user account's service
     * fails every start with 1069. Granting a right the account has is no error.
     */
    void grantServiceLogonRight(String account);

    // --- inside the service process ---

    /**
     * StartServiceCtrlDispatcherW: connects this process to the SCM, runs {@code serviceMain} on the thread the
     * SCM creates, and returns once the service has reported SERVICE_STOPPED. Fails with 1063 when the process
     * was not started by the SCM.
     */
    void runDispatcher(String serviceName, Runnable serviceMain);

    /** RegisterServiceCtrlHandlerExW; call first thing in service main. */
    StatusChannel registerControlHandler(String serviceName, ControlHandler handler);

    /** SetServiceStatus through the handle from {@link #registerControlHandler}. */
    interface StatusChannel {
        void report(ScmStatus status);
    }

    /** Called on the dispatcher thread; must return within a few seconds with NO_ERROR or an error code. */
    interface ControlHandler {
        int onControl(int control);
    }

    /** What CreateServiceW needs. {@code account} empty means LocalSystem. */
    record ServiceSpec(
            String name,
            String displayName,
            String binaryPath,
            int startType,
            Optional<String> account,
            List<String> dependencies) {
        public ServiceSpec {
            dependencies = List.copyOf(dependencies);
        }
    }
}
