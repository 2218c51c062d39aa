package io.jobwarden.supervisor;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Decides how long to wait before the next restart and whether the worker is in a crash loop.
 * Pure bookkeeping on an injected clock, so it is tested without sleeping.
 */
final class RestartPolicy {
    static final int CRASH_LOOP_RESTARTS = 5;
    static final Duration CRASH_LOOP_WINDOW = Duration.ofMinutes(10);

    /** What to do about a worker that ended abnormally. */
    record Decision(Duration delay, int restartNumber, boolean crashLoop) {}

    private final Duration restartDelay;
    private final Duration maxRestartDelay;
    private final Duration healthyAfter;
    private final Clock clock;
    private final Deque<Instant> recentRestarts = new ArrayDeque<>();
    private Duration nextDelay;
    private Instant workerStartedAt;
    private int restarts;
    private String lastCause = "";

    RestartPolicy(Duration restartDelay, Duration maxRestartDelay, Duration healthyAfter, Clock clock) {
        this.restartDelay = restartDelay;
        this.maxRestartDelay = maxRestartDelay;
        this.healthyAfter = healthyAfter;
        this.clock = clock;
        this.nextDelay = restartDelay;
    }

    static RestartPolicy of(SupervisorSettings settings, Clock clock) {
        return new RestartPolicy(settings.restartDelay(), settings.maxRestartDelay(), settings.healthyAfter(), clock);
    }

    /** The worker connected: from now on it counts as running healthy. */
    synchronized void workerStarted() {
        workerStartedAt = clock.instant();
    }

    /** Records a worker's abnormal end and returns the delay before its successor starts. */
    synchronized Decision workerFailed(String cause) {
        Instant now = clock.instant();
        if (workerStartedAt != null && Duration.between(workerStartedAt, now).compareTo(healthyAfter) >= 0) {
            nextDelay = restartDelay;
        }
        workerStartedAt = null;
        Duration delay = nextDelay;
        Duration doubled = nextDelay.multipliedBy(2);
        nextDelay = doubled.compareTo(maxRestartDelay) > 0 ? maxRestartDelay : doubled;
        restarts++;
        lastCause = cause;
        recentRestarts.addLast(now);
        return new Decision(delay, restarts, crashLoop(now));
    }

    synchronized SupervisorStatus status() {
        return new SupervisorStatus(restarts, crashLoop(clock.instant()), lastCause);
    }

    private boolean crashLoop(Instant now) {
        Instant windowStart = now.minus(CRASH_LOOP_WINDOW);
        while (!recentRestarts.isEmpty() && !recentRestarts.peekFirst().isAfter(windowStart)) {
            recentRestarts.removeFirst();
        }
        return recentRestarts.size() >= CRASH_LOOP_RESTARTS;
    }
}
