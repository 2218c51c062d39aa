package io.jobwarden.engine;

import io.jobwarden.engine.run.CancelReason;
import io.jobwarden.engine.spi.ClaimRequest;
import io.jobwarden.engine.spi.ClaimedRun;
import io.jobwarden.engine.spi.JobStore;
import io.jobwarden.engine.spi.NodeInfo;
import io.jobwarden.engine.spi.RetryDecider;
import io.jobwarden.engine.spi.RunRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's heartbeat and its one scheduling thread. Each pass enforces deadlines, plans and claims the fires due
 * within a short horizon ahead, as many as the groups' free threads and lines take ({@link GroupSlots}), and dispatches
 * them to start on their instants; then
 * it sleeps until the horizon before the next fire, the next poll, the next deadline, or a wake-up (a job added, a
 * run recorded). Renewing the node's lease and recovering dead nodes' runs happen on their
 * own cadence in the same thread, so a node that cannot schedule also stops looking alive.
 */
final class FireLoop {
    private static final Logger log = LoggerFactory.getLogger(FireLoop.class);
    private static final int PLAN_BATCH = 500;
    /**
     * Small, so that a backlog's first fires are claimed after a short transaction; no more than the free threads
     * can take either, since a node whose runs are not yet timed claims no further ahead (GroupSlots). In a node
     * just started, reading fifty definitions and parsing their schedules, still interpreted, for forty fires that
     * could not start yet was a fair part of the first pickup: its median went from 202 to 156 ms with ten
     * (bench/RESULTS.md, round four).
     */
    private static final int FIRST_PLAN_BATCH = 50;

    private static final int MAX_PLAN_BATCHES = 100;

    private final JobStore store;
    private final EngineSettings settings;
    private final Clock clock;
    private final SchedulePlanner planner;
    private final Dispatcher dispatcher;
    private final RetryDecider retries;
    private final RunListener listener;
    private final NodeInfo node;
    private final WakeSignal wake;
    private final LeaseWatchdog watchdog;
    /** How long before their instant fires are planned and claimed; zero for a stepped node. */
    private final Duration ahead;
    /**
     * How far this node's clock is ahead of the database's, at most (zero when behind); from the last reading of the
     * database's clock. A fire claimed ahead, due at T on the database's clock, starts at T plus this on this node's.
     */
    private volatile Duration clockLead = Duration.ZERO;

    private volatile boolean claiming = true;
    private volatile boolean leaseValid;
    private volatile boolean running;
    private volatile Instant lastPass;
    private Instant nextHeartbeat = Instant.MIN;
    private Thread thread;
    private Runnable onPass = () -> {};

    FireLoop(
            JobStore store,
            EngineSettings settings,
            Clock clock,
            SchedulePlanner planner,
            Dispatcher dispatcher,
            RetryDecider retries,
            RunListener listener,
            NodeInfo node,
            WakeSignal wake,
            LeaseWatchdog watchdog,
            Duration ahead) {
        this.store = store;
        this.settings = settings;
        this.clock = clock;
        this.planner = planner;
        this.dispatcher = dispatcher;
        this.retries = retries;
        this.listener = listener;
        this.node = node;
        this.wake = wake;
        this.watchdog = watchdog;
        this.ahead = ahead;
        dispatcher.trustRunsWhile(() -> !watchdog.lapsed());
    }

    /** Called after every pass, e.g. to tell a supervisor this worker is alive (a hung loop stops the beats). */
    void onPass(Runnable action) {
        this.onPass = action;
    }

    void start() {
        running = true;
        thread = new Thread(this::loop, "jobwarden-scheduler");
        thread.setDaemon(true);
        thread.start();
        long margin = LeaseWatchdog.margin(settings.lease()).toMillis();
        watchdog.start(Duration.ofMillis(Math.max(10, Math.min(250, margin / 5))));
    }

