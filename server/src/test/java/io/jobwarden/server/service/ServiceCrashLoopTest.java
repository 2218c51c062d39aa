package io.jobwarden.server.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobwarden.platform.windows.RegistryValue;
import io.jobwarden.platform.windows.Scm;
import io.jobwarden.platform.windows.ScmApi;
import io.jobwarden.platform.windows.ScmStatus;
import io.jobwarden.platform.windows.ServiceConfig2;
import io.jobwarden.platform.windows.WindowsServiceHost;
import io.jobwarden.server.config.ConfigLoader;
import io.jobwarden.server.config.JobwardenConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real service body (supervisor plus worker JVMs) under the Windows service host, with the SCM played by a
 * recorder: a worker that keeps dying must end the service with an error, not leave the SCM showing RUNNING.
 */
class ServiceCrashLoopTest {
    @TempDir
    Path dir;

    @Test
    void aWorkerCrashLoopEndsTheServiceStoppedWithTheCrashLoopCode() throws Exception {
        JobwardenConfig cfg = new ConfigLoader(List.of(), Map.of())
                .parse(
                        "supervisor:\n  restart-delay: 10ms\n  max-restart-delay: 20ms\n"
                                + "  jvm-options: [\"-XX:+NoSuchOptionOfTheWorker\"]\n",
                        "jobwarden.yml",
                        dir);
        // Every worker JVM refuses its options and exits at once: a crash loop as fast as JVMs start. (A worker that
        // refuses its config file at the first start stops on purpose instead: RunCommand.)
        List<String> workerArgs = List.of(
                "run",
                "--no-supervisor",
                "--name",
                "loop",
                "--config",
                dir.resolve("missing.yml").toString());
        SupervisedServiceBody body = new SupervisedServiceBody(cfg, workerArgs, dir, action -> false, () -> {});
        StatusRecorder scm = new StatusRecorder();
        WindowsServiceHost host = new WindowsServiceHost(
                scm,
                "jobwarden-loop",
                body,
                new WindowsServiceHost.Timings(
                        Duration.ofMinutes(2), Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ofSeconds(5)));

        int exit = CompletableFuture.supplyAsync(host::run).get(120, TimeUnit.SECONDS);

        assertThat(exit).isEqualTo(io.jobwarden.supervisor.Supervisor.CRASH_LOOP_EXIT_CODE);
        ScmStatus last = scm.reported.get(scm.reported.size() - 1);
        assertThat(last.state()).isEqualTo(Scm.SERVICE_STOPPED);
        assertThat(last.win32ExitCode()).isEqualTo(Scm.ERROR_SERVICE_SPECIFIC_ERROR);
        assertThat(last.serviceSpecificExitCode()).isEqualTo(io.jobwarden.supervisor.Supervisor.CRASH_LOOP_EXIT_CODE);
        assertThat(scm.reported).noneMatch(s -> s.state() == Scm.SERVICE_RUNNING);
    }

    /** The service side of the SCM: runs service main on the dispatcher's thread and keeps every status. */
    static final class StatusRecorder implements ScmApi {
        final List<ScmStatus> reported = new CopyOnWriteArrayList<>();

        @Override
        public void runDispatcher(String serviceName, Runnable serviceMain) {
            serviceMain.run();
        }

        @Override
        public StatusChannel registerControlHandler(String serviceName, ControlHandler handler) {
            return reported::add;
        }

        @Override
        public void createService(ServiceSpec spec, Optional<String> password) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void changeConfig(String serviceName, ServiceConfig2 config) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void deleteService(String serviceName) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void startService(String serviceName) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ScmStatus controlService(String serviceName, int control) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<ScmStatus> queryStatus(String serviceName) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void setRegistryValue(RegistryValue value) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void deleteRegistryKey(String key) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void grantServiceLogonRight(String account) {
            throw new UnsupportedOperationException();
        }
    }
}
