package io.jobwarden.server.cli;

import static io.jobwarden.server.http.LiveServer.OPERATOR;
import static io.jobwarden.server.http.LiveServer.VIEWER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jobwarden.engine.JobSpec;
import io.jobwarden.server.http.LiveServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
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
                .matches("RUN +FIRE +ATTEMPT +STATE +STARTED +TOOK +EXIT +NODE +ERROR");
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
    void addShowsTheApisWarningsOnStderrAndCompoundDurationsAreRead() throws Exception {
        Path file = Files.writeString(dir.resolve("warned.yml"), """
                jobs:
                  - { id: warned-a, schedule: "0 0 6 ? * 1-5", type: test, timeout: 1h30m,
                      retry: { max: 3, backoff: 2m30s, max-backoff: 1d12h } }
                  - { id: warned-b, schedule: "0 0 6 ? * 1-5", type: test, cron-dialect: spring }
                """);

        Result r = jobs("add", file.toString(), "--timeout", "1m30s");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("added warned-a", "added warned-b");
        assertThat(r.err().lines().toList())
                .containsExactly("warning: [0].schedule: day-of-week '1-5' = SUN-THU in Quartz; MON-FRI in Spring:"
                        + " set cron-dialect: quartz or spring");
        JobSpec a = live.engine.job("warned-a").orElseThrow().spec();
        assertThat(a.timeout()).isEqualTo(Duration.ofMinutes(90));
        assertThat(a.retry().backoff()).isEqualTo(Duration.ofSeconds(150));
        assertThat(a.retry().maxBackoff()).isEqualTo(Duration.ofHours(36));
    }

    @Test
    void timeoutIsADurationOrWholeSeconds() {
        assertThat(ApiTarget.parseTimeout("1m30s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(ApiTarget.parseTimeout("45")).as("whole seconds, as before").isEqualTo(Duration.ofSeconds(45));
        Result bad = jobs("list", "--timeout", "soon");
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.err())
                .isEqualTo("error: --timeout: 'soon' is not a duration; use a whole number and a unit: 500ms, 30s,"
                        + " 10m, 2h, 1d, or several like 1h30m\n");
        assertThat(jobs("list", "--timeout", "0s").err()).isEqualTo("error: --timeout: must be positive, like 30s\n");
    }

    @Test
    void aJsonFileAndReplace() throws Exception {
        Path file = Files.writeString(
                dir.resolve("j.json"), "[{\"id\":\"json-job\",\"schedule\":\"@every 1h\",\"type\":\"test\"}]");
        assertThat(jobs("add", file.toString()).code()).isZero();

        Result again = jobs("add", file.toString());
        assertThat(again.code()).isEqualTo(1);
        assertThat(again.err())
                .isEqualTo("error: id: a job 'json-job' exists; jobs add --replace " + file + " replaces it\n");

        Files.writeString(file, "{\"id\":\"json-job\",\"schedule\":\"@every 3h\",\"type\":\"test\"}");
        Result replaced = jobs("add", "--replace", file.toString());
        assertThat(replaced.code()).isZero();
        assertThat(replaced.out()).startsWith("replaced json-job");
        assertThat(live.engine.job("json-job").orElseThrow().spec().schedule()).isEqualTo("@every 3h");
    }

    @Test
    void addsHelpDescribesTheFileItsReferencesAndReplace() {
        Result help = jobs(Map.of(), "add", "--help");

        assertThat(help.code()).isZero();
        assertThat(help.err()).isEmpty();
        assertThat(help.out())
                .contains("one job, a list of jobs, or a config-style 'jobs:' list")
                .contains("id, schedule and type")
                .contains("  id: nightly-export", "  type: shell")
                .contains("env: { DB_PASSWORD: \"${env:EXPORT_DB_PASSWORD}\" }")
                .contains("A ${env:NAME} is sent as written")
                .contains("--replace")
                .contains("${env:...} this environment holds")
                .doesNotContain("null");
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
                Files.writeString(dir.resolve("broken.yml"), "http: { port: eighty }\n")
                        .toString());
        assertThat(broken.code()).isEqualTo(1);
        assertThat(broken.err()).isEqualTo("error: http.port: 'eighty' is not a port number\n");
    }

    @Test
    void theClientReadsOnlyHttpAndATokenNotTheServersEnvironment() throws Exception {
        // The server's secrets and settings the client has no use for: unresolvable here, and no matter.
        Path config = Files.writeString(dir.resolve("server-env.yml"), String.format("""
                http: { bind: 0.0.0.0, port: %d }
                store: { url: "jdbc:postgresql://db/jobs", password: "${env:DB_PASSWORD}" }
                unknown-to-the-client: 7
                security:
                  tokens:
                    - { name: root, token: "${env:ADMIN_TOKEN}", role: admin }
                    - { name: ops, token: "${env:OPS_TOKEN}", role: operator }
                    - { name: dashboard, token: "%s", role: viewer }
                  control-secret: "${env:JOBWARDEN_CONTROL_SECRET}"
                """, live.server.port(), VIEWER));

        // Only the viewer token is known here: a viewer's refusal proves it was sent, to 127.0.0.1.
        Result viewer = jobs(Map.of(), "rm", "no-such-job", "--config", config.toString());
        assertThat(viewer.code()).isEqualTo(1);
        assertThat(viewer.err()).contains("has role viewer; this needs operator");

        // With the operator's variable set, its token is the strongest known and is taken.
        Result ops = jobs(Map.of("OPS_TOKEN", OPERATOR), "rm", "no-such-job", "--config", config.toString());
        assertThat(ops.err()).isEqualTo("error: id: there is no job 'no-such-job'\n");

        // --token, JOBWARDEN_TOKEN and --token-file win over the file.
        Result explicit = jobs(Map.of(), "rm", "no-such-job", "--config", config.toString(), "--token", OPERATOR);
        assertThat(explicit.err()).isEqualTo("error: id: there is no job 'no-such-job'\n");
        Result fromEnv =
                jobs(Map.of(JobsCommand.TOKEN_ENV, OPERATOR), "rm", "no-such-job", "--config", config.toString());
        assertThat(fromEnv.err()).isEqualTo("error: id: there is no job 'no-such-job'\n");
        Path tokenFile = Files.writeString(dir.resolve("token"), OPERATOR + "\n");
        Files.setPosixFilePermissions(tokenFile, PosixFilePermissions.fromString("rw-------"));
        Result fromFile = jobs(
                Map.of(JobsCommand.TOKEN_ENV, VIEWER),
                "rm",
                "no-such-job",
                "--config",
                config.toString(),
                "--token-file",
                tokenFile.toString());
        assertThat(fromFile.err()).isEqualTo("error: id: there is no job 'no-such-job'\n");
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void aTokenFileOthersMayReadIsRefusedBeforeAnythingIsSent() throws Exception {
        Path tokenFile = Files.writeString(dir.resolve("open-token"), OPERATOR + "\n");
        Files.setPosixFilePermissions(tokenFile, PosixFilePermissions.fromString("rw-r--r--"));

        Result r = jobs(Map.of(), "rm", "report-kept", "--url", url, "--token-file", tokenFile.toString());

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err())
                .isEqualTo("error: --token-file: " + tokenFile + " may be read by others (rw-r--r--); run: chmod 600 "
                        + tokenFile + "\n");
        Result both = jobs(Map.of(), "list", "--url", url, "--token", VIEWER, "--token-file", tokenFile.toString());
        assertThat(both.code()).isEqualTo(1);
        assertThat(both.err()).isEqualTo("error: --token and --token-file both give a token; use one\n");
        Result missing = jobs(
                Map.of(),
                "list",
                "--url",
                url,
                "--token-file",
                dir.resolve("none").toString());
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).startsWith("error: --token-file: ");
    }

    @Test
    void outputShowsAFailedRunsHeaderOutputAndStackTrace() throws Exception {
        Path file = Files.writeString(dir.resolve("breaks.yml"), """
                id: breaks
                schedule: "0 0 3 * * ?"
                type: test
                output: about to fail
                fail: true
                """);
        Result added = jobs("add", file.toString());
        assertThat(added.code()).as(added.err()).isZero();
        assertThat(jobs("trigger", "breaks").code()).isZero();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> jobs("runs", "breaks").out().contains("FAILED"));
        long runId = live.engine.runs("breaks", 1, null).get(0).runId();

        Result r = jobs("output", Long.toString(runId));

        assertThat(r.code()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(0))
                .matches("run " + runId + " of job breaks: FAILED, exit code 3, attempt 1, fire 20\\S+, started "
                        + "20\\S+, ended 20\\S+, took \\S+, node api-test#\\S+");
        assertThat(lines.subList(1, lines.size()))
                .containsExactly(
                        "note: manual trigger",
                        "--- output ---",
                        "about to fail",
                        "--- error ---",
                        "java.lang.IllegalStateException: scripted failure");

        Result none = jobs("output", "999999");
        assertThat(none.code()).isEqualTo(1);
        assertThat(none.err()).startsWith("error: ");
        // A run id that is not a number is a usage error, as Main reports it.
        assertThat(Main.execute("jobs", "output", "abc", "--url", url)).isEqualTo(1);
    }

    @Test
    void runsShowTheFirstErrorLineAndFailedListsOnlyFailures() throws Exception {
        Path file = Files.writeString(dir.resolve("mixed.yml"), """
                id: mixed
                schedule: "0 0 3 * * ?"
                type: test
                fail: true
                """);
        Result added = jobs("add", file.toString());
        assertThat(added.code()).as(added.err()).isZero();
        assertThat(jobs("trigger", "mixed").code()).isZero();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> jobs("runs", "mixed").out().contains("FAILED"));
        Files.writeString(file, "id: mixed\nschedule: \"0 0 3 * * ?\"\ntype: test\n");
        Result replaced = jobs("add", "--replace", file.toString());
        assertThat(replaced.code()).as(replaced.err()).isZero();
        assertThat(jobs("trigger", "mixed").code()).isZero();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> jobs("runs", "mixed").out().contains("SUCCEEDED"));

        Result all = jobs("runs", "mixed");
        assertThat(all.out())
                .containsPattern("\\d+ +\\S+ +1 +FAILED +\\S+ +\\S+ +3 +api-test#\\S+ +"
                        + "java.lang.IllegalStateException: scripted failure\n")
                .containsPattern("\\d+ +\\S+ +1 +SUCCEEDED +\\S+ +\\S+ +0 +api-test#\\S+\n");

        Result failed = jobs("runs", "mixed", "--failed");
        assertThat(failed.code()).as(failed.err()).isZero();
        assertThat(failed.out()).contains("FAILED").doesNotContain("SUCCEEDED");
        assertThat(failed.out().lines().count()).isEqualTo(2);

        Result json = jobs("runs", "mixed", "--failed", "--json");
        var answer = new ObjectMapper().readTree(json.out());
        assertThat(answer.path("runs").size()).isEqualTo(1);
        assertThat(answer.path("runs").get(0).path("state").asText()).isEqualTo("FAILED");
        assertThat(answer.path("nextBefore").isNull()).isTrue();

        Result bad = jobs("runs", "mixed", "--failed", "--limit", "501");
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.err()).isEqualTo("error: limit: must be 1 to 500, not 501\n");
    }

    @Test
    void listFollowsTheApisPagingToTheLastJob() throws Exception {
        for (int i = 0; i < 520; i++)
            live.engine.createJob(JobSpec.of(String.format("page-%03d", i), "0 0 3 * * ?", "test", Map.of()));

        Result r = jobs("list");

        assertThat(r.code()).as(r.err()).isZero();
        List<String> ids = r.out().lines().skip(1).map(l -> l.split(" +")[0]).toList();
        assertThat(ids).contains("page-000", "page-499", "page-500", "page-519").doesNotHaveDuplicates();
        assertThat(ids).isSorted();
        var json = new ObjectMapper().readTree(jobs("list", "--json").out());
        assertThat(json.path("jobs").size()).isEqualTo(ids.size());
        assertThat(json.path("nextAfter").isNull()).isTrue();
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
