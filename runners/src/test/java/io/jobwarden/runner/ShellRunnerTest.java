package io.jobwarden.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobwarden.engine.FieldError;
import io.jobwarden.engine.RunState;
import io.jobwarden.engine.ValidationErrors;
import io.jobwarden.engine.run.ActiveRun;
import io.jobwarden.engine.run.CancelReason;
import io.jobwarden.engine.run.TaskResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

@DisabledOnOs(OS.WINDOWS)
class ShellRunnerTest {
    private static final Duration GRACE = Duration.ofMillis(500);

    private final ShellRunner runner = new ShellRunner(GRACE);

    /** Every process a test saw, so that a failing test leaks nothing, not even what was re-parented away from us. */
    private final List<ProcessHandle> seen = new ArrayList<>();

    @AfterEach
    void leaveNoProcessBehind() {
        ProcessHandle.current().descendants().forEach(seen::add);
        seen.forEach(ProcessHandle::destroyForcibly);
    }

    @Test
    void exitZeroSucceedsWithStdoutAndStderrMerged() throws Exception {
        ActiveRun run = Runs.of("shell", Map.of("command", List.of("/bin/sh", "-c", "echo to-out; echo to-err >&2")));

        TaskResult result = runner.run(run);

        assertThat(result).isEqualTo(TaskResult.succeeded(0));
        assertThat(run.output().text()).isEqualTo("to-out\nto-err\n");
    }

