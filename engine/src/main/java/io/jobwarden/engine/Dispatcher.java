package io.jobwarden.engine;

import io.jobwarden.api.Task;
import io.jobwarden.engine.run.ActiveRun;
import io.jobwarden.engine.run.CancelReason;
import io.jobwarden.engine.run.EnvSubstitution;
import io.jobwarden.engine.run.RunTextMask;
import io.jobwarden.engine.run.TaskResult;
import io.jobwarden.engine.run.TaskRunner;
import io.jobwarden.engine.run.UnsetVariableException;
import io.jobwarden.engine.spi.ClaimedRun;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts claimed runs on worker threads within each group's concurrency limit, watches their deadlines and hands
 * every outcome to the {@link RunRecorder} exactly once. A run whose task ignores cancellation is still running: it
 * keeps its slot, its fire lock and its RUNNING row until its thread really ends, so neither a retry nor the next
 * fire starts beside it; past the cancel grace it is reported stuck instead (docs/semantics.md#retry-and-timeout).
 */
final class Dispatcher {
    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
    /** How long a cancelled task gets to return before it is reported stuck. */
    static final Duration CANCEL_GRACE = Duration.ofSeconds(10);

    private final Map<String, TaskRunner> runners;
    private final Map<String, Task> tasks;
    private final Clock clock;
    private final ExecutorService threads;
    private final RunRecorder recorder;
    private final FireGuard guard;
    private final Duration guardTtl;
    private final EnvSubstitution substitution;
    private final RunTextMask mask;
    private final RunListener listener;
    /** Every run this node has claimed and not yet handed to the recorder: running, or waiting in its group's line. */
    private final ConcurrentHashMap<Long, Active> active = new ConcurrentHashMap<>();

    private final GroupSlots<Active> slots;
    /** While false, every run here reads as cancelled: this node can no longer vouch for its lease. */
    private volatile java.util.function.BooleanSupplier trusted = () -> true;

    private static final class Active {
        final ClaimedRun run;
        final ActiveRun context;
        /** When it started, or when it was to start while it waits (in line, or for its instant). */
        volatile Instant startedAt;

        volatile Instant deadline;
        /** When it was to start when claimed: the instant it was claimed ahead for, or the claim. */
        final Instant claimedStart;
        /** Waited in its group's line for a thread: its recorded start is moved on by the wait. */
        volatile boolean waited;
        /** Holds a worker thread of its group, to be passed on to the next run in line when it ends. */
        volatile boolean holdsThread;

        final AtomicBoolean recorded = new AtomicBoolean();
        volatile Instant cancelledAt;
        volatile FireGuard.Lease lease = FireGuard.Lease.NONE;
        volatile Instant nextRenewal;
        /** Stopped for a reason that is no fault of the job (its lock was lost): the fire is tried again regardless. */
        volatile boolean retryRegardless;
        /** Reported stuck: cancelled, and its task outlived the grace. */
        volatile boolean stuck;

        Active(ClaimedRun run, ActiveRun context, Instant startAt) {
            this.run = run;
            this.context = context;
            this.startedAt = startAt;
            this.claimedStart = startAt;
        }

        /** How much later than claimed it started, having waited in line. */
        Duration waitedFor() {
            Duration d = Duration.between(claimedStart, startedAt);
            return d.isNegative() ? Duration.ZERO : d;
        }

        /** The task is about to be called: its timeout counts from here. */
        void started(Instant at) {
            startedAt = at;
            deadline = run.spec().timeout() == null ? null : at.plus(run.spec().timeout());
        }

        String group() {
            return run.spec().group();
        }
    }

    Dispatcher(
            Map<String, GroupSpec> groups,
            Map<String, TaskRunner> runners,
            Map<String, Task> tasks,
            Clock clock,
            ExecutorService threads,
            RunRecorder recorder,
            FireGuard guard,
            Duration guardTtl,
            EnvSubstitution substitution,
            RunTextMask mask,
            RunListener listener,
            Duration lineHorizon) {
        this.slots = new GroupSlots<>(groups, lineHorizon, clock, a -> a.startedAt);
        this.runners = runners;
        this.tasks = tasks;
        this.clock = clock;
        this.threads = threads;
        this.recorder = recorder;
        this.guard = guard;
        this.guardTtl = guardTtl;
        this.substitution = substitution;
        this.mask = mask;
        this.listener = listener;
    }

    /** Per group, how many more runs a claim may take now: free threads, and free places in the group's line. */
    Map<String, Integer> freeSlots() {
        return slots.free();
    }

    /** Runs in hand: running, waiting for their instant, or waiting in line for a thread. */
    int running() {
        return active.size();
    }

    /** Set once, by the loop that renews the lease: runs read as cancelled the moment it lapses. */
    void trustRunsWhile(java.util.function.BooleanSupplier leaseTrusted) {
        this.trusted = leaseTrusted;
    }

    /** Cancelled runs whose task has not returned within the grace: still running, still holding their slot. */
    int stuck() {
        int n = 0;
        for (Active a : active.values()) if (a.stuck) n++;
        return n;
    }

    /**
     * Every run this node has in hand: claimed and not ended, or ended with its outcome not yet written. Read in that
     * order, since a run moves from the first to the second, so none is missed on the way.
     */
    java.util.Set<Long> knownRuns() {
        java.util.Set<Long> known = new java.util.HashSet<>(active.keySet());
        known.addAll(recorder.unwrittenRuns());
        return known;
    }

    void dispatch(ClaimedRun run) {
        dispatch(run, clock.instant());
    }

    /**
     * Starts {@code run} at {@code startAt} on this node's clock, or at once when that has passed; when every thread
     * of its group is taken, it waits in the group's line ({@link GroupSlots}) and starts on the next thread that
     * frees. A run claimed ahead of its instant, or waiting in line, holds its RUNNING row from now on, like a running
     * one; one claimed ahead waits for the instant on its worker thread (no store round trip between the instant and
     * the task). Either starts the task only if it has not been cancelled meanwhile and the lease is still trusted.
     * Otherwise the fire is handed back: recorded as never started and tried again whatever the retry policy says.
     */
    void dispatch(ClaimedRun run, Instant startAt) {
        Instant now = clock.instant();
        Active a = new Active(
                run,
                new ActiveRun(run.spec(), run.fireAt(), run.runId(), run.attempt(), () -> !trusted.getAsBoolean()),
                startAt.isAfter(now) ? startAt : now);
        active.put(run.runId(), a);
        // Set before it can be seen in line, where another thread may take it at once.
        a.waited = true;
        if (!slots.takeOrWait(a.group(), a)) return;
        a.waited = false;
        a.holdsThread = true;
        if (!begin(a)) passThreadOn(a.group());
    }

    /**
     * Takes the run's fire lock and starts it on a worker thread, waiting for its instant when that is ahead.
     *
     * @return false when it could not be started (and was recorded so): the thread it holds is free for the next
     */
    private boolean begin(Active a) {
        ClaimedRun run = a.run;
        // Recorded while in line by the last step of a stop: nothing may start.
        if (a.recorded.get()) return false;
        if (a.cancelledAt != null || !trusted.getAsBoolean()) {
            handBack(a);
            return false;
        }
        Instant now = clock.instant();
        if (a.waited) {
            // Out of the line: its instant, when it had one, is what it waited for.
            a.startedAt = a.startedAt.isAfter(now) ? a.startedAt : now;
        }
        long waitNanos = Math.max(0, Duration.between(now, a.startedAt).toNanos());
        FireGuard.Lease lease = guard.acquire(run, guardTtl);
        if (lease == null) {
            log.warn(
                    "run {} of job {}: the fire lock could not be taken; the fire will be tried again",
                    run.runId(),
                    run.jobId());
            record(
                    a,
                    new TaskResult(
                            RunState.CANCELLED,
                            null,
                            "not started: the fire lock was held elsewhere or could not be reached"),
                    true);
            return false;
        }
        a.lease = lease;
        a.nextRenewal = now.plus(guardTtl.dividedBy(3));
        if (waitNanos == 0) {
            a.started(now);
            recorder.started(run, now);
        }
        try {
            threads.execute(waitNanos == 0 ? () -> execute(a) : () -> startOnTime(a, waitNanos));
            return true;
        } catch (RuntimeException rejected) {
            record(a, new TaskResult(RunState.CANCELLED, null, "not started: the engine is stopping"), true);
            return false;
        }
    }

    /** The thread a run held is free: the next run of its group in line starts on it, or it is given back. */
    private void passThreadOn(String group) {
        for (Active next; (next = slots.next(group)) != null; ) {
            next.holdsThread = true;
            if (begin(next)) return;
        }
    }

    /**
     * Waits on the run's own thread, measured on the monotonic timer rather than by reading the clock again: a clock
     * that a test holds still must not keep a run from ever starting.
     */
    private void startOnTime(Active a, long waitNanos) {
        long until = System.nanoTime() + waitNanos;
        Thread self = Thread.currentThread();
        for (long left = waitNanos; left > 0; left = until - System.nanoTime()) {
            if (a.cancelledAt != null || a.recorded.get() || self.isInterrupted()) break;
            LockSupport.parkNanos(left);
        }
        // Recorded meanwhile by the last step of a stop: nothing may start, but the thread still goes to the next in
        // line.
        if (a.recorded.get()) {
            finish(a);
            return;
        }
        if (a.cancelledAt != null || !trusted.getAsBoolean() || self.isInterrupted()) {
            handBack(a);
            finish(a);
            return;
        }
        a.started(a.startedAt);
        recorder.started(a.run, a.startedAt);
        execute(a);
    }

    /**
     * Records a run that never started. Stopped by an operator: done, as a cancelled running run is. Otherwise (fenced,
     * lease lapsed, engine stopping) the node gives the fire back.
     */
    private void handBack(Active a) {
        boolean byOperator = a.context.cancelReason() == CancelReason.OPERATOR;
        record(a, new TaskResult(RunState.CANCELLED, null, notStartedWhy(byOperator)), !byOperator);
    }

    private String notStartedWhy(boolean byOperator) {
        if (byOperator) return "cancelled before it started (it was claimed ahead of its instant or of a free thread)";
        String why = trusted.getAsBoolean() ? "the engine stopped" : "this node lost its lease";
        return "not started: " + why + " before the run could start; the fire will be tried again";
    }

    private void execute(Active a) {
        Thread thread = Thread.currentThread();
        String oldName = thread.getName();
        thread.setName("run-" + a.run.jobId() + "-" + a.run.runId());
        TaskResult result;
        long began = System.nanoTime();
        try {
            result = runTask(a);
        } catch (Throwable t) {
            // A job's failure must never take a worker thread or the engine down with it; OOM included.
            result = TaskResult.failed(null, LambdaRunner.stackTrace(t));
        } finally {
            thread.setName(oldName);
        }
        slots.ran(a.group(), System.nanoTime() - began);
        record(a, result, false);
        finish(a);
    }

    private TaskResult runTask(Active a) throws Exception {
        try {
            a.context.substituted(substitution.apply(a.run.spec().settings()));
        } catch (UnsetVariableException e) {
            return TaskResult.failed(null, e.getMessage());
        }
        Task task = tasks.get(a.run.jobId());
        if (task != null) return LambdaRunner.run(task, a.context);
        TaskRunner runner = runners.get(a.run.spec().type());
        if (runner == null) {
            return TaskResult.failed(
                    null, "no runner for job type '" + a.run.spec().type() + "' on this node");
        }
        return runner.run(a.context);
    }

    /** @param notStarted the task never ran: its fire is retried whatever the retry policy says */
    /** The run has ended or was given up: the thread it held, if any, goes to the next run of its group in line. */
    private void finish(Active a) {
        if (a.holdsThread) passThreadOn(a.group());
    }

    /** @param notStarted the task never ran: its fire is retried whatever the retry policy says */
    private void record(Active a, TaskResult result, boolean notStarted) {
        if (!a.recorded.compareAndSet(false, true)) return;
        a.lease.release();
        if (a.stuck) {
            log.warn(
                    "stuck run {} of job {} ended at last, {} after it was cancelled",
                    a.run.runId(),
                    a.run.jobId(),
                    Durations.format(Duration.between(a.cancelledAt, clock.instant())));
            listener.stuckRunEnded(a.run);
        }
        CancelReason reason = a.context.cancelReason();
        if (reason == null && !trusted.getAsBoolean()) {
            // The run read as cancelled because the lease lapsed, and ended before the watchdog got round to fencing:
            // recorded as the fencing records it (through no fault of the job, retried whatever the policy says),
            // not as a failure of its own that the retry policy may never retry.
            reason = CancelReason.SHUTDOWN;
            a.retryRegardless = true;
        }
        RunState state = reason != null ? reason.recordedAs() : result.state();
        String error = result.error();
        if (reason == CancelReason.TIMEOUT) {
            error = "timed out after " + Durations.format(a.run.spec().timeout()) + (error == null ? "" : "\n" + error);
        } else if (reason != null && error == null) {
            error = "cancelled: " + reason.name().toLowerCase(java.util.Locale.ROOT);
        }
        // Masked here, before the recorder, so the store, the log and alerts all get the masked text.
        recorder.finished(
                a.run,
                a.startedAt,
                clock.instant(),
                state,
                result.exitCode(),
                mask.apply(a.context.output().text(), a.context.substitutedValues()),
                mask.apply(error, a.context.substitutedValues()),
                notStarted || a.retryRegardless,
                a.waited ? a.run.startAt().plus(a.waitedFor()) : null);
        // Freed only once the outcome is handed over: a run is always counted as running or as unwritten, never as
        // neither, so whoever waits for the engine to be idle (a stop, a stepped test) cannot see it idle too early.
        active.remove(a.run.runId());
    }

    /**
     * Cancels runs past their deadline and records cancelled runs whose task did not return within the grace.
     *
     * @return the earliest deadline still ahead, so the loop can wake for it
     */
    Optional<Instant> enforceDeadlines(Instant now) {
        Instant earliest = null;
        for (Active a : active.values()) {
            // Renewed while cancelled too: a task that has not returned still runs, and its fire stays locked.
            if (a.nextRenewal != null && !now.isBefore(a.nextRenewal)) {
                if (a.lease.renew(guardTtl)) {
                    a.nextRenewal = now.plus(guardTtl.dividedBy(3));
                } else if (a.cancelledAt == null) {
                    log.warn(
                            "run {} of job {} lost its fire lock; stopping it so no other node runs the fire beside it",
                            a.run.runId(),
                            a.run.jobId());
                    a.retryRegardless = true;
                    cancel(a, CancelReason.SHUTDOWN, now);
                } else {
                    a.nextRenewal = now.plus(guardTtl.dividedBy(3));
                }
            }
            if (a.nextRenewal != null) earliest = min(earliest, a.nextRenewal);
            if (a.cancelledAt != null) {
                if (a.stuck) continue;
                if (!now.isBefore(a.cancelledAt.plus(CANCEL_GRACE))) {
                    a.stuck = true;
                    log.warn(
                            "run {} of job {} did not stop within {} of being cancelled; it is stuck and still counts as"
                                    + " running: it keeps its slot and its fire until its task returns",
                            a.run.runId(),
                            a.run.jobId(),
                            Durations.format(CANCEL_GRACE));
                    listener.runStuck(a.run, Duration.between(a.cancelledAt, now));
                } else {
                    earliest = min(earliest, a.cancelledAt.plus(CANCEL_GRACE));
                }
            } else if (a.deadline != null) {
                if (!now.isBefore(a.deadline)) {
                    cancel(a, CancelReason.TIMEOUT, now);
                    earliest = min(earliest, now.plus(CANCEL_GRACE));
                } else {
                    earliest = min(earliest, a.deadline);
                }
            }
        }
        return Optional.ofNullable(earliest);
    }

    /** False while the fire guard cannot be reached: the node must not claim. */
    boolean guardReady() {
        return guard.ready();
    }

    void cancelAll(CancelReason reason) {
        Instant now = clock.instant();
        for (Active a : active.values()) cancel(a, reason, now);
    }

    /**
     * Self-fencing: cancels every run, to be retried shortly whatever the policy says (stopped through no fault of the
     * job); if another node took a run over meanwhile, the store refuses this outcome and keeps the takeover's.
     */
    int fence() {
        Instant now = clock.instant();
        int n = 0;
        for (Active a : active.values()) {
            if (a.cancelledAt != null) continue;
            a.retryRegardless = true;
            cancel(a, CancelReason.SHUTDOWN, now);
            n++;
        }
        return n;
    }

    /** Cancels the active runs whose ids are not in {@code keep}; returns how many it cancelled. */
    int cancelAllBut(java.util.Set<Long> keep, CancelReason reason) {
        Instant now = clock.instant();
        int n = 0;
        for (Active a : active.values()) {
            if (keep.contains(a.run.runId())) continue;
            cancel(a, reason, now);
            n++;
        }
        return n;
    }

    /** Records every run still active as cancelled, without waiting for its task: the last step of a stop. */
    void abandonWaiting(String why) {
        for (Active a : active.values()) {
            if (slots.withdraw(a.group(), a)) record(a, new TaskResult(RunState.CANCELLED, null, why), true);
            else record(a, new TaskResult(RunState.CANCELLED, null, why), false);
        }
    }

    private void cancel(Active a, CancelReason reason, Instant now) {
        if (a.cancelledAt != null) return;
        a.cancelledAt = now;
        if (slots.withdraw(a.group(), a)) {
            // Still in line: it never starts, and its fire is given back (the outcome's log line says so).
            a.context.cancel(reason);
            handBack(a);
            return;
        }
        log.info(
                "cancelling run {} of job {}: {}",
                a.run.runId(),
                a.run.jobId(),
                reason.name().toLowerCase(java.util.Locale.ROOT));
        a.context.cancel(reason);
    }

    private static Instant min(Instant a, Instant b) {
        return a == null || b.isBefore(a) ? b : a;
    }
}
