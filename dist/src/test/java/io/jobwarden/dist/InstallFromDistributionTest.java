package io.jobwarden.dist;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobwarden.supervisor.JvmOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** {@code install} run by an unpacked distribution's own launcher, and by a source checkout's build. */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "runs bin/jobwarden, the POSIX launcher")
class InstallFromDistributionTest {
    /** What the service starts java with: the supervisor's defaults, as bin/jobwarden passes them. */
    private static final String SUPERVISOR_OPTIONS = String.join(" ", JvmOptions.SUPERVISOR);

    @Test
    void theUnitRunsTheUnpackedDistributionsJarAsTheUserSandboxedWithDataUnderVarLib(@TempDir Path dir)
            throws Exception {
        Path home = BuiltDistribution.unpack(dir);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // Neither the config nor the account exist on this machine: a dry run plans for the target machine.
        BuiltDistribution.Result r = BuiltDistribution.run(
                List.of(
                        home.resolve("bin/jobwarden").toString(),
                        "install",
                        "--name",
                        "billing",
                        "--dry-run",
                        "--platform",
                        "systemd",
                        "--user",
                        "jobwarden-test-absent",
                        "--config",
                        "/etc/jobwarden-test-absent/billing.yml"),
                null,
                Duration.ofMinutes(1));
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output())
                .doesNotContain("warning")
                .contains(
                        "\n       | ExecStart=" + java + " " + SUPERVISOR_OPTIONS + " -jar "
                                + home.resolve("lib/jobwarden.jar")
                                + " service --name billing --config /etc/jobwarden-test-absent/billing.yml"
                                + " --working-dir /var/lib/jobwarden/billing\n",
                        "| User=jobwarden-test-absent\n",
                        "| WorkingDirectory=/var/lib/jobwarden/billing\n",
                        "| NoNewPrivileges=yes\n",
                        "| PrivateTmp=yes\n",
                        "| ProtectSystem=full\n",
                        "| StateDirectory=jobwarden/billing\n",
                        "| ReadWritePaths=-/var/lib/jobwarden/billing\n");
        System.out.println(r.output());
    }

    @Test
    void aSourceCheckoutsBuildIsRefusedWithoutFromBuildAndItsDryRunWarns() throws Exception {
        String jar = BuiltDistribution.checkoutJar().toString();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        BuiltDistribution.Result refused = BuiltDistribution.run(
                List.of(java, "-jar", jar, "install", "--name", "billing", "--platform", "systemd"),
                null,
                Duration.ofMinutes(1));
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.output())
                .startsWith("error: install: " + jar + " is a build of a source checkout, not a distribution")
                .contains("make a distribution with 'mvn package'", "--from-build");
        assertThat(Path.of("/etc/systemd/system/jobwarden-billing.service")).doesNotExist();

        BuiltDistribution.Result dryRun = BuiltDistribution.run(
                List.of(java, "-jar", jar, "install", "--name", "billing", "--platform", "systemd", "--dry-run"),
                null,
                Duration.ofMinutes(1));
        assertThat(dryRun.exitCode()).as(dryRun.output()).isZero();
        assertThat(dryRun.output())
                .contains("warning: install: " + jar + " is a build of a source checkout")
                .contains("ExecStart=" + java + " " + SUPERVISOR_OPTIONS + " -jar " + jar);
    }
}