    @Test
    void nonZeroExitFailsWithTheCodeAndTheLastOutputLine() throws Exception {
        ActiveRun run = Runs.of("shell", Map.of("shell", "echo working; echo 'disk full' >&2; exit 3"));

        TaskResult result = runner.run(run);

        assertThat(result.state()).isEqualTo(RunState.FAILED);
        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.error()).isEqualTo("exit code 3: disk full");
    }

    @Test
    void commandIsArgvWithoutAShell() throws Exception {
        ActiveRun run = Runs.of("shell", Map.of("command", List.of("/bin/echo", "$HOME", "a b", "*")));

        assertThat(runner.run(run).state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(run.output().text()).isEqualTo("$HOME a b *\n");
    }

    @Test
    void theFireIsInTheEnvironment() throws Exception {
        ActiveRun run = Runs.of(
                "shell",
                Map.of(
                        "shell",
                        "echo \"$JOBWARDEN_JOB_ID|$JOBWARDEN_FIRE_TIME|$JOBWARDEN_RUN_ID|$JOBWARDEN_ATTEMPT\""));

        runner.run(run);

        assertThat(run.output().text()).isEqualTo("nightly-report|2026-03-29T01:00:00Z|4711|2\n");
    }

    @Test
    void envIsMergedOverTheServiceEnvironmentButCannotFakeTheFire() throws Exception {
        Map<String, Object> env = Map.of("GREETING", "hello there", "PORT", 8080, "JOBWARDEN_RUN_ID", "1");
        ActiveRun run =
                Runs.of("shell", Map.of("shell", "echo \"$GREETING|$PORT|$JOBWARDEN_RUN_ID|$PATH\"", "env", env));

        runner.run(run);

        assertThat(run.output().text()).isEqualTo("hello there|8080|4711|" + System.getenv("PATH") + "\n");
    }

    @Test
    void runsInTheWorkdir(@TempDir Path dir) throws Exception {
        ActiveRun run = Runs.of("shell", Map.of("command", List.of("pwd", "-P"), "workdir", dir.toString()));

        assertThat(runner.run(run).state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(run.output().text().strip()).isEqualTo(dir.toRealPath().toString());
    }

    @Test
    void aMissingWorkdirFailsTheRunClearly(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("nope");
        ActiveRun run = Runs.of("shell", Map.of("command", List.of("pwd"), "workdir", missing.toString()));

        TaskResult result = runner.run(run);

        assertThat(result)
                .isEqualTo(TaskResult.failed(null, "workdir: " + missing + " does not exist or is not a directory"));
    }

    @Test
    void aProgramThatDoesNotExistFailsTheRunClearly() throws Exception {
        TaskResult result = runner.run(Runs.of("shell", Map.of("command", List.of("/no/such/program", "x"))));

        assertThat(result.state()).isEqualTo(RunState.FAILED);
        assertThat(result.exitCode()).isNull();
        assertThat(result.error())
                .startsWith("could not start /no/such/program: ")
                .contains("No such file");
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void aJobLeadsASessionOfItsOwnSoACtrlCForTheServiceNeverReachesIt() throws Exception {
        // Fields 1, 5 and 6 of /proc/PID/stat: pid, process group, session.
        ActiveRun run = Runs.of("shell", Map.of("shell", "awk '{print $1, $5, $6}' /proc/$$/stat"));

        TaskResult result = runner.run(run);

        assertThat(result.state()).isEqualTo(RunState.SUCCEEDED);
        String[] ids = run.output().text().trim().split(" ");
        assertThat(ids[1]).as("process group").isEqualTo(ids[0]);
        assertThat(ids[2]).as("session").isEqualTo(ids[0]);
        assertThat(Long.parseLong(ids[0])).isNotEqualTo(ProcessHandle.current().pid());
    }

    @Test
    void aProgramFoundOnlyAlongPathStartsAndOneMissingFromPathFailsClearly() throws Exception {
        TaskResult found = runner.run(Runs.of("shell", Map.of("command", List.of("true"))));
        TaskResult missing = runner.run(Runs.of("shell", Map.of("command", List.of("no-such-program-jw"))));

        assertThat(found.state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(missing.state()).isEqualTo(RunState.FAILED);
        assertThat(missing.exitCode()).isNull();
        assertThat(missing.error())
                .startsWith("could not start no-such-program-jw: ")
                .contains("No such file");
    }

    @Test
    void aChattyChildNeverBlocksAndTheLast64KiBAreKept() throws Exception {
        // Far more than a pipe buffer: a runner that read only after exit would deadlock here.
        ActiveRun run = Runs.of("shell", Map.of("shell", "head -c 3000000 /dev/zero | tr '\\0' x; echo; echo END"));

        TaskResult result = runner.run(run);

        assertThat(result.state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(run.output().totalBytes()).isEqualTo(3_000_000 + 1 + 4);
        String kept = run.output().text();
        assertThat(kept).hasSize(64 * 1024).endsWith("xxx\nEND\n");
    }

    @Test
    void stdinIsClosedSoAReaderDoesNotHang() throws Exception {
        ActiveRun run = Runs.of("shell", Map.of("shell", "cat; echo done"));

        assertThat(runner.run(run)).isEqualTo(TaskResult.succeeded(0));
        assertThat(run.output().text()).isEqualTo("done\n");
    }

    @Test
    void cancellingStopsTheWholeTreePolitelyFirst() throws Exception {
        // Background children, a nested shell with children of its own, and a foreground sleep.
        Runs.Background background = startShell("sleep 1000 & sh -c 'sleep 1000 & sleep 1000' & sleep 1000");
        List<ProcessHandle> tree = awaitSleeps(4);

        TaskResult result = background.cancel(CancelReason.TIMEOUT);

        assertThat(result.state()).isEqualTo(RunState.FAILED);
        assertThat(result.error()).isEqualTo("cancelled (TIMEOUT): the process tree was stopped");
        assertThat(result.exitCode()).as("the main process died of SIGTERM").isEqualTo(128 + 15);
        assertAllGone(tree);
        assertThat(OsProcesses.runningDescendants()).isEmpty();
    }

    @Test
    void aTreeThatIgnoresSigtermIsKilledAfterTheGrace() throws Exception {
        // An ignored signal stays ignored across fork and exec, so every process here shrugs off SIGTERM.
        Runs.Background background =
                startShell("trap '' TERM; sleep 1000 & sh -c 'sleep 1000 & sleep 1000' & sleep 1000; echo survived");
        List<ProcessHandle> tree = awaitSleeps(4);

        TaskResult result = background.cancel(CancelReason.SHUTDOWN);

        assertThat(result.exitCode()).as("the main process died of SIGKILL").isEqualTo(128 + 9);
        assertAllGone(tree);
        assertThat(OsProcesses.runningDescendants()).isEmpty();
        assertThat(background.run.output().text()).doesNotContain("survived");
    }

    @Test
    void childrenOrphanedByTheSigtermAreStillKilled() throws Exception {
        // The shell dies of SIGTERM at once; its children ignore it and are re-parented, out of the shell's
        // descendants.
        Runs.Background background =
                startShell("(trap '' TERM; exec sleep 1000) & (trap '' TERM; exec sleep 1000) & wait");
        List<ProcessHandle> sleeps =
                awaitSleeps(2).stream().filter(OsProcesses::isSleep).toList();

        background.cancel(CancelReason.TIMEOUT);

        assertThat(sleeps).hasSize(2);
        assertAllGone(sleeps);
    }

    @Test
    void theGraceLetsAJobCleanUp() throws Exception {
        // The shell runs its trap once the current short sleep is over, whichever of the two gets SIGTERM first.
        Runs.Background background =
                startShell("trap 'echo cleaning up; exit 0' TERM; echo ready; while :; do sleep 0.05; done");
        await().atMost(Runs.PATIENCE).until(() -> background.run.output().text().contains("ready"));

        TaskResult result = background.cancel(CancelReason.OPERATOR);

        assertThat(background.run.output().text()).contains("cleaning up");
        assertThat(result.exitCode()).isZero();
        assertThat(OsProcesses.runningDescendants()).isEmpty();
    }

    @Test
    void interruptingTheRunnerThreadStopsTheTree() throws Exception {
        Runs.Background background = startShell("sleep 1000 & sleep 1000");
        List<ProcessHandle> tree = awaitSleeps(2);

        background.thread.interrupt();

        TaskResult result = background.awaitResult();
        assertThat(result.error()).isEqualTo("interrupted: the process tree was stopped");
        assertThat(background.interruptedAfter)
                .as("the interrupt is kept for the caller")
                .isTrue();
        assertAllGone(tree);
    }

    @Test
    void aRunCancelledBeforeItStartsStartsNothing(@TempDir Path dir) throws Exception {
        Path marker = dir.resolve("started");
        ActiveRun run = Runs.of("shell", Map.of("command", List.of("touch", marker.toString())));
        run.cancel(CancelReason.SHUTDOWN);

        TaskResult result = runner.run(run);

        assertThat(result.error()).isEqualTo("cancelled (SHUTDOWN) before the process started");
        assertThat(marker).doesNotExist();
    }

    @Test
    void aBackgroundProcessOutlivingTheCommandDoesNotHoldTheRun() throws Exception {
        ActiveRun run = Runs.of("shell", Map.of("shell", "sleep 1000 & echo $!"));

        TaskResult result = runner.run(run);

        assertThat(result).isEqualTo(TaskResult.succeeded(0));
        long leftover = Long.parseLong(
                run.output().text().lines().findFirst().orElseThrow().strip());
        ProcessHandle.of(leftover).ifPresent(seen::add);
        assertThat(OsProcesses.isGone(leftover))
                .as("left running, as cron would")
                .isFalse();
    }

    @Test
    void invalidSettingsFailTheRunWithoutStartingAnything() throws Exception {
        TaskResult result = runner.run(Runs.of("shell", Map.of("command", "echo hi")));

        assertThat(result.state()).isEqualTo(RunState.FAILED);
        assertThat(result.error()).startsWith("invalid settings: command: must be a list of arguments");
    }

    @Test
    void validSettingsHaveNoErrors() {
        assertThat(errors(Map.of("command", List.of("/bin/sleep", 5)))).isEmpty();
        assertThat(errors(Map.of("shell", "echo hi", "workdir", "/tmp", "env", Map.of("A", "b", "DEBUG", true))))
                .isEmpty();
    }

    @Test
    void validationNamesEverySettingAndItsProblem() {
        assertThat(errors(Map.of())).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("command");
            assertThat(e.message()).startsWith("is required").contains("shell:");
        });
        assertThat(errors(Map.of("command", List.of("a"), "shell", "a")))
                .containsExactly(new FieldError(
                        "command", "give either command (a list of arguments) or shell (one command line), not both"));
        assertThat(errors(Map.of("command", "ls -l")))
                .singleElement()
                .satisfies(e -> assertThat(e.message())
                        .startsWith("must be a list of arguments")
                        .contains("use shell:"));
        assertThat(errors(Map.of("command", List.of())))
                .singleElement()
                .satisfies(e -> assertThat(e.message()).startsWith("must not be empty"));
        assertThat(errors(Map.of("command", List.of("ls", Map.of("a", 1)))))
                .singleElement()
                .isEqualTo(new FieldError("command[1]", "must be a string, not a map"));
        assertThat(errors(Map.of("command", List.of(" "))))
                .singleElement()
                .satisfies(e -> assertThat(e.field()).isEqualTo("command[0]"));
        assertThat(errors(Map.of("command", 42)))
                .singleElement()
                .satisfies(
                        e -> assertThat(e.message()).contains("must be a list").endsWith("not the number 42"));
        assertThat(errors(Map.of("shell", " ")))
                .singleElement()
                .satisfies(e -> assertThat(e.field()).isEqualTo("shell"));
        assertThat(errors(Map.of("shell", List.of("ls"))))
                .singleElement()
                .isEqualTo(new FieldError("shell", "must be a string, not a list"));
    }

    @Test
    void validationCollectsWorkdirEnvAndUnknownProblemsTogether() {
        Map<String, Object> settings = new HashMap<>();
        settings.put("command", List.of("ls"));
        settings.put("workdir", List.of("/tmp"));
        settings.put("env", Map.of("GOOD", "1", "BAD", List.of(1), "A=B", "x"));
        settings.put("comand", List.of("ls"));

        assertThat(errors(settings))
                .extracting(FieldError::field)
                .containsExactlyInAnyOrder("workdir", "env.BAD", "env.A=B", "comand");
        assertThat(errors(Map.of("command", List.of("ls"), "env", "A=B")))
                .singleElement()
                .isEqualTo(new FieldError("env", "must be a map of names to strings, not a string"));
        assertThat(errors(settings))
                .filteredOn(e -> e.field().equals("comand"))
                .singleElement()
                .satisfies(e -> assertThat(e.message())
                        .isEqualTo("is not a setting of a shell job; known settings: command, env, shell, workdir"));
    }

    @Test
    void validationErrorsNestUnderTheJobsPath() {
        ValidationErrors errors = new ValidationErrors();
        runner.validate(Map.of("command", "ls"), errors.at("jobs[2]"));

        assertThat(errors.list()).extracting(FieldError::field).containsExactly("jobs[2].command");
    }

    private List<FieldError> errors(Map<String, Object> settings) {
        ValidationErrors errors = new ValidationErrors();
        runner.validate(settings, errors);
        return errors.list();
    }

    private Runs.Background startShell(String script) {
        return Runs.start(runner, Runs.of("shell", Map.of("shell", script)));
    }

    private static void assertAllGone(List<ProcessHandle> processes) {
        assertThat(processes)
                .isNotEmpty()
                .allSatisfy(p -> assertThat(OsProcesses.isGone(p.pid()))
                        .as("pid %d gone", p.pid())
                        .isTrue());
    }

    /** Waits until this JVM runs {@code count} sleeps, then returns every process it runs (the job's tree). */
    private List<ProcessHandle> awaitSleeps(int count) {
        await().atMost(Runs.PATIENCE).until(() -> awaitable(count));
        List<ProcessHandle> tree = OsProcesses.runningDescendants();
        seen.addAll(tree);
        return tree;
    }

    private static boolean awaitable(int sleeps) {
        return OsProcesses.runningDescendants().stream()
                        .filter(OsProcesses::isSleep)
                        .count()
                >= sleeps;
    }
}
