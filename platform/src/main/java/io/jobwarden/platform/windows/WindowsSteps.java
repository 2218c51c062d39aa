package io.jobwarden.platform.windows;

import io.jobwarden.platform.PlanStep;
import io.jobwarden.platform.ServicePassword;
import java.util.Optional;

/** The steps of a Windows install plan; {@link WindowsPlatform} carries them out through {@link ScmApi}. */
public final class WindowsSteps {
    private WindowsSteps() {}

    public record CreateService(ScmApi.ServiceSpec spec, Optional<ServicePassword> password) implements PlanStep {
        @Override
        public String describe() {
            return "CreateServiceW " + spec.name() + "\n"
                    + "display name: " + spec.displayName() + "\n"
                    + "binary path: " + spec.binaryPath() + "\n"
                    + "service type: SERVICE_WIN32_OWN_PROCESS\n"
                    + "start type: "
                    + (spec.startType() == Scm.SERVICE_AUTO_START ? "SERVICE_AUTO_START" : "SERVICE_DEMAND_START")
                    + "\n"
                    + "error control: SERVICE_ERROR_NORMAL\n"
                    + "account: " + spec.account().orElse("LocalSystem")
                    + password.map(p -> " " + p).orElse("") + "\n"
                    + "dependencies: "
                    + (spec.dependencies().isEmpty() ? "none" : String.join(", ", spec.dependencies()));
        }
    }

    /** Before CreateService: a user account without "log on as a service" would fail every start with 1069. */
    public record GrantServiceLogonRight(String account) implements PlanStep {
        /**
         * The accounts Windows already lets run services: LocalSystem, the NT AUTHORITY service accounts and
         * the NT SERVICE virtual accounts. Every other account (a local or domain user, a gMSA) needs the grant.
         */
        public static boolean needed(String account) {
            String a = account.toLowerCase(java.util.Locale.ROOT);
            return !(a.equals("localsystem")
                    || a.equals(".\\localsystem")
                    || a.startsWith("nt authority\\")
                    || a.startsWith("nt service\\"));
        }

        @Override
        public String describe() {
            return "LsaAddAccountRights " + account + " SeServiceLogonRight (log on as a service)";
        }
    }

    public record ChangeConfig(String serviceName, ServiceConfig2 config) implements PlanStep {
        @Override
        public String describe() {
            return "ChangeServiceConfig2W " + config.describe();
        }
    }

    public record SetRegistryValue(RegistryValue value) implements PlanStep {
        @Override
        public String describe() {
            return "registry " + value.describe();
        }
    }

    public record StartService(String serviceName) implements PlanStep {
        @Override
        public String describe() {
            return "StartServiceW " + serviceName;
        }
    }
}
