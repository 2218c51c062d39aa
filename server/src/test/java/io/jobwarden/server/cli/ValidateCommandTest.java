package io.jobwarden.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateCommandTest {
    @TempDir
    Path dir;

    /** What a command printed and returned; runs it through {@link Main#execute} with stdout and stderr captured. */
    record CliResult(int exitCode, String out, String err) {
        static CliResult of(String... args) {
            PrintStream originalOut = System.out;
            PrintStream originalErr = System.err;
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Charset charset = Charset.defaultCharset();
            try {
                System.setOut(new PrintStream(out, true, charset));
                System.setErr(new PrintStream(err, true, charset));
                int code = Main.execute(args);
                return new CliResult(code, out.toString(charset), err.toString(charset));
            } finally {
                System.setOut(originalOut);
                System.setErr(originalErr);
            }
        }

        List<String> outLines() {
            return out.lines().toList();
        }

        List<String> errLines() {
            return err.lines().toList();
        }
    }

    private Path write(String yaml) throws IOException {
        return Files.writeString(dir.resolve("jobwarden.yml"), yaml);
    }

    @Test
    void a_valid_file_prints_one_summary_line_and_exits_0() throws IOException {
        Path file = write("""
                groups: { batch: { max-concurrent: 2 } }
                jobs:
                  - { id: hello, schedule: "*/5 * * * * ?", type: shell, command: [echo, hi] }
                  - { id: nightly, schedule: "@daily", type: http, url: "https://example.com", group: batch }
                """);

        CliResult r = CliResult.of("validate", "--config", file.toString());

        assertThat(r.exitCode()).isEqualTo(0);
        assertThat(r.err()).isEmpty();
        assertThat(r.outLines())
                .containsExactly("OK: 2 jobs, 1 group, 0 tokens; store sqlite, http 127.0.0.1:8080, cluster off");
    }

    @Test
    void an_at_instant_in_the_past_is_a_warning_line_and_still_exits_0() throws IOException {
        Path file = write("""
                jobs:
                  - { id: future, schedule: "@at 2999-01-01T00:00:00Z", type: shell, command: [echo, hi] }
                  - { id: past, schedule: "@at 2001-01-01T00:00:00Z", type: shell, command: [echo, hi] }
                  - { id: gone, schedule: "@at 2001-01-01T00:00:00Z", type: shell, command: [echo], misfire: skip }
                """);

        CliResult r = CliResult.of("validate", "--config", file.toString());

        assertThat(r.exitCode()).isEqualTo(0);
        assertThat(r.errLines())
                .containsExactly(
                        "warning: jobs[1].schedule: the @at instant 2001-01-01T00:00:00Z is in the past;"
                                + " it runs once now (misfire: fire-once)",
                        "warning: jobs[2].schedule: the @at instant 2001-01-01T00:00:00Z is in the past;"
                                + " it will not run: misfire: skip records a SKIPPED run instead");
        assertThat(r.outLines()).singleElement().asString().startsWith("OK: 3 jobs");
    }

    @Test
    void every_problem_is_one_error_line_on_stderr_and_exit_1() throws IOException {
        Path file = write("""
                htp: { port: 1 }
                http: { port: 0 }
                jobs:
                  - { id: a, schedule: "61 * * * * ?", type: shell }
                  - { id: b, schedule: "@daily", type: ftp }
                  - { id: a, schedule: "@daily", type: shell, timeout: 0s }
                """);

        CliResult r = CliResult.of("validate", "--config", file.toString());

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.errLines())
                .allMatch(l -> l.startsWith("error: "))
                .containsExactlyInAnyOrder(
                        "error: htp: is not a setting; did you mean 'http'?",
                        "error: http.port: must be 1-65535",
                        "error: jobs[0].schedule: seconds field: 61 is out of range 0-59",
                        "error: jobs[1].type: 'ftp' is not a job type; use one of http, java, shell",
                        "error: jobs[2].timeout: must be positive and at most 30d",
                        "error: jobs[2].id: 'a' is already used by jobs[0]",
                        // The file is read once, with the real job types: their own settings' problems come too.
                        "error: jobs[0].command: " + COMMAND_REQUIRED,
                        "error: jobs[2].command: " + COMMAND_REQUIRED);
    }

    private static final String COMMAND_REQUIRED =
            "is required: a list of arguments, e.g. [\"/usr/bin/find\", \"/tmp/x\","
                    + " \"-mtime\", \"+7\", \"-delete\"], or give shell: \"a command line\" instead";

    @Test
    void a_yaml_syntax_error_is_one_line_without_a_stack_trace() throws IOException {
        Path file = write("http:\n  port: 8080\n bind: x\n");

        CliResult r = CliResult.of("validate", "--config", file.toString());

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.errLines()).singleElement().asString().startsWith("error: jobwarden.yml: line 3, column 2: ");
        assertThat(r.err()).doesNotContain("Exception", "\tat ");
    }

    @Test
    void a_missing_file_is_named() {
        Path missing = dir.resolve("nope.yml");

        CliResult r = CliResult.of("validate", "--config", missing.toString());

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.errLines()).containsExactly("error: config file " + missing + " does not exist");
    }

    @Test
    void a_missing_environment_variable_is_named_with_its_path() throws IOException {
        Path file = write("store: { url: \"jdbc:postgresql://${env:JOBWARDEN_TEST_SURELY_UNSET_HOST}/x\" }\n");

        CliResult r = CliResult.of("validate", "--config", file.toString());

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.errLines())
                .containsExactly("error: store.url: environment variable JOBWARDEN_TEST_SURELY_UNSET_HOST is not set");
    }

    @Test
    void validating_writes_nothing_next_to_the_config_or_in_the_data_directory() throws IOException {
        Path file = write("logging: { dir: logs }\nstore: { url: \"jdbc:sqlite:data/jw.db\" }\n");
        Path data = dir.resolve("var");

        assertThat(CliResult.of("validate", "--config", file.toString()).exitCode())
                .isEqualTo(0);
        assertThat(CliResult.of("validate", "--config", file.toString(), "--data", data.toString())
                        .exitCode())
                .isEqualTo(0);

        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void the_summary_names_tokens_tls_and_the_cluster() throws IOException {
        Files.writeString(dir.resolve("ks.p12"), "x");
        Path file = write("""
                http: { bind: 0.0.0.0, port: 8443, tls: { keystore: ks.p12, password: pw } }
                store: { url: "jdbc:postgresql://db/jobs" }
                cluster: { enabled: true, lock: redis, redis: "redis://127.0.0.1:6379" }
                security: { tokens: [ { name: ops, token: ops-token-0123456789abcdef, role: operator } ] }
                """);

        CliResult r = CliResult.of("validate", "--config", file.toString());

        assertThat(r.outLines())
                .containsExactly(
                        "OK: 0 jobs, 0 groups, 1 token; store postgresql, https 0.0.0.0:8443, cluster on (redis lock)");
        assertThat(r.out()).doesNotContain("ops-token-0123456789abcdef", "pw ");
    }

    @Test
    void the_newcomers_example_validates() {
        CliResult r = CliResult.of(
                "validate",
                "--config",
                Path.of("..", "examples", "jobwarden.yml").toString());

        assertThat(r.err()).isEmpty();
        assertThat(r.exitCode()).isEqualTo(0);
        assertThat(r.outLines())
                .containsExactly("OK: 3 jobs, 1 group, 0 tokens; store sqlite, http 127.0.0.1:8080, cluster off");
    }
}
