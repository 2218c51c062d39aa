package io.jobwarden.platform.eventlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import io.jobwarden.platform.windows.Scm;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EventLogAppenderTest {
    private final LoggerContext context = new LoggerContext();
    private final Logger log = context.getLogger("io.jobwarden.test");
    private final EventLogAppender appender = new EventLogAppender();
    private final List<String> written = new CopyOnWriteArrayList<>();

    private void start(EventLogSink sink, int queueSize) {
        appender.setContext(context);
        appender.setName("EVENTLOG");
        appender.setSource("jobwarden-demo");
        appender.setQueueSize(queueSize);
        appender.setPattern("%msg");
        appender.setSinkFactory(source -> sink);
        appender.start();
        log.addAppender(appender);
        log.setLevel(Level.DEBUG);
    }

    @AfterEach
    void stop() {
        appender.stop();
        context.stop();
    }

    private final EventLogSink recorder = new EventLogSink() {
        @Override
        public void report(int type, int eventId, String message) {
            written.add(type + "/" + eventId + "/" + message);
        }

        @Override
        public void close() {}
    };

    @Test
    void writesWarningsAndErrorsButNotLowerLevels() {
        start(recorder, 16);
        log.info("started");
        log.warn("disk almost full");
        log.error("worker crashed");
        await().atMost(Duration.ofSeconds(10)).until(() -> written.size() == 2);
        assertThat(written)
                .containsExactly(
                        Scm.EVENTLOG_WARNING_TYPE + "/1001/disk almost full",
                        Scm.EVENTLOG_ERROR_TYPE + "/1000/worker crashed");
        assertThat(appender.getDroppedCount()).isZero();
    }

    @Test
    void theThresholdIsConfigurable() {
        appender.setThreshold("ERROR");
        start(recorder, 16);
        log.warn("not this");
        log.error("this");
        await().atMost(Duration.ofSeconds(10)).until(() -> written.size() == 1);
        assertThat(written).containsExactly(Scm.EVENTLOG_ERROR_TYPE + "/1000/this");
    }

    @Test
    void aStuckEventLogNeverBlocksLoggingAndOverflowIsCounted() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        start(
                new EventLogSink() {
                    @Override
                    public void report(int type, int eventId, String message) {
                        inside.countDown();
                        try {
                            release.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        written.add(message);
                    }

                    @Override
                    public void close() {}
                },
                4);
        log.error("first");
        assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < 10; i++) log.error("queued " + i); // 4 fit, 6 are dropped, none waits
        assertThat(appender.getDroppedCount()).isEqualTo(6);
        release.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> written.size() == 5);
        assertThat(written).containsExactly("first", "queued 0", "queued 1", "queued 2", "queued 3");
    }

    @Test
    void anUnavailableEventLogDropsAndCountsWithoutFailingTheCaller() {
        appender.setContext(context);
        appender.setSinkFactory(source -> {
            throw new IllegalStateException("RegisterEventSource failed: error 5");
        });
        appender.setQueueSize(8);
        appender.start();
        log.addAppender(appender);
        log.error("one");
        log.error("two");
        await().atMost(Duration.ofSeconds(10)).until(() -> appender.getDroppedCount() == 2);
    }

    @Test
    void aSinkThatFailsIsCountedAndLoggingGoesOn() {
        start(
                new EventLogSink() {
                    @Override
                    public void report(int type, int eventId, String message) {
                        throw new IllegalStateException("ReportEvent failed");
                    }

                    @Override
                    public void close() {}
                },
                8);
        log.error("lost");
        await().atMost(Duration.ofSeconds(10)).until(() -> appender.getDroppedCount() == 1);
        log.error("still fine to log");
    }

    @Test
    void longMessagesAreCutToWhatReportEventAccepts() {
        start(recorder, 4);
        log.error("x".repeat(40_000));
        await().atMost(Duration.ofSeconds(10)).until(() -> written.size() == 1);
        assertThat(written.get(0).length() - "1/1000/".length()).isEqualTo(EventLogAppender.MAX_MESSAGE_CHARS);
    }

    @Test
    void withoutAnExplicitSinkItStaysOffOutsideWindows() {
        if (System.getProperty("os.name").startsWith("Windows")) return;
        appender.setContext(context);
        appender.start();
        assertThat(appender.isStarted()).isFalse();
    }
}
