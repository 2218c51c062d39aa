package io.jobwarden.server.cli;

import static io.jobwarden.server.http.LiveServer.OPERATOR;
import static io.jobwarden.server.http.LiveServer.VIEWER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jobwarden.server.http.LiveServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code jobwarden jobs ...} against a real running instance. */
class JobsCommandTest {
    @TempDir
    static Path dir;

    static LiveServer live;
    static String url;

    @BeforeAll
    static void start() {
        live = LiveServer.start(dir.resolve("data"));
        url = live.url("").toString();
    }

    @AfterAll
    static void stop() {
        if (live != null) live.close();
    }

    record Result(int code, String out, String err) {}

    static Result jobs(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new JobsCommand(env));
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    static Result jobs(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--url", url, "--token", OPERATOR));
        return jobs(Map.of(), all.toArray(String[]::new));
    }

    @Test
    void addListShowPauseResumeTriggerRunsAndRemove() throws Exception {
        Path file = Files.writeString(dir.resolve("report.yml"), """
                id: report
                schedule: "0 30 2 * * ?"
                zone: UTC
                type: test
                output: report done
                timeout: 5m
                """);

        Result added = jobs("add", file.toString());
        assertThat(added.code()).as(added.err()).isZero();
        assertThat(added.out()).startsWith("added report, next fire 20");

        Result list = jobs("list");
        assertThat(list.code()).isZero();
        List<String> lines = list.out().lines().toList();
        assertThat(lines.get(0)).matches("ID +SCHEDULE +NEXT FIRE +LAST OUTCOME +PAUSED");
        assertThat(lines)
                .anySatisfy(l -> assertThat(l)
                        .matches("report +0 30 2 \\* \\* \\? +\\d{4}-\\d\\d-\\d\\dT\\d\\d:30:00\\S* +- +no"));

        Result show = jobs("show", "report");
        assertThat(show.code()).isZero();
        assertThat(show.out())
                .contains(
                        "id:         report",
                        "origin:     api",
                        "paused:     no",
                        "definition:",
                        "  output: report done",
                        "  timeout: 5m");

        assertThat(jobs("pause", "report").out()).isEqualTo("paused report\n");
        assertThat(jobs("list").out()).containsPattern("report .* yes\n");
        assertThat(jobs("resume", "report").out()).startsWith("resumed report, next fire 20");

        Result trigger = jobs("trigger", "report");
        assertThat(trigger.code()).isZero();
        assertThat(trigger.out()).startsWith("triggered report: fire at 20");
        await().atMost(Duration.ofSeconds(20))
                .until(() -> jobs("runs", "report").out().contains("SUCCEEDED"));
        Result runs = jobs("runs", "report");
        assertThat(runs.out().lines().findFirst().orElseThrow())
                .matches("RUN +FIRE +ATTEMPT +STATE +STARTED +TOOK +EXIT +NODE");
        assertThat(runs.out()).containsPattern("\\d+ +\\S+ +1 +SUCCEEDED +\\S+ +\\d+ms +0 +api-test#");

        Result rm = jobs("rm", "report");
        assertThat(rm.out()).isEqualTo("removed report\n");
        Result gone = jobs("show", "report");
        assertThat(gone.code()).isEqualTo(1);
        assertThat(gone.err()).isEqualTo("error: id: there is no job 'report'\n");
    }

    @Test
    void aFileWithSeveralJobsAddsTheGoodOnesAndNamesEachBadField() throws Exception {
        Path file = Files.writeString(dir.resolve("many.yml"), """
                jobs:
                  - { id: many-a, schedule: "@every 1h", type: test }
                  - { id: many-b, schedule: "70 * * * * ?", type: test, timeout: -1s }
                  - { id: many-c, schedule: "@every 2h", type: test }
                """);

        Result r = jobs("add", file.toString());

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("added many-a", "added many-c");
        assertThat(r.err().lines().toList())
                .allSatisfy(l -> assertThat(l).startsWith("error: [1]."))
                .anySatisfy(l -> assertThat(l).startsWith("error: [1].schedule: "))
                .anySatisfy(l -> assertThat(l).startsWith("error: [1].timeout: "));
        assertThat(live.engine.job("many-b")).isEmpty();
    }

