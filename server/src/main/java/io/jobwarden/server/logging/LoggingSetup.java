package io.jobwarden.server.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import ch.qos.logback.core.util.FileSize;
import io.jobwarden.platform.PlatformKind;
import io.jobwarden.platform.ServiceName;
import io.jobwarden.platform.eventlog.EventLogAppender;
import io.jobwarden.server.config.JobwardenConfig;
import io.jobwarden.server.config.LoggingSection;
import io.jobwarden.server.config.Secret;
import io.jobwarden.supervisor.WorkerOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Calendar;
import java.util.Collection;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Replaces the bootstrap logging ({@link BootstrapLogging}) with the instance's own, from {@code logging:} in
 * {@code jobwarden.yml}: a console appender, and {@code jobwarden.log} under {@code logging.dir}, rolled daily and
 * by size, old files gzipped and deleted by age and total size; JSON lines in the file when {@code logging.json}.
 * Every line passes through {@link MaskingEncoder}, with the config's secrets. Call once when {@code run} starts,
 * after the config is loaded; calling again reconfigures from scratch.
 */
public final class LoggingSetup {
    /** Console and plain-text file lines: ISO time with offset, level, thread, logger, message. */
    public static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{36} - %msg%n";
    /** Libraries whose INFO is chatter an operator never needs; they log at WARN unless the root is stricter. */
    static final List<String> NOISY =
            List.of("org.eclipse.jetty", "io.netty", "io.lettuce", "io.javalin", "org.flywaydb", "com.zaxxer.hikari");

    private LoggingSetup() {}

    /**
     * Loads, on a daemon thread, the calendar data of the default locale, which the daily rolling of {@link #apply}
     * reads: cold, the JDK's locale data took a twentieth of a worker's start on its main thread, while that thread was
     * reading and checking the config file, which needs none (bench/FOOTPRINT.md, round eight). Only the JDK's data:
     * not logback, whose start through SLF4J on another thread would hand this thread's loggers and this class a
     * stand-in factory until it is done (SLF4J's answer to a call during its initialization), so that {@link #apply}
     * would find no logback to configure.
     */
    public static void prepareInBackground() {
        Thread prepare = new Thread(Calendar::getInstance, "logging-prepare");
        prepare.setDaemon(true);
        prepare.start();
    }

    /** Configures logging from {@code config.logging()}, masking {@code config.secrets()}; returns the log file. */
    public static Path apply(JobwardenConfig config) {
        return apply(config.logging(), config.secrets(), "jobwarden", eventLogSource(config));
    }

    /** The Event Log source {@code jobwarden install} registers for this instance. */
    public static String eventLogSource(JobwardenConfig config) {
        return ServiceName.of(config.name()).serviceId();
    }

    /**
     * @return the active log file
     * @throws IllegalStateException when the log directory cannot be created; the message names it
     */
    public static Path apply(LoggingSection settings, Collection<Secret> secrets) {
        return apply(settings, secrets, "jobwarden");
    }

    /**
     * Like {@link #apply(LoggingSection, Collection)} with the file named {@code <stem>.log}: the supervisor writes
     * {@code supervisor.log} beside the worker's {@code jobwarden.log}, so two processes never roll one file.
     */
    public static Path apply(LoggingSection settings, Collection<Secret> secrets, String stem) {
        return apply(settings, secrets, stem, null);
    }

    /**
     * @param eventLogSource the Windows Event Log source (the service's id, registered at install) that WARN and ERROR
     *                       also go to when {@code logging.event-log} is on; null for none. Ignored off Windows.
     */
    public static Path apply(LoggingSection settings, Collection<Secret> secrets, String stem, String eventLogSource) {
        try {
            return configure(settings, secrets, stem, eventLogSource);
        } finally {
            EarlyLogLines.release();
        }
    }

    private static Path configure(
            LoggingSection settings, Collection<Secret> secrets, String stem, String eventLogSource) {
        Path logFile = settings.dir().resolve(stem + ".log");
        try {
            Files.createDirectories(settings.dir());
        } catch (IOException e) {
            throw new IllegalStateException(
                    "cannot create the log directory " + settings.dir() + ": " + e.getMessage(), e);
        }
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            // Embedded in an application with another SLF4J binding: its logging is the application's to configure.
            return logFile;
        }
        context.reset();

        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("console");
        console.setEncoder(masked(context, pattern(context), secrets));
        console.start();

