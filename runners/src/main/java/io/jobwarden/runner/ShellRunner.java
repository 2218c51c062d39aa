package io.jobwarden.runner;

import io.jobwarden.engine.ValidationErrors;
import io.jobwarden.engine.run.CancelReason;
import io.jobwarden.engine.run.RunContext;
import io.jobwarden.engine.run.TaskResult;
import io.jobwarden.engine.run.TaskRunner;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@code shell} job: starts its command as a child process with an environment built by
 * {@link ShellEnvironment} (not the service's own, which holds its secrets),
 * keeps its merged stdout and stderr, and maps its exit code to the outcome. Cancelling stops the whole process tree.
 *
 * <p>A process that the job started in the background and that outlives the job's main process is left running, as
 * cron would; only cancellation (timeout, shutdown, operator) stops the tree.
 */
public final class ShellRunner implements TaskRunner {
    public static final String TYPE = "shell";
    /** How long a cancelled tree gets between SIGTERM and SIGKILL: enough to flush and clean up, short enough for a stop. */
    public static final Duration DEFAULT_KILL_GRACE = Duration.ofSeconds(3);
    /** How long to wait for the output pipe to close after the main process exited. */
    static final Duration OUTPUT_DRAIN = Duration.ofSeconds(1);

    private static final Duration EXIT_REAP = Duration.ofSeconds(2);
    private static final int LAST_LINE_LIMIT = 200;
    private static final Logger log = LoggerFactory.getLogger(ShellRunner.class);

    private final Duration killGrace;
    private final ProcessLedger ledger;
    private final ShellEnvironment environment;
    private final boolean windows;
    private final NewSession session;

    public ShellRunner() {
        this(DEFAULT_KILL_GRACE);
    }

    public ShellRunner(Duration killGrace) {
        this(killGrace, null);
    }

    /** @param ledger where running processes are noted so a later worker can kill what a dead one left; null for none */
    public ShellRunner(Duration killGrace, ProcessLedger ledger) {
        this(killGrace, ledger, ShellEnvironment.ofProcess());
    }

    /** @param environment what a job's process starts with besides its own env */
    public ShellRunner(Duration killGrace, ProcessLedger ledger, ShellEnvironment environment) {
        if (killGrace.isNegative()) throw new IllegalArgumentException("killGrace must not be negative: " + killGrace);
        this.killGrace = killGrace;
        this.ledger = ledger;
        this.environment = environment;
        this.windows = System.getProperty("os.name", "").startsWith("Windows");
        this.session = NewSession.detect(windows);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public void validate(Map<String, Object> settings, ValidationErrors errors) {
        ShellCommand.read(settings, errors, windows);
    }

    @Override
    public TaskResult run(RunContext context) {
        ValidationErrors errors = new ValidationErrors();
        ShellCommand command = ShellCommand.read(context.settings(), errors, windows);
        if (command == null) return TaskResult.failed(null, "invalid settings: " + SettingsReader.summary(errors));
        if (context.isCancelled())
            return TaskResult.failed(null, "cancelled (" + context.cancelReason() + ") before the process started");

        ProcessBuilder builder = new ProcessBuilder(session.argv(command.argv())).redirectErrorStream(true);
        Path dir = null;
        if (command.workdir() != null) {
            dir = directory(command.workdir());
            if (dir == null) {
                return TaskResult.failed(
                        null, "workdir: " + command.workdir() + " does not exist or is not a directory");
            }
            builder.directory(dir.toFile());
        }
        builder.environment().clear();
        builder.environment().putAll(environment.build(command.env(), context.fireVariables()));
        if (session.available()) {
            String program = command.argv().get(0);
            String why = NewSession.whyNotExecutable(
                    program, dir, builder.environment().get("PATH"));
            if (why != null) return TaskResult.failed(null, "could not start " + program + ": " + why);
        }

        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            return TaskResult.failed(null, "could not start " + command.argv().get(0) + ": " + e.getMessage());
        }
        try {
            process.getOutputStream().close(); // no stdin: a job that reads it sees end of input instead of hanging
        } catch (IOException e) {
            // The child may already have exited; it has no input either way.
        }
        OutputPump pump = new OutputPump(
                        process.getInputStream(),
                        context.output(),
                        "jobwarden-output-" + context.jobId() + "-" + context.runId())
                .start();
        if (ledger != null) ledger.record(context.runId(), process.toHandle());
        try {
            return await(process, pump, context);
        } finally {
            if (ledger != null) ledger.forget(context.runId());
        }
    }

    private TaskResult await(Process process, OutputPump pump, RunContext context) {
        ProcessTree tree = new ProcessTree(process.toHandle());
        CompletableFuture<Void> cancelled = new CompletableFuture<>();
        // Only the polite signal runs on the cancelling thread; the wait and SIGKILL happen on this one.
        context.onCancel(() -> {
            cancelled.complete(null);
            tree.terminate();
        });
        boolean interrupted = false;
        try {
            CompletableFuture.anyOf(process.onExit(), cancelled).get();
        } catch (InterruptedException e) {
            interrupted = true;
        } catch (ExecutionException e) {
            throw new IllegalStateException("neither future completes exceptionally", e);
        }
        // The reason is recorded before the cancel actions run, so this also covers a tree that died of the SIGTERM
        // before the wait above noticed the cancel.
        boolean wasCancelled = context.isCancelled();
        if (interrupted || wasCancelled) {
            String why =
                    interrupted ? "the runner thread was interrupted" : "cancelled (" + context.cancelReason() + ")";
            stopTree(tree, context, why);
        }
        if (!interrupted && !pump.awaitEnd(OUTPUT_DRAIN)) {
            context.out()
                    .println("[jobwarden] the command exited, but a process it started in the background still holds "
                            + "its output open; later output may be missing");
        }
        Integer exit = exitCode(process);
        if (interrupted) {
            Thread.currentThread().interrupt();
            return TaskResult.failed(exit, "interrupted: the process tree was stopped");
        }
        if (wasCancelled) {
            CancelReason reason = context.cancelReason();
            return TaskResult.failed(exit, "cancelled (" + reason + "): the process tree was stopped");
        }
        if (exit != null && exit == 0) return TaskResult.succeeded(0);
        return TaskResult.failed(exit, "exit code " + exit + lastLine(context));
    }

    private void stopTree(ProcessTree tree, RunContext context, String why) {
        PrintStream out = context.out();
        out.println("[jobwarden] " + why + ": stopping the process tree (grace " + killGrace.toMillis() + " ms)");
        List<ProcessHandle> survivors = tree.stop(killGrace);
        if (!survivors.isEmpty()) {
            String pids = survivors.stream().map(h -> Long.toString(h.pid())).collect(Collectors.joining(", "));
            out.println("[jobwarden] could not stop processes " + pids);
            log.warn("Job {} run {}: processes {} survived SIGKILL", context.jobId(), context.runId(), pids);
        }
    }

    /**
     * The exit code, once Java has reaped the process: the tree can be seen gone (a zombie) a moment before that.
     * Null if it survived even SIGKILL.
     */
    private static Integer exitCode(Process process) {
        boolean interrupted = Thread.interrupted();
        try {
            return process.waitFor(EXIT_REAP.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : null;
        } catch (InterruptedException e) {
            interrupted = true;
            return process.isAlive() ? null : process.exitValue();
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    private static Path directory(String workdir) {
        try {
            Path dir = Path.of(workdir);
            return Files.isDirectory(dir) ? dir : null;
        } catch (InvalidPathException e) {
            return null;
        }
    }

    /** The last non-blank output line, so a failure's cause shows where only the error text is displayed. */
    private static String lastLine(RunContext context) {
        String text = context.output().text().stripTrailing();
        if (text.isEmpty()) return "";
        String line = text.substring(text.lastIndexOf('\n') + 1).strip();
        if (line.length() > LAST_LINE_LIMIT) line = line.substring(0, LAST_LINE_LIMIT) + "...";
        return line.isEmpty() ? "" : ": " + line;
    }
}