    @Test
    void aJsonFileAndReplace() throws Exception {
        Path file = Files.writeString(
                dir.resolve("j.json"), "[{\"id\":\"json-job\",\"schedule\":\"@every 1h\",\"type\":\"test\"}]");
        assertThat(jobs("add", file.toString()).code()).isZero();

        Result again = jobs("add", file.toString());
        assertThat(again.code()).isEqualTo(1);
        assertThat(again.err()).startsWith("error: id: a job 'json-job' exists");

        Files.writeString(file, "{\"id\":\"json-job\",\"schedule\":\"@every 3h\",\"type\":\"test\"}");
        Result replaced = jobs("add", "--replace", file.toString());
        assertThat(replaced.code()).isZero();
        assertThat(replaced.out()).startsWith("replaced json-job");
        assertThat(live.engine.job("json-job").orElseThrow().spec().schedule()).isEqualTo("@every 3h");
    }

    @Test
    void jsonPrintsTheApiAnswer() throws Exception {
        Result r = jobs("list", "--json");

        assertThat(r.code()).isZero();
        assertThat(new ObjectMapper().readTree(r.out()).path("jobs").isArray()).isTrue();
    }

    @Test
    void theTokenComesFromTheEnvironmentWhenNotGiven() {
        assertThat(jobs(Map.of(JobsCommand.TOKEN_ENV, VIEWER), "list", "--url", url)
                        .code())
                .isZero();

        Result none = jobs(Map.of(), "list", "--url", url);
        assertThat(none.code()).isEqualTo(1);
        assertThat(none.err())
                .isEqualTo("error: Authorization: a valid bearer token is required: Authorization: Bearer <token>\n");

        Result low = jobs(Map.of(JobsCommand.TOKEN_ENV, VIEWER), "rm", "whatever", "--url", url);
        assertThat(low.code()).isEqualTo(1);
        assertThat(low.err())
                .isEqualTo("error: Authorization: token 'dashboard' has role viewer; this needs operator\n");
    }

    @Test
    void optionsMayAlsoComeBeforeTheSubcommand() {
        Result r = jobs(Map.of(), "--url", url, "--token", VIEWER, "list");

        assertThat(r.code()).as(r.err()).isZero();
    }

    @Test
    void theInstancesConfigGivesTheUrlAndTheStrongestToken() throws Exception {
        Path config = Files.writeString(
                dir.resolve("jobwarden.yml"), String.format("""
                http: { bind: 127.0.0.1, port: %d }
                security:
                  tokens:
                    - { name: dashboard, token: %s, role: viewer }
                    - { name: ops, token: %s, role: operator }
                """, live.server.port(), VIEWER, OPERATOR));

        Result rm = jobs(Map.of(), "rm", "no-such-job", "--config", config.toString());

        // An operator's answer (404), not a viewer's refusal (403): the operator token was taken.
        assertThat(rm.code()).isEqualTo(1);
        assertThat(rm.err()).isEqualTo("error: id: there is no job 'no-such-job'\n");

        Result broken = jobs(
                Map.of(),
                "list",
                "--config",
                Files.writeString(dir.resolve("broken.yml"), "htp: {}\n").toString());
        assertThat(broken.code()).isEqualTo(1);
        assertThat(broken.err()).startsWith("error: htp: ");
    }

    @Test
    void anInstanceThatIsNotThereIsExit2() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Result r = jobs(Map.of(), "list", "--url", "http://127.0.0.1:" + port);

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("error: cannot reach http://127.0.0.1:" + port + ": Connection refused\n");
        assertThat(Main.execute("jobs", "list", "--url", "http://127.0.0.1:" + port))
                .isEqualTo(2);
    }

    @Test
    void inputMistakesAreExit1() {
        Result missing = jobs("add", dir.resolve("nope.yml").toString());
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).isEqualTo("error: " + dir.resolve("nope.yml") + ": no such file\n");

        Result badUrl = jobs(Map.of(), "list", "--url", "ftp://x");
        assertThat(badUrl.code()).isEqualTo(1);
        assertThat(badUrl.err()).startsWith("error: --url must be like http://127.0.0.1:8080");

        Result badRuns = jobs("runs", "x", "--limit", "0");
        assertThat(badRuns.code()).isEqualTo(1);
        assertThat(badRuns.err()).startsWith("error: limit: ");

        assertThat(jobs(Map.of()).code()).isEqualTo(1);
    }

    @Test
    void anIdIsEscapedAndCannotReachAnotherPath() {
        Result r = jobs("show", "../nodes");

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).startsWith("error: id: may use only letters");
    }
}