        RollingFileAppender<ILoggingEvent> file = new RollingFileAppender<>();
        file.setContext(context);
        file.setName("file");
        file.setFile(logFile.toString());
        file.setEncoder(masked(context, settings.json() ? json(context) : pattern(context), secrets));
        SizeAndTimeBasedRollingPolicy<ILoggingEvent> rolling = new SizeAndTimeBasedRollingPolicy<>();
        rolling.setContext(context);
        rolling.setParent(file);
        rolling.setFileNamePattern(
                settings.dir().resolve(stem + ".%d{yyyy-MM-dd}.%i.log.gz").toString());
        rolling.setMaxFileSize(new FileSize(settings.maxFileSize()));
        rolling.setMaxHistory(settings.maxHistory());
        rolling.setTotalSizeCap(new FileSize(settings.totalSizeCap()));
        rolling.setCleanHistoryOnStart(true);
        rolling.start();
        file.setRollingPolicy(rolling);
        file.start();

        Level level = Level.toLevel(settings.level(), Level.INFO);
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(level);
        root.addAppender(console);
        root.addAppender(file);
        if (settings.eventLog() && eventLogSource != null && PlatformKind.current() == PlatformKind.WINDOWS) {
            root.addAppender(eventLog(context, eventLogSource));
        }
        relayWorkerLinesToConsoleOnly(context, secrets);
        Level quiet = level.isGreaterOrEqual(Level.WARN) ? level : Level.WARN;
        NOISY.forEach(name -> context.getLogger(name).setLevel(quiet));
        return logFile;
    }

    /**
     * A supervisor's relayed worker lines ({@link WorkerOutput#LOGGER}) go to the console as the worker printed them:
     * they carry the worker's own time and level already, and the worker writes them to {@code jobwarden.log} (and
     * the Event Log) itself, so {@code supervisor.log} holding them too would double the disk for nothing.
     */
    private static void relayWorkerLinesToConsoleOnly(LoggerContext context, Collection<Secret> secrets) {
        PatternLayoutEncoder asPrinted = new PatternLayoutEncoder();
        asPrinted.setContext(context);
        asPrinted.setPattern("%msg%n");
        asPrinted.setCharset(StandardCharsets.UTF_8);
        asPrinted.start();
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("worker-console");
        console.setEncoder(masked(context, asPrinted, secrets));
        console.start();
        Logger relay = context.getLogger(WorkerOutput.LOGGER);
        relay.setAdditive(false);
        relay.addAppender(console);
    }

    private static EventLogAppender eventLog(LoggerContext context, String source) {
        EventLogAppender appender = new EventLogAppender();
        appender.setContext(context);
        appender.setName("eventlog");
        appender.setSource(source);
        appender.setThreshold("WARN");
        appender.start();
        return appender;
    }

    private static Encoder<ILoggingEvent> masked(
            LoggerContext context, Encoder<ILoggingEvent> inner, Collection<Secret> secrets) {
        MaskingEncoder encoder = new MaskingEncoder(inner, secrets);
        encoder.setContext(context);
        encoder.start();
        return encoder;
    }

    private static Encoder<ILoggingEvent> pattern(LoggerContext context) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.setCharset(StandardCharsets.UTF_8);
        encoder.start();
        return encoder;
    }

    /** One JSON object a line: time, level, thread, logger, the formatted message, MDC, key-values, exception. */
    private static Encoder<ILoggingEvent> json(LoggerContext context) {
        JsonEncoder encoder = new JsonEncoder();
        encoder.setContext(context);
        encoder.setWithSequenceNumber(false);
        encoder.setWithNanoseconds(false);
        encoder.setWithContext(false);
        encoder.setWithMessage(false);
        encoder.setWithArguments(false);
        encoder.setWithFormattedMessage(true);
        encoder.start();
        return encoder;
    }
}
