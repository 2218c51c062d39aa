package io.jobwarden.platform.windows;

import io.jobwarden.platform.ServiceBody;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A body whose every answer is scripted, so the host's status sequence is exact: it needs {@code healthyAfter}
 * unhealthy answers before it is healthy, and ends {@code awaitsToStop} awaits after a stop was requested.
 */
final class ScriptedBody implements ServiceBody {
    final List<String> events = new CopyOnWriteArrayList<>();
    Exception startFailure;
    Error startError;
    volatile Error awaitError;
    int unhealthyAnswers;
    volatile boolean pauseWorks = true;
    int awaitsToStop = 1;
    int stopExitCode;
    Integer endsWhileStartingWith;
    Duration shutdownTimeout;
    private volatile Integer crashCode;
    private volatile boolean stopRequested;
    private final AtomicInteger awaitsAfterStop = new AtomicInteger();

    @Override
    public void start(StartProgress progress) throws Exception {
        events.add("start");
        if (startFailure != null) throw startFailure;
        if (startError != null) throw startError;
    }

    @Override
    public boolean awaitHealthy(Duration timeout) {
        if (endsWhileStartingWith != null) {
            crashCode = endsWhileStartingWith;
            return false;
        }
        if (unhealthyAnswers > 0) {
            unhealthyAnswers--;
            return false;
        }
        return true;
    }

    @Override
    public boolean requestPause() {
        events.add("pause");
        return pauseWorks;
    }

    @Override
    public boolean requestResume() {
        events.add("resume");
        return true;
    }

    @Override
    public void requestStop(Duration drainTimeout) {
        events.add("stop " + drainTimeout.toMillis());
        stopRequested = true;
    }

    @Override
    public OptionalInt awaitExit(Duration timeout) {
        if (awaitError != null) throw awaitError;
        if (crashCode != null) return OptionalInt.of(crashCode);
        if (!stopRequested) return OptionalInt.empty();
        return awaitsAfterStop.incrementAndGet() >= awaitsToStop ? OptionalInt.of(stopExitCode) : OptionalInt.empty();
    }

    @Override
    public java.util.Optional<Duration> shutdownTimeout() {
        return java.util.Optional.ofNullable(shutdownTimeout);
    }

    void crash(int code) {
        crashCode = code;
    }
}
