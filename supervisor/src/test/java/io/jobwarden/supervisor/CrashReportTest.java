package io.jobwarden.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobwarden.testkit.SettableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CrashReportTest {
    @TempDir
    Path dir;

    @Test
    void fileNamesSortByTimeAndNeverOverwrite() throws Exception {
        Instant early = Instant.parse("2026-11-26T09:03:05Z");
        Instant late = Instant.parse("2026-11-26T14:03:05.123Z");
        Path b = CrashReport.about("b", late, 42).writeTo(dir.resolve("crash"));
        Path a = CrashReport.about("a", early, 4242).writeTo(dir.resolve("crash"));
        Path again = CrashReport.about("b again", late, 42).writeTo(dir.resolve("crash"));

        assertThat(a.getFileName()).hasToString("crash-2026-11-26T09-03-05.000Z-4242.txt");
        assertThat(b.getFileName()).hasToString("crash-2026-11-26T14-03-05.123Z-42.txt");
        assertThat(again.getFileName()).hasToString("crash-2026-11-26T14-03-05.123Z-42_1.txt");
        assertThat(TestWorkers.crashReports(dir.resolve("crash"))).containsExactly(a, b, again);
        assertThat(Files.readString(b)).startsWith("Jobwarden crash report: b\n");
    }

    @Test
    void aReportCarriesTheMachineTheProcessAndItsSections() {
        String text = CrashReport.about("worker exited with code 1", Instant.parse("2026-11-26T14:03:05.123Z"), 7)
                .section("Last output lines", List.of("one", "two"))
                .section("Worker thread dump", List.of())
                .render();

        assertThat(text)
                .contains(
                        "Time:    2026-11-26T14:03:05.123Z\n",
                        "Host:    ",
                        "OS:      " + System.getProperty("os.name"),
                        "JVM:     ",
                        "Version: jobwarden development build\n",
                        "PID:     7\n",
                        "== Last output lines ==\none\ntwo\n",
                        "== Worker thread dump ==\n(none)\n");
    }

    @Test
    void reporterWritesTheExceptionAThreadDumpAndTheRecentLog() throws Exception {
        SettableClock clock = new SettableClock(Instant.parse("2026-11-26T14:03:05.123Z"));
        CrashReporter reporter = new CrashReporter(dir, () -> List.of("last log line"), clock);
        Thread thread = new Thread(() -> {}, "job-runner-3");

        Path file = reporter.report(thread, new IllegalStateException("boom", new ArithmeticException("/ by zero")));

        assertThat(file.getFileName())
                .hasToString("crash-2026-11-26T14-03-05.123Z-"
                        + ProcessHandle.current().pid() + ".txt");
        assertThat(Files.readString(file))
                .contains(
                        "uncaught java.lang.IllegalStateException in thread \"job-runner-3\"",
                        "java.lang.IllegalStateException: boom",
                        "Caused by: java.lang.ArithmeticException: / by zero",
                        "at io.jobwarden.supervisor.CrashReportTest.reporterWritesTheExceptionAThreadDumpAndTheRecentLog",
                        "== Thread dump ==",
                        "\"main\"",
                        "== Last log lines ==\nlast log line");
    }

    @Test
    void threadDumpShowsFullStacksAndHeldLocks() throws Exception {
        Object lock = new Object();
        List<String> dump;
        synchronized (lock) {
            dump = CrashReport.threadDump();
        }
        String mine = String.join("\n", dump);
        assertThat(mine).contains("\"" + Thread.currentThread().getName() + "\"", "- locked java.lang.Object@");
        // deeper than the eight frames ThreadInfo.toString() would keep
        assertThat(dump.stream().filter(line -> line.startsWith("    at ")).count())
                .isGreaterThan(20);
    }

    @Test
    void findsTheHotSpotErrorFileOfThatWorker() throws Exception {
        Files.writeString(dir.resolve("hs_err_pid123.log"), "#");
        assertThat(CrashReport.hotSpotErrorFile(dir, 123))
                .contains(dir.resolve("hs_err_pid123.log").toAbsolutePath());
        assertThat(CrashReport.hotSpotErrorFile(dir, 124)).isEmpty();
    }
}
