package io.jobwarden.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobwarden.engine.RunState;
import io.jobwarden.engine.run.ActiveRun;
import io.jobwarden.engine.run.EnvSubstitution;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

class ShellEnvironmentTest {
    private static final Map<String, String> SERVICE = Map.of(
            "PATH", "/usr/bin:/bin",
            "HOME", "/var/lib/jobwarden",
            "OPS_TOKEN", "ops-token-0123456789",
            "JOB_DB_PASS", "s3cret-db-pass",
            "JOBWARDEN_CONTROL_SECRET", "control-secret-0123456789",
            "JOBWARDEN_SUPERVISOR_TOKEN", "link-token-abcdef",
            "JOBWARDEN_TOKEN", "cli-token-0123456789",
            "Jobwarden_Odd_Case", "x");
    private static final Map<String, String> FIRE = Map.of(
            "JOBWARDEN_JOB_ID", "report",
            "JOBWARDEN_FIRE_TIME", "2026-03-29T01:00:00Z",
            "JOBWARDEN_RUN_ID", "7",
            "JOBWARDEN_ATTEMPT", "1");

    @Test
    void aPublishedVariableReachesTheJobAndNeitherTheServiceNorTheJobsEnvCanFakeIt() {
        ShellEnvironment environment = new ShellEnvironment(
                        Map.of("PATH", "/bin", "JOBWARDEN_HTTP_PORT", "1111"), Set.of())
                .withPublished("JOBWARDEN_HTTP_PORT", "8123");

        Map<String, String> env = environment.build(Map.of("JOBWARDEN_HTTP_PORT", "2222"), FIRE);

        assertThat(env).containsEntry("JOBWARDEN_HTTP_PORT", "8123").containsEntry("PATH", "/bin");
        assertThat(new ShellEnvironment(Map.of("JOBWARDEN_HTTP_PORT", "1111"), Set.of()).build(Map.of(), FIRE))
                .doesNotContainKey("JOBWARDEN_HTTP_PORT");
    }

    @Test
    void withholdsReferencedAndInternalVariablesAndAddsTheJobsOwnAndTheFire() {
        ShellEnvironment environment = new ShellEnvironment(SERVICE, Set.of("OPS_TOKEN", "JOB_DB_PASS"));

        Map<String, String> env = environment.build(Map.of("DB_PASSWORD", "s3cret-db-pass"), FIRE);

        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("PATH", "/usr/bin:/bin");
        expected.put("HOME", "/var/lib/jobwarden");
        expected.put("DB_PASSWORD", "s3cret-db-pass");
        expected.putAll(FIRE);
        assertThat(env).isEqualTo(expected);
    }

    @Test
    void aJobsEnvCannotFakeTheFireButMayOverrideAnInheritedVariable() {
        ShellEnvironment environment = new ShellEnvironment(SERVICE, Set.of());

        Map<String, String> env = environment.build(Map.of("JOBWARDEN_RUN_ID", "1", "PATH", "/opt/bin"), FIRE);

        assertThat(env).containsEntry("JOBWARDEN_RUN_ID", "7").containsEntry("PATH", "/opt/bin");
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void theProcessGetsTheBuiltEnvironmentOnly(@TempDir Path dir) throws Exception {
        Path seen = dir.resolve("password");
        Map<String, String> service = new LinkedHashMap<>(System.getenv());
        service.put("OPS_TOKEN", "ops-token-0123456789");
        service.put("JOBWARDEN_SUPERVISOR_TOKEN", "link-token-abcdef");
        ShellRunner runner = new ShellRunner(
                Duration.ofMillis(500), null, new ShellEnvironment(service, Set.of("OPS_TOKEN", "JOB_DB_PASS")));
        ActiveRun run = Runs.of(
                "shell",
                Map.of(
                        "shell",
                        "/usr/bin/env; printf %s \"$DB_PASSWORD\" > '" + seen + "'",
                        "env",
                        Map.of("DB_PASSWORD", "${env:JOB_DB_PASS}")));
        run.substituted(new EnvSubstitution(Map.of("JOB_DB_PASS", "s3cret-db-pass"))
                .apply(run.spec().settings()));

        assertThat(runner.run(run).state()).isEqualTo(RunState.SUCCEEDED);

        List<String> names = run.output()
                .text()
                .lines()
                .map(l -> l.substring(0, l.indexOf('=')))
                .toList();
        assertThat(names)
                .contains("PATH", "DB_PASSWORD", "JOBWARDEN_JOB_ID", "JOBWARDEN_RUN_ID")
                .doesNotContain("OPS_TOKEN", "JOB_DB_PASS", "JOBWARDEN_SUPERVISOR_TOKEN");
        assertThat(Files.readString(seen)).isEqualTo("s3cret-db-pass");
    }
}
