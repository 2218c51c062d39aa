package io.jobwarden.platform.eventlog;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import io.jobwarden.platform.PlatformKind;
import io.jobwarden.platform.windows.Scm;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A Logback appender that copies WARN and ERROR events (the threshold is configurable) to the Windows Event Log
 * under the service's event source. Logging must never wait on or fail because of the Event Log: events go
 * through a bounded queue to one background writer, and when the queue is full or the Event Log refuses them
 * they are dropped and counted ({@link #getDroppedCount()}).
 *
 * <pre>{@code
 * <appender name="EVENTLOG" class="io.jobwarden.platform.eventlog.EventLogAppender">
 *   <source>jobwarden-billing</source>
 *   <threshold>WARN</threshold>
 *   <queueSize>256</queueSize>
 * </appender>
 * }</pre>
 */
public final class EventLogAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {
    /** ReportEvent refuses longer strings. */
    static final int MAX_MESSAGE_CHARS = 31_839;

    public static final int ERROR_EVENT_ID = 1000;
    public static final int WARNING_EVENT_ID = 1001;
    public static final int INFORMATION_EVENT_ID = 1002;
    private static final long REOPEN_AFTER_NANOS = TimeUnit.SECONDS.toNanos(30);

    private String source = "jobwarden";
    private Level threshold = Level.WARN;
    private int queueSize = 256;
    private String pattern = "%-5level [%thread] %logger: %msg%n%ex";
    private Function<String, EventLogSink> sinkFactory;

    private final AtomicLong dropped = new AtomicLong();
    private BlockingQueue<Entry> queue;
    private PatternLayout layout;
    private Thread writer;
    private volatile boolean stopping;

    private record Entry(int type, int eventId, String message) {}

    public void setSource(String source) {
        this.source = source;
    }

    public void setThreshold(String level) {
        this.threshold = Level.toLevel(level, Level.WARN);
    }

    public void setQueueSize(int size) {
        this.queueSize = size;
    }

    public void setPattern(String pattern) {
        this.pattern = pattern;
    }

    /** For tests and other hosts; by default the JNA sink on Windows. */
    public void setSinkFactory(Function<String, EventLogSink> factory) {
        this.sinkFactory = factory;
    }

    /** Events not written: queue full, or the Event Log unavailable or refusing them. */
    public long getDroppedCount() {
        return dropped.get();
    }

    @Override
    public void start() {
        if (sinkFactory == null) {
            if (PlatformKind.current() != PlatformKind.WINDOWS) {
                addWarn("the Windows Event Log exists only on Windows; appender " + getName() + " stays off");
                return;
            }
            sinkFactory = io.jobwarden.platform.windows.jna.JnaEventLogSink::new;
        }
        if (queueSize < 1) {
            addError("queueSize must be at least 1");
            return;
        }
        layout = new PatternLayout();
        layout.setContext(getContext());
        layout.setPattern(pattern);
        layout.start();
        queue = new ArrayBlockingQueue<>(queueSize);
        stopping = false;
        writer = new Thread(this::writeLoop, "eventlog-" + source);
        writer.setDaemon(true);
        writer.start();
        super.start();
    }

    @Override
    protected void append(ILoggingEvent event) {
        if (!event.getLevel().isGreaterOrEqual(threshold)) return;
        String text;
        try {
            text = layout.doLayout(event);
        } catch (RuntimeException e) {
            text = event.getFormattedMessage();
        }
        if (text.length() > MAX_MESSAGE_CHARS) text = text.substring(0, MAX_MESSAGE_CHARS - 3) + "...";
        if (!queue.offer(new Entry(type(event.getLevel()), eventId(event.getLevel()), text))) dropped.incrementAndGet();
    }

    @Override
    public void stop() {
        if (!isStarted()) return;
        super.stop();
        stopping = true;
        try {
            // give queued entries a moment to go out, but never hold up a shutdown for the Event Log
            writer.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writer.interrupt();
        layout.stop();
    }

    private void writeLoop() {
        EventLogSink sink = null;
        long retryAt = 0;
        try {
            while (!(stopping && queue.isEmpty())) {
                Entry entry = queue.poll(200, TimeUnit.MILLISECONDS);
                if (entry == null) continue;
                if (sink == null && System.nanoTime() - retryAt >= 0) {
                    try {
                        sink = sinkFactory.apply(source);
                    } catch (RuntimeException e) {
                        addWarn("cannot open the Event Log source " + source + ": " + e.getMessage());
                        retryAt = System.nanoTime() + REOPEN_AFTER_NANOS;
                    }
                }
                if (sink == null) {
                    dropped.incrementAndGet();
                    continue;
                }
                try {
                    sink.report(entry.type(), entry.eventId(), entry.message());
                } catch (RuntimeException e) {
                    dropped.incrementAndGet();
                    closeQuietly(sink);
                    sink = null;
                    retryAt = System.nanoTime() + REOPEN_AFTER_NANOS;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            long left = queue.size();
            queue.clear();
            dropped.addAndGet(left);
            if (sink != null) closeQuietly(sink);
        }
    }

    private static void closeQuietly(EventLogSink sink) {
        try {
            sink.close();
        } catch (RuntimeException ignored) {
            // closing a broken handle tells us nothing new
        }
    }

    static int type(Level level) {
        if (level.isGreaterOrEqual(Level.ERROR)) return Scm.EVENTLOG_ERROR_TYPE;
        if (level.isGreaterOrEqual(Level.WARN)) return Scm.EVENTLOG_WARNING_TYPE;
        return Scm.EVENTLOG_INFORMATION_TYPE;
    }

    static int eventId(Level level) {
        if (level.isGreaterOrEqual(Level.ERROR)) return ERROR_EVENT_ID;
        if (level.isGreaterOrEqual(Level.WARN)) return WARNING_EVENT_ID;
        return INFORMATION_EVENT_ID;
    }
}