    void stopThread() {
        running = false;
        watchdog.stop();
        wakeUp();
        if (thread != null && thread != Thread.currentThread()) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    void setClaiming(boolean on) {
        claiming = on;
        wakeUp();
    }

    boolean claiming() {
        return claiming;
    }

    /** False before the first renewal, and while this node has fenced itself for want of one. */
    boolean leaseValid() {
        return leaseValid && !watchdog.fenced();
    }

    Instant lastPass() {
        return lastPass;
    }

    void wakeUp() {
        wake.wakeUp();
    }

    private void loop() {
        while (running) {
            Duration sleep = settings.pollInterval();
            try {
                Instant wakeAt = pass();
                if (wakeAt != null) {
                    Duration untilDeadline = Duration.between(clock.instant(), wakeAt);
                    if (untilDeadline.compareTo(sleep) < 0)
                        sleep = untilDeadline.isNegative() ? Duration.ZERO : untilDeadline;
                }
            } catch (RuntimeException e) {
                log.error(
                        "scheduler pass failed; trying again in {}: {}",
                        Durations.format(settings.pollInterval()),
                        e.toString());
            }
            onPass.run();
            await(sleep);
        }
    }

    /**
     * One pass; a {@link SteppedNode} runs it on its caller's thread, so tests drive the engine with their own clock.
     *
     * @return when the next pass is wanted (a run deadline or the next due fire), or null for the poll interval
     */
    Instant pass() {
        Instant now = clock.instant();
        RuntimeException heartbeatFailed = null;
        try {
            heartbeatIfDue(now);
        } catch (RuntimeException e) {
            heartbeatFailed = e;
        }
        // Even without the database: timeouts are enforced and fire locks renewed, or runs overrun and locks lapse.
        Instant wakeAt = dispatcher.enforceDeadlines(now).orElse(null);
        if (heartbeatFailed != null) throw heartbeatFailed;
        if (claiming && leaseValid && !watchdog.lapsed() && dispatcher.guardReady()) {
            Instant shared = notAheadOfDatabase(now);
            planAndClaim(shared);
            // Wake for the next fire ahead; one due and waiting (slots full, queued) wakes the loop when a run ends.
            // Found on the database's clock, slept for on this node's.
            Instant due = store.nextDue(shared)
                    .map(d -> wakeFor(d, shared).plus(clockLead))
                    .orElse(null);
            if (due != null && (wakeAt == null || due.isBefore(wakeAt))) wakeAt = due;
        }
        lastPass = now;
        return wakeAt;
    }

    /**
     * A fire beyond the horizon is woken for {@link #ahead} before it, to be claimed ahead. One already within it was
     * not claimed this pass (its slots are full, or a run of its job is in progress): it is woken for at its instant,
     * when its overlap policy decides it.
     */
    private Instant wakeFor(Instant due, Instant shared) {
        return due.isAfter(shared.plus(ahead)) ? due.minus(ahead) : due;
    }

    /**
     * Also called between the batches of a long pass: a node busy working off a backlog is alive, and must not let
     * its lease lapse (its runs would be declared ABANDONED and retried elsewhere while they still run here).
     */
    private void heartbeatIfDue(Instant now) {
        // A node whose lease lapsed (fenced, or not yet) tries at every pass: the sooner it renews, the sooner it
        // works again.
        if (now.isBefore(nextHeartbeat) && !watchdog.lapsed()) return;
        renewLease();
        recover(now);
        reconcileOwnRuns(now);
        nextHeartbeat = now.plus(settings.heartbeatInterval());
    }

    private void renewLease() {
        long started = watchdog.renewalStarting();
        boolean valid = store.heartbeat(
                new NodeInfo(
                        node.nodeId(), node.name(), node.host(), node.startedAt(), null, null, dispatcher.running()),
                settings.lease());
        if (!valid && leaseValid) {
            // The lease is live again from here on, so runs the store still has RUNNING on this node can no longer
            // be recovered elsewhere: they keep running. Only those already taken over (ABANDONED) are stopped.
            Set<Long> stillOurs = new HashSet<>();
            for (RunRecord r : store.runningRuns()) if (node.nodeId().equals(r.nodeId())) stillOurs.add(r.runId());
            int cancelled = dispatcher.cancelAllBut(stillOurs, CancelReason.SHUTDOWN);
            log.error(
                    "this node's lease had expired before it was renewed (a long pause or a lost database connection); "
                            + "{} of its runs had been recovered by other nodes and are cancelled here, {} keep running",
                    cancelled,
                    stillOurs.size());
            listener.leaseLost();
        }
        leaseValid = true;
        watchdog.renewed(started);
    }

    private void recover(Instant now) {
        List<RunRecord> abandoned = store.recoverAbandoned(node, retries, now);
        if (!abandoned.isEmpty()) {
            for (RunRecord r : abandoned) {
                log.warn(
                        "run {} of job {} (fire {}, attempt {}) on node {} was ABANDONED: its node stopped without recording an outcome",
                        r.runId(),
                        r.jobId(),
                        r.fireAt(),
                        r.attempt(),
                        r.nodeId());
            }
            listener.runsAbandoned(abandoned);
        }
    }

    /**
     * A claim whose commit went through but whose acknowledgement was lost left RUNNING rows this node never
     * started and nobody else will ever finish (under {@code queue} the job would never run again). Those older than
     * a lease, so that no claim still on its way to the dispatcher counts, are recorded ABANDONED and retried.
     */
    private void reconcileOwnRuns(Instant now) {
        List<RunRecord> unknown = store.abandonUnknownRuns(
                node.nodeId(), dispatcher.knownRuns(), now.minus(settings.lease()), retries, now);
        if (unknown.isEmpty()) return;
        for (RunRecord r : unknown) {
            log.warn(
                    "run {} of job {} (fire {}, attempt {}) was RUNNING on this node in the store but never started here"
                            + " (a claim whose commit acknowledgement was lost); recorded ABANDONED",
                    r.runId(),
                    r.jobId(),
                    r.fireAt(),
                    r.attempt());
        }
        listener.runsAbandoned(unknown);
    }

    /**
     * Plans and claims in step: with a backlog of thousands of due jobs the first fire starts after one small planning
     * transaction rather than after all of them. While more is left to plan, each batch is followed by one claim of
     * what is planned so far, so the backlog is soon planned whole and priority again decides among all of it; once
     * planning is done, claiming goes on while it fills the free slots. Bounded: one pass never plans forever.
     */
    private void planAndClaim(Instant passStart) {
        Instant now = passStart;
        for (int i = 0; i < MAX_PLAN_BATCHES; i++) {
            int batch = i == 0 ? firstPlanBatch() : PLAN_BATCH;
            int planned = store.planDue(now, now.plus(ahead), batch, planner);
            boolean morePlanning = planned == batch;
            claimAndDispatch(now, morePlanning);
            if (!morePlanning || (!running && thread != null)) return;
            now = clock.instant();
            heartbeatIfDue(now);
            if (!claiming || watchdog.lapsed()) return;
            now = notAheadOfDatabase(now);
        }
    }

    private int firstPlanBatch() {
        return Math.max(1, Math.min(FIRST_PLAN_BATCH, total(dispatcher.freeSlots())));
    }

    private static int total(Map<String, Integer> freeSlots) {
        return freeSlots.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** @param once one claim only (more of the backlog is waiting to be planned) */
    private void claimAndDispatch(Instant passStart, boolean once) {
        Instant now = passStart;
        boolean first = true;
        while (claiming && !watchdog.lapsed()) {
            Map<String, Integer> free = dispatcher.freeSlots();
            int total = total(free);
            if (total == 0) return;
            int limit = Math.min(total, settings.claimBatch());
            // Each claim at its own time: a run's recorded start decides overlap for fires that come due meanwhile.
            // After the first, the store holds the claim to its own clock in the claim's own transaction (the
            // lease check reads that clock anyway), which saves a round trip per claim while draining a backlog.
            List<ClaimedRun> claimed = store.claim(new ClaimRequest(node.nodeId(), now, free, limit, !first, ahead));
            first = false;
            Duration lead = clockLead;
            for (ClaimedRun run : claimed)
                dispatcher.dispatch(run, run.startAt().plus(lead));
            if (once || claimed.size() < limit) return;
            now = clock.instant();
            heartbeatIfDue(now);
        }
    }

    /**
     * Whether a fire is due, and the start of a run that overlap decisions compare later fires with, are decisions
     * every node must agree on: a node whose clock is fast must not start fires early, so it plans and claims on the
     * database's clock instead. A node whose clock is behind plans and claims a little late, never early.
     */
    private Instant notAheadOfDatabase(Instant now) {
        Instant database = store.databaseNow();
        // Read after the answer: the lead it gives is never less than the real one, so a claimed-ahead fire never
        // starts before its instant on the database's clock; at most a round trip after it.
        Duration lead = Duration.between(database, clock.instant());
        clockLead = lead.isNegative() ? Duration.ZERO : lead;
        return database.isBefore(now) ? database : now;
    }

    private void await(Duration sleep) {
        if (!running) return;
        try {
            wake.sleep(sleep);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
