package io.jobwarden.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The .deb: its layout and maintainer scripts always (dpkg-deb reads it), and, as root, a real install and removal
 * that must leave the machine as it was: no files, no account.
 */
class DebianPackageTest {
    private static final Path HOME = Path.of("/opt/jobwarden");

    @Test
    void thePackageInstallsTheDistributionUnderOptWithALauncherOnThePathAndItsScripts() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/dpkg-deb")), "dpkg-deb is not installed (not Debian)");
        Path deb = BuiltDistribution.deb();
        assertThat(deb.getFileName().toString()).isEqualTo("jobwarden_" + BuiltDistribution.version() + "_all.deb");

        String info = dpkgDeb("--info", deb.toString());
        assertThat(info)
                .contains(" Package: jobwarden\n", " Architecture: all\n", " Depends: java17-runtime-headless")
                .containsPattern(" Version: 0\\.1\\.0")
                .contains("postinst", "prerm", "postrm");
        assertThat(controlFile(deb, "postinst")).contains("useradd --system", "jobwarden", "/var/lib/jobwarden");
        assertThat(controlFile(deb, "postrm")).contains("purge", "userdel jobwarden");

        String contents = dpkgDeb("--contents", deb.toString());
        assertThat(contents)
                .containsPattern("-rwxr-xr-x root/root .* \\./opt/jobwarden/bin/jobwarden\n")
                .containsPattern("-rwxr-xr-x root/root .* \\./usr/bin/jobwarden\n")
                .contains(
                        "./opt/jobwarden/bin/jobwarden.cmd\n",
                        "./opt/jobwarden/lib/jobwarden.jar\n",
                        "./opt/jobwarden/conf/jobwarden.yml\n",
                        "./opt/jobwarden/README.md\n",
                        "./usr/share/bash-completion/completions/jobwarden\n");
    }

    @Test
    void asRootItInstallsCreatesTheUserAndRemovesWithoutATrace() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/dpkg")), "dpkg is not installed (not Debian)");
        assumeTrue(isRoot(), "dpkg -i needs root; the layout test above still ran");
        Path deb = BuiltDistribution.deb();
        // Someone else's jobwarden on this machine must not be replaced or, worse, purged by a test.
        assertThat(sh("dpkg-query -W -f='${Status}' jobwarden 2>/dev/null || true"))
                .as("package jobwarden is already on this machine")
                .doesNotContain("installed");
        assertThat(sh("getent passwd jobwarden || true"))
                .as("user jobwarden exists")
                .isEmpty();
        assertThat(HOME).as("someone else's /opt/jobwarden").doesNotExist();
        assertThat(Path.of("/var/lib/jobwarden")).doesNotExist();
        try {
            BuiltDistribution.Result install = dpkg(List.of("-i", deb.toString()));
            assertThat(install.exitCode()).as(install.output()).isZero();
            assertThat(install.output()).contains("jobwarden install --name NAME");
            assertThat(sh("getent passwd jobwarden")).contains(":/var/lib/jobwarden:/usr/sbin/nologin");
            assertThat(sh("stat -c %U /var/lib/jobwarden")).isEqualTo("jobwarden\n");

            BuiltDistribution.Result version = root(List.of("/usr/bin/jobwarden", "--version"));
            assertThat(version.exitCode()).as(version.output()).isZero();
            BuiltDistribution.Result plan = root(List.of(
                    "/usr/bin/jobwarden",
                    "install",
                    "--name",
                    "billing",
                    "--dry-run",
                    "--platform",
                    "systemd",
                    "--user",
                    "jobwarden"));
            assertThat(plan.exitCode()).as(plan.output()).isZero();
            assertThat(plan.output()).contains(" -jar /opt/jobwarden/lib/jobwarden.jar service --name billing");

            BuiltDistribution.Result remove = dpkg(List.of("-r", "jobwarden"));
            assertThat(remove.exitCode()).as(remove.output()).isZero();
            assertThat(HOME).doesNotExist();
            assertThat(Path.of("/usr/bin/jobwarden")).doesNotExist();
            assertThat(sh("getent passwd jobwarden || true"))
                    .as("remove keeps the account")
                    .isNotEmpty();

            BuiltDistribution.Result purge = dpkg(List.of("-P", "jobwarden"));
            assertThat(purge.exitCode()).as(purge.output()).isZero();
        } finally {
            dpkg(List.of("-P", "jobwarden"));
        }
        assertThat(sh("dpkg-query -W -f='${Status}' jobwarden 2>/dev/null || true"))
                .doesNotContain("installed");
        assertThat(sh("getent passwd jobwarden || true")).isEmpty();
        assertThat(sh("getent group jobwarden || true")).isEmpty();
        assertThat(HOME).doesNotExist();
        assertThat(Path.of("/var/lib/jobwarden")).doesNotExist();
        assertThat(Path.of("/usr/share/bash-completion/completions/jobwarden")).doesNotExist();
    }

    private static String controlFile(Path deb, String name) throws Exception {
        return dpkgDeb("--info", deb.toString(), name);
    }

    private static String dpkgDeb(String... args) throws Exception {
        List<String> argv = new java.util.ArrayList<>(List.of("dpkg-deb"));
        argv.addAll(List.of(args));
        BuiltDistribution.Result r = BuiltDistribution.run(argv, null, Duration.ofMinutes(1));
        assertThat(r.exitCode()).as(r.output()).isZero();
        return r.output();
    }

    /**
     * dpkg, waiting while another process (an apt-get of someone else's build on this machine) holds its lock:
     * dpkg itself gives up at once, and a lock held for a minute says nothing about this package.
     */
    private static BuiltDistribution.Result dpkg(List<String> args) throws Exception {
        List<String> argv = new java.util.ArrayList<>(List.of("dpkg"));
        argv.addAll(args);
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (true) {
            BuiltDistribution.Result r = root(argv);
            boolean locked = r.exitCode() != 0 && r.output().contains("lock");
            if (!locked || System.nanoTime() > deadline) return r;
            Thread.sleep(2000);
        }
    }

    private static BuiltDistribution.Result root(List<String> argv) throws Exception {
        return BuiltDistribution.run(argv, null, Duration.ofMinutes(2));
    }

    private static String sh(String command) throws Exception {
        return BuiltDistribution.run(List.of("sh", "-c", command), null, Duration.ofMinutes(1))
                .output();
    }

    private static boolean isRoot() throws Exception {
        return sh("id -u").strip().equals("0");
    }
}
