package io.jobwarden.platform.windows;

import io.jobwarden.platform.ServiceException;
import java.util.Optional;

/** Stands in for the SCM on other systems, so that plans print everywhere and real changes fail clearly. */
final class AbsentScmApi implements ScmApi {
    private static ServiceException absent(String call) {
        return new ServiceException("cannot call " + call + ": the Windows service manager exists only on Windows; "
                + "nothing was changed ('jobwarden install --platform windows --dry-run' prints the plan)");
    }

    @Override
    public void grantServiceLogonRight(String account) {
        throw absent("LsaAddAccountRights");
    }

    @Override
    public void createService(ServiceSpec spec, Optional<String> password) {
        throw absent("CreateService");
    }

    @Override
    public void changeConfig(String serviceName, ServiceConfig2 config) {
        throw absent("ChangeServiceConfig2");
    }

    @Override
    public void deleteService(String serviceName) {
        throw absent("DeleteService");
    }

    @Override
    public void startService(String serviceName) {
        throw absent("StartService");
    }

    @Override
    public ScmStatus controlService(String serviceName, int control) {
        throw absent("ControlService");
    }

    @Override
    public Optional<ScmStatus> queryStatus(String serviceName) {
        throw absent("OpenService");
    }

    @Override
    public void setRegistryValue(RegistryValue value) {
        throw absent("RegSetValueEx");
    }

    @Override
    public void deleteRegistryKey(String key) {
        throw absent("RegDeleteKey");
    }

    @Override
    public void runDispatcher(String serviceName, Runnable serviceMain) {
        throw absent("StartServiceCtrlDispatcher");
    }

    @Override
    public StatusChannel registerControlHandler(String serviceName, ControlHandler handler) {
        throw absent("RegisterServiceCtrlHandlerEx");
    }
}
