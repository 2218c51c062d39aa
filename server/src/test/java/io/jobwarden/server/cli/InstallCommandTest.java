package io.jobwarden.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.jobwarden.platform.CommandRunner;
import io.jobwarden.platform.ProcessCommandRunner;
import io.jobwarden.platform.systemd.SystemdPlatform;
import io.jobwarden.supervisor.JvmOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class InstallCommandTest {
    /** Runs the real command line (Main) and captures what it prints. */
    static Run main(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int code = Main.execute(args);
            return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    /** Runs one command object, as Main would, with its own output. */
    static Run command(Object command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(command);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setExecutionExceptionHandler(new ErrorReporter());
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    record Run(int exitCode, String out, String err) {}

    /** The unit text inside a rendered plan: the "| " lines of its write step. */
    static String unitFrom(String plan) {
        return plan.lines()
                        .filter(l -> l.matches(" {7}\\|.*"))
                        .map(l -> l.replaceFirst("^ {7}\\| ?", ""))
                        .collect(Collectors.joining("\n"))
                + "\n";
    }

    @Test
    void dryRunPrintsAUnitThatSystemdAnalyzeAccepts(@TempDir Path dir) throws IOException {
        Path config = Files.writeString(dir.resolve("jobwarden.yml"), "name: demo\n");
        Run run = main(
                "install",
                "--name",
                "demo",
                "--dry-run",
                "--from-build",
                "--platform",
                "systemd",
                "--config",
                config.toString());
        assertThat(run.exitCode()).isZero();
        // No --user: allowed, as the platform allows it, but never silently.
        assertThat(run.err())
                .isEqualTo("warning: install: no --user given: the service and every job it runs will run as root;"
                        + " create a dedicated account (the Debian package makes 'jobwarden') and give --user to run as"
                        + " it\n");
        assertThat(run.out())
                .startsWith(
                        "systemd unit jobwarden-demo.service\n1. write /etc/systemd/system/jobwarden-demo.service (mode 0644):")
                .contains(
                        "2. run: systemctl daemon-reload",
                        "3. run: systemctl enable jobwarden-demo.service",
                        "4. run: systemctl start jobwarden-demo.service");
        String unit = unitFrom(run.out());
        assertThat(unit)
                .contains(
                        "Restart=always",
                        "KillMode=mixed",
                        "TimeoutStopSec=60s",
                        "WorkingDirectory=/var/lib/jobwarden/demo",
                        " service --name demo --config " + config + " --working-dir /var/lib/jobwarden/demo");
        assertThat(Path.of("/etc/systemd/system/jobwarden-demo.service")).doesNotExist();

        assumeFalse(!Files.isExecutable(Path.of("/usr/bin/systemd-analyze")), "systemd-analyze is not installed");
        Path file = Files.writeString(dir.resolve("jobwarden-demo.service"), unit);
        CommandRunner.Result verify = new ProcessCommandRunner()
                .run(List.of("/usr/bin/systemd-analyze", "verify", file.toString()), Duration.ofSeconds(60));
        assertThat(verify.output()).isEmpty();
        assertThat(verify.exitCode()).isZero();
    }

    /** A distribution's layout as the archive unpacks it; the jar need not run, only be where a service finds it. */
    static Path fakeDistribution(Path home) throws IOException {
        Files.createDirectories(home.resolve("bin"));
        Files.writeString(home.resolve("bin/jobwarden"), "#!/bin/sh\n");
        Files.createDirectories(home.resolve("lib"));
        return Files.writeString(home.resolve("lib/jobwarden.jar"), "");
    }

    static Run fromDistribution(Path jar, String... args) {
        return command(new InstallCommand(ServiceCommand::systemPlatform, Map.of(), Optional.of(jar)), args);
    }

    @Test
    void fromADistributionTheUnitRunsItsJarAsTheUserSandboxedWithDataUnderVarLib(@TempDir Path dir) throws IOException {
        Path jar = fakeDistribution(dir.resolve("jobwarden-1.0"));
        // Neither the config nor the account exist here: a dry run plans for the target machine.
        Run run = fromDistribution(
                jar,
                "--name",
                "billing",
                "--dry-run",
                "--platform",
                "systemd",
                "--user",
                "no-such-account",
                "--config",
                "/nonexistent/etc/billing.yml");
        assertThat(run.err()).isEmpty();
        assertThat(run.exitCode()).isZero();
        String unit = unitFrom(run.out());
        assertThat(unit)
                .containsPattern("(?m)^ExecStart=/\\S*/bin/java "
                        + Pattern.quote(String.join(" ", JvmOptions.SUPERVISOR)) + " -jar "
                        + Pattern.quote(jar.toString())
                        + " service --name billing --config /nonexistent/etc/billing.yml"
                        + " --working-dir /var/lib/jobwarden/billing$")
                .contains(
                        "\nUser=no-such-account\n",
                        "\nWorkingDirectory=/var/lib/jobwarden/billing\n",
                        "\nNoNewPrivileges=yes\n",
                        "\nPrivateTmp=yes\n",
                        "\nProtectSystem=full\n",
                        "\nStateDirectory=jobwarden/billing\n",
                        "\nReadWritePaths=-/var/lib/jobwarden/billing\n");
    }

    @Test
    void theConfigsDataAndLogDirectoriesAreWritableInTheSandbox(@TempDir Path dir) throws IOException {
        Path jar = fakeDistribution(dir.resolve("dist"));
        Path config = Files.writeString(dir.resolve("billing.yml"), "name: billing\nlogging: { dir: /var/log/jw }\n");
        Run run = fromDistribution(
                jar, "--name", "billing", "--dry-run", "--platform", "systemd", "--config", config.toString());
        assertThat(run.exitCode()).isZero();
        assertThat(unitFrom(run.out()))
                .contains(
                        "\nReadWritePaths=-/var/lib/jobwarden/billing -/var/lib/jobwarden/billing/data -/var/log/jw\n");
    }

    @Test
    void fromABuildARealInstallIsRefusedSayingHowToMakeADistributionAndADryRunWarns() {
        Run refused = main("install", "--name", "demo", "--platform", "systemd");
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.out()).isEmpty();
        assertThat(refused.err().lines()).hasSize(1);
        assertThat(refused.err())
                .startsWith("error: install: ")
                .contains(
                        "is a build of a source checkout, not a distribution",
                        "make a distribution with 'mvn package' (dist/target/jobwarden-<version>.tar.gz or .zip)",
                        "or give --from-build");
        assertThat(Path.of("/etc/systemd/system/jobwarden-demo.service")).doesNotExist();

        Run dryRun = main("install", "--name", "demo", "--platform", "systemd", "--dry-run");
        assertThat(dryRun.exitCode()).isZero();
        assertThat(dryRun.err()).startsWith("warning: install: ").contains("not a distribution", "--from-build");
        assertThat(dryRun.out()).startsWith("systemd unit jobwarden-demo.service\n");
    }

    @Test
    void helpNamesTheDefaultsAndFromBuildWithoutFormatWarnings() {
        Run help = main("install", "--help");
        assertThat(help.exitCode()).isZero();
        // A bare '%' in a description is a format error that picocli reports on stderr at every --help.
        assertThat(help.err()).isEmpty();
        assertThat(help.out()).contains("--from-build", "/var/lib/jobwarden/<name>", "%ProgramData%");
    }

    @Test
    void windowsDryRunPrintsTheWholePlanOnAnyOs() {
        Run run = main(
                "install",
                "--name",
                "demo",
                "--dry-run",
                "--platform",
                "windows",
                "--start",
                "delayed",
                "--java",
                "/opt/jdk/bin/java.exe",
                "--depends-on",
                "Tcpip,postgresql-x64-16",
                "--port",
                "8081");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out())
                .startsWith("Windows service jobwarden-demo\n1. CreateServiceW jobwarden-demo")
                .contains(
                        "binary path: \"" + Path.of("/opt/jdk/bin/java.exe").toAbsolutePath() + "\" ",
                        " service --name demo --config C:\\ProgramData\\Jobwarden\\demo\\jobwarden.yml --port 8081"
                                + " --working-dir C:\\ProgramData\\Jobwarden\\demo\n",
                        "start type: SERVICE_AUTO_START",
                        "account: LocalSystem",
                        "dependencies: Tcpip, postgresql-x64-16",
                        "SC_ACTION_RESTART after 5000 ms, SC_ACTION_RESTART after 10000 ms, SC_ACTION_RESTART after 30000 ms",
                        "fFailureActionsOnNonCrashFailures = TRUE",
                        "fDelayedAutostart = TRUE",
                        "dwPreshutdownTimeout = 60000 ms",
                        "EventLog\\Application\\jobwarden-demo EventMessageFile REG_EXPAND_SZ",
                        "StartServiceW jobwarden-demo");
        assertThat(run.err()).contains("warning: install: no --account given", "will run as LocalSystem");
    }

    @Test
    void withAnAccountThereIsNoSuperuserWarning() {
        Run run = main(
                "install",
                "--name",
                "demo",
                "--dry-run",
                "--from-build",
                "--platform",
                "windows",
                "--account",
                "NT AUTHORITY\\LocalService");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("account: NT AUTHORITY\\LocalService");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void theServiceRunsTheSupervisorWithItsSmallJvmDefaultsAndACollectorFromJavaOptsReplacesTheSerialOne() {
        Run plain = command(
                new InstallCommand(ServiceCommand::systemPlatform, Map.of()),
                "--name",
                "demo",
                "--dry-run",
                "--platform",
                "windows");
        assertThat(plain.exitCode()).isZero();
        assertThat(plain.out()).contains("java.exe\" " + String.join(" ", JvmOptions.SUPERVISOR) + " -");

        Run g1 = command(
                new InstallCommand(ServiceCommand::systemPlatform, Map.of("JOBWARDEN_JAVA_OPTS", "-XX:+UseG1GC")),
                "--name",
                "demo",
                "--dry-run",
                "--platform",
                "windows");
        assertThat(g1.exitCode()).isZero();
        assertThat(g1.out()).contains("-XX:+UseG1GC").doesNotContain("-XX:+UseSerialGC");
    }

    @Test
    void jobwardenJavaOptsReachTheServiceCommandLineBeforeTheProgram() {
        Run run = command(
                new InstallCommand(ServiceCommand::systemPlatform, Map.of("JOBWARDEN_JAVA_OPTS", " -Xmx512m  -Dx=y ")),
                "--name",
                "demo",
                "--dry-run",
                "--platform",
                "windows");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out())
                .containsPattern("binary path: \"[^\"]*java\\.exe\" [^\"]*"
                        + Pattern.quote(JvmOptions.SUPERVISOR.get(JvmOptions.SUPERVISOR.size() - 1))
                        + " -Xmx512m -Dx=y -(cp|jar) ");
    }

    @Test
    void aPercentSignInAWindowsServicePathIsRefusedNamingTheOption() {
        Run run = main(
                "install",
                "--name",
                "demo",
                "--dry-run",
                "--from-build",
                "--platform",
                "windows",
                "--config",
                "C:\\jw\\%USERNAME%\\demo.yml");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err())
                .isEqualTo("error: --config: 'C:\\jw\\%USERNAME%\\demo.yml' holds '%', which Windows would expand in"
                        + " the service's command line (ImagePath is REG_EXPAND_SZ: %NAME% becomes an environment"
                        + " variable's value, and '%' has no escape); use a path without '%'\n");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void theStopTimeoutIsDerivedFromTheConfigsShutdownTimeout(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("jobwarden.yml");
        Files.writeString(config, "shutdown-timeout: 2m\n");
        Run run =
                main("install", "--name", "demo", "--dry-run", "--platform", "systemd", "--config", config.toString());
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("TimeoutStopSec=150").doesNotContain("--shutdown-timeout");
    }

    @Test
    void launchdDryRunPrintsThePlist() {
        Run run = main(
                "install",
                "--name",
                "demo",
                "--dry-run",
                "--platform",
                "launchd",
                "--config",
                "/usr/local/etc/jobwarden/demo.yml");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out())
                .contains(
                        "--config</string>",
                        "<string>/usr/local/etc/jobwarden/demo.yml</string>",
                        "<string>/Library/Application Support/Jobwarden/demo</string>",
                        "/bin/mkdir -p \"/Library/Application Support/Jobwarden/demo\"",
                        "/Library/LaunchDaemons/io.jobwarden.demo.plist",
                        "<key>KeepAlive</key>",
                        "launchctl bootstrap system /Library/LaunchDaemons/io.jobwarden.demo.plist");
    }

    @Test
    void thePasswordComesFromTheEnvironmentAndIsNeverPrinted() {
        Run run = command(
                new InstallCommand(ServiceCommand::systemPlatform, Map.of("SVC_PW", "hunter2")),
                "--name",
                "demo",
                "--dry-run",
                "--from-build",
                "--platform",
                "windows",
                "--account",
                ".\\jobs",
                "--password-env",
                "SVC_PW");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out())
                .contains("1. LsaAddAccountRights .\\jobs SeServiceLogonRight (log on as a service)\n2. CreateServiceW")
                .contains("account: .\\jobs (password from environment variable SVC_PW, not shown)")
                .doesNotContain("hunter2");
        Run missing = command(
                new InstallCommand(ServiceCommand::systemPlatform, Map.of()),
                "--name",
                "demo",
                "--dry-run",
                "--from-build",
                "--platform",
                "windows",
                "--account",
                ".\\jobs",
                "--password-env",
                "SVC_PW");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).isEqualTo("error: --password-env: environment variable SVC_PW is not set\n");
    }

    @Test
    void badInputIsOneLineAndExitOne() {
        Run badName = main("install", "--name", "my demo", "--dry-run");
        assertThat(badName.exitCode()).isEqualTo(1);
        assertThat(badName.err())
                .isEqualTo(
                        "error: --name: 'my demo' is not a valid service name; use 1 to 64 letters, digits, '_' or '-'\n");
        Run badPlatform = main("install", "--name", "demo", "--dry-run", "--platform", "upstart");
        assertThat(badPlatform.exitCode()).isEqualTo(1);
        assertThat(badPlatform.err()).startsWith("error: --platform: 'upstart' is not a platform");
        Run badStart = main("install", "--name", "demo", "--dry-run", "--start", "later");
        assertThat(badStart.err())
                .isEqualTo("error: --start: 'later' is not a start type; use one of auto, delayed, manual\n");
        Run manualLaunchd =
                main("install", "--name", "demo", "--dry-run", "--platform", "launchd", "--start", "manual");
        assertThat(manualLaunchd.exitCode()).isEqualTo(1);
        Run oldTimeout = main("install", "--name", "demo", "--dry-run", "--shutdown-timeout", "45s");
        assertThat(oldTimeout.exitCode()).isEqualTo(1);
        assertThat(oldTimeout.err())
                .isEqualTo("error: --shutdown-timeout: removed; set the top-level shutdown-timeout in the config file:"
                        + " the service drains within it and the service manager's stop timeout is derived from it\n");
    }

    @Test
    void withoutSystemdARealInstallFailsInOneLineWithExitTwo() {
        assumeFalse(
                Files.isDirectory(SystemdPlatform.BOOTED_MARKER),
                "systemd runs here: a real install would change the machine");
        Run run = main("install", "--name", "demo", "--platform", "systemd", "--from-build");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err())
                .startsWith("error: cannot install: systemd is not running on this machine (PID 1 is ")
                .endsWith("nothing was changed. 'jobwarden install --dry-run' prints the unit.\n");
        assertThat(run.err().lines()).hasSize(1);
        assertThat(Path.of("/etc/systemd/system/jobwarden-demo.service")).doesNotExist();
    }

    @Test
    void aMissingConfigFileIsRefusedBeforeAnythingChanges() {
        Run run = main(
                "install",
                "--name",
                "demo",
                "--platform",
                "systemd",
                "--from-build",
                "--config",
                "/nonexistent/jobwarden.yml");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("error: --config: /nonexistent/jobwarden.yml does not exist\n");
    }

    @Test
    void aWindowsConfigPathIsKeptByWindowsRulesOnAnyOsAndDataGoesUnderProgramData() {
        Run run = main(
                "install",
                "--name",
                "billing",
                "--dry-run",
                "--platform",
                "windows",
                "--config",
                "C:\\jw\\billing.yml");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out())
                .contains(" service --name billing --config C:\\jw\\billing.yml"
                        + " --working-dir C:\\ProgramData\\Jobwarden\\billing\n")
                .doesNotContain("/C:");
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void aRelativeConfigForAnotherOsIsRefusedNamingTheOption() {
        Run run = main(
                "install",
                "--name",
                "billing",
                "--dry-run",
                "--from-build",
                "--platform",
                "windows",
                "--config",
                "billing.yml");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err())
                .isEqualTo("error: --config: 'billing.yml' is not an absolute windows path; installing for another OS"
                        + " needs the full path there, e.g. C:\\jobwarden\\jobwarden.yml\n");
        Run noDir = main(
                "install",
                "--name",
                "billing",
                "--dry-run",
                "--from-build",
                "--platform",
                "windows",
                "--working-dir",
                "jw");
        assertThat(noDir.exitCode()).isEqualTo(1);
        assertThat(noDir.err()).startsWith("error: --working-dir: 'jw' is not an absolute windows path");
    }

    @Test
    void theConfigWrittenForAWindowsServiceWithoutOneIsValid(@TempDir Path dir) throws IOException {
        String example;
        try (var in = InstallCommand.class.getResourceAsStream("service-example.yml")) {
            example = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Path config = Files.writeString(dir.resolve("jobwarden.yml"), example.replace("${name}", "billing"));
        Run run = main("validate", "--config", config.toString());
        assertThat(run.err()).isEmpty();
        assertThat(run.exitCode()).isZero();
    }
}
