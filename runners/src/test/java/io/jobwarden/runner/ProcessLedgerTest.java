package io.jobwarden.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessLedgerTest {
    @TempDir
    Path dir;

    private Process started;

    @AfterEach
    void cleanUp() {
        if (started != null) {
            started.descendants().forEach(ProcessHandle::destroyForcibly);
            started.destroyForcibly();
        }
    }

    @Test
    void killsTheWholeTreeOfAProcessNotedByAnEarlierWorker() throws Exception {
        started = new ProcessBuilder("/bin/sh", "-c", "sleep 300 & sleep 300 & wait").start();
        await().until(() -> started.descendants().count() == 2);
        List<Long> pids = started.descendants().map(ProcessHandle::pid).toList();
        ProcessLedger ledger = new ProcessLedger(dir);
        ledger.record(17, started.toHandle());

        // A new worker's ledger over the same directory, as after a crash.
        assertThat(new ProcessLedger(dir).reapLeftovers()).isEqualTo(1);

        await().atMost(Duration.ofSeconds(10)).until(() -> OsProcesses.isGone(started.pid()));
        for (long pid : pids) await().atMost(Duration.ofSeconds(10)).until(() -> OsProcesses.isGone(pid));
        assertThat(Files.list(dir)).isEmpty();
    }

    @Test
    void leavesAloneAProcessWhosePidWasReusedAndForgetsEndedRuns() throws Exception {
        started = new ProcessBuilder("sleep", "300").start();
        Files.writeString(dir.resolve("5.proc"), started.pid() + " 1000\n"); // the right pid, the wrong start instant
        ProcessLedger ledger = new ProcessLedger(dir);
        ledger.record(6, started.toHandle());
        ledger.forget(6);

        assertThat(ledger.reapLeftovers()).isZero();
        assertThat(started.isAlive()).isTrue();
        assertThat(Files.list(dir)).isEmpty();
    }
}
