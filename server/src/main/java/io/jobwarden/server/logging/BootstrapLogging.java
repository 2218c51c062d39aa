package io.jobwarden.server.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Bootstrap logging: what commands print before (or without) a config file; {@code jobwarden run} replaces it with
 * {@link LoggingSetup}, driven by the {@code logging:} section of {@code jobwarden.yml}. WARN and above, to stderr,
 * so that command output on stdout (validate, cron, jobs list) stays clean for scripts, every line masked.
 *
 * <p>Set up in code rather than in a {@code logback.xml}: reading XML brings up logback's Joran and the JDK's XML
 * parser, some 350 classes that every process, the small supervisor included, would load before its first line.
 * A {@code logback.xml} or {@code logback-test.xml} on the class path (an application embedding Jobwarden, a test)
 * or {@code -Dlogback.configurationFile} still wins: this configurator then steps aside.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_LOW_PRIORITY)
public final class BootstrapLogging extends ContextAwareBase implements Configurator {
    static final List<String> QUIET = List.of("org.eclipse.jetty", "io.netty", "io.lettuce", "io.javalin");

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null
                || resource("logback-test.xml")
                || resource("logback.xml")) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        PatternLayoutEncoder pattern = new PatternLayoutEncoder();
        pattern.setContext(context);
        pattern.setPattern(LoggingSetup.PATTERN);
        pattern.setCharset(StandardCharsets.UTF_8);
        pattern.start();
        MaskingEncoder masked = new MaskingEncoder();
        masked.setContext(context);
        masked.setEncoder(pattern);
        masked.start();
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("console");
        console.setTarget("System.err");
        console.setEncoder(masked);
        console.start();
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(console);
        QUIET.forEach(name -> context.getLogger(name).setLevel(Level.WARN));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    private static boolean resource(String name) {
        return BootstrapLogging.class.getClassLoader().getResource(name) != null;
    }
}
