package io.jobwarden.server.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.status.Status;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jobwarden.server.config.LoggingSection;
import io.jobwarden.server.config.Secret;
import io.jobwarden.supervisor.WorkerOutput;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class LoggingSetupTest {
    private static final Secret TOKEN = Secret.of("tok-9f8e7d6c5b4a3210");
    private static final Secret QUOTED = Secret.of("pa\"ss\\word-77");

    @TempDir
    Path dir;

    private final Logger log = LoggerFactory.getLogger("io.jobwarden.test.LoggingSetupTest");

    @AfterEach
    void back_to_bootstrap_logging() throws JoranException {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        new ContextInitializer(context).autoConfig();
    }

    private LoggingSection settings(boolean json, String level) {
        return new LoggingSection(dir.resolve("logs"), 1024 * 1024, 3, 10L * 1024 * 1024, json, false, level);
    }

    private String logFile() throws IOException {
        return Files.readString(dir.resolve("logs/jobwarden.log"), StandardCharsets.UTF_8);
    }

    @Test
    void a_message_logged_after_setup_lands_in_the_file_under_the_log_directory() throws IOException {
        Path file = LoggingSetup.apply(settings(false, "INFO"), List.of());

        log.info("fire claimed for job {}", "cleanup-tmp");
        log.debug("not at INFO");

        assertThat(file).isEqualTo(dir.resolve("logs/jobwarden.log"));
        String text = logFile();
        assertThat(text)
                .contains("INFO  [" + Thread.currentThread().getName()
                        + "] io.jobwarden.test.LoggingSetupTest - fire claimed for job cleanup-tmp");
        assertThat(text).doesNotContain("not at INFO");
        assertThat(text.lines().findFirst().orElseThrow())
                .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d) INFO .*");
    }

    @Test
    void a_relayed_worker_line_reaches_the_console_once_as_printed_and_stays_out_of_supervisor_log()
            throws IOException {
        PrintStream realOut = System.out;
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        String workerLine = "2026-12-02T07:31:25.123Z ERROR [main] io.jobwarden.server.cli.RunCommand - port busy";
        try {
            System.setOut(new PrintStream(console, true, StandardCharsets.UTF_8));
            Path file = LoggingSetup.apply(settings(false, "INFO"), List.of(TOKEN), "supervisor");
            log.info("supervisor's own event");
            LoggerFactory.getLogger(WorkerOutput.LOGGER)
                    .atLevel(org.slf4j.event.Level.ERROR)
                    .log("{}", workerLine);
            LoggerFactory.getLogger(WorkerOutput.LOGGER)
                    .atLevel(org.slf4j.event.Level.INFO)
                    .log("{}", "a job printed " + TOKEN.reveal());

            String supervisorLog = Files.readString(file, StandardCharsets.UTF_8);
            assertThat(supervisorLog).contains("supervisor's own event").doesNotContain("port busy");
        } finally {
            System.setOut(realOut);
        }
        List<String> lines = console.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).containsOnlyOnce(workerLine);
        assertThat(lines).anyMatch(l -> l.endsWith("supervisor's own event"));
        assertThat(lines).noneMatch(l -> l.contains(TOKEN.reveal()));
    }

    @Test
    void the_level_is_the_configured_one() throws IOException {
        LoggingSetup.apply(settings(false, "DEBUG"), List.of());

        log.debug("visible at DEBUG");

        assertThat(logFile()).contains("visible at DEBUG");
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        assertThat(context.getLogger("org.eclipse.jetty").getLevel()).isEqualTo(Level.WARN);
    }

    @Test
    void json_mode_writes_one_parseable_object_a_line() throws IOException {
        LoggingSetup.apply(settings(true, "INFO"), List.of());

        log.info("run {} finished", "r-1");
        log.warn("run failed", new IllegalStateException("disk full"));

        List<String> lines = logFile().lines().filter(l -> !l.isBlank()).toList();
        assertThat(lines).hasSize(2);
        ObjectMapper json = new ObjectMapper();
        JsonNode first = json.readTree(lines.get(0));
        assertThat(first.path("level").asText()).isEqualTo("INFO");
        assertThat(first.path("loggerName").asText()).isEqualTo("io.jobwarden.test.LoggingSetupTest");
        assertThat(first.path("formattedMessage").asText()).isEqualTo("run r-1 finished");
        assertThat(first.path("timestamp").asLong()).isPositive();
        JsonNode second = json.readTree(lines.get(1));
        assertThat(second.path("throwable").path("message").asText()).isEqualTo("disk full");
    }

    @Test
    void configured_secrets_and_secret_looking_values_never_reach_the_file() throws IOException {
        LoggingSetup.apply(settings(false, "INFO"), List.of(TOKEN));

        log.info("client presented {}", TOKEN.reveal());
        log.info("connecting to jdbc:postgresql://db/x?user=jw&password=hunter2hunter2");
        log.info("calling with Authorization: Bearer abc.def.ghi");
        log.error("login failed", new IllegalArgumentException("bad token " + TOKEN.reveal()));

        String text = logFile();
        assertThat(text).doesNotContain(TOKEN.reveal(), "hunter2hunter2", "abc.def.ghi");
        assertThat(text).contains("client presented ****", "password=****", "Bearer ****", "bad token ****");
    }

    @Test
    void json_lines_stay_parseable_when_secrets_are_masked() throws IOException {
        LoggingSetup.apply(settings(true, "INFO"), List.of(TOKEN, QUOTED));

        log.info("token {} and password {} and secret=plain-secret-1", TOKEN.reveal(), QUOTED.reveal());

        String text = logFile();
        assertThat(text).doesNotContain(TOKEN.reveal(), "plain-secret-1", "ss\\\\word-77");
        JsonNode line = new ObjectMapper().readTree(text.lines().findFirst().orElseThrow());
        assertThat(line.path("formattedMessage").asText()).isEqualTo("token **** and password **** and secret=****");
    }

    @Test
    void applying_again_reconfigures_from_scratch() throws IOException {
        LoggingSetup.apply(settings(false, "INFO"), List.of());
        LoggingSection other =
                new LoggingSection(dir.resolve("other"), 1024 * 1024, 3, 10L * 1024 * 1024, false, false, "INFO");
        LoggingSetup.apply(other, List.of());

        log.info("after the second setup");

        assertThat(Files.readString(dir.resolve("other/jobwarden.log"))).contains("after the second setup");
        assertThat(logFile()).doesNotContain("after the second setup");
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        assertThat(context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).iteratorForAppenders())
                .toIterable()
                .hasSize(2);
    }

    @Test
    void a_log_directory_that_cannot_be_created_is_named() throws IOException {
        Path blocker = Files.writeString(dir.resolve("not-a-dir"), "x");
        LoggingSection settings =
                new LoggingSection(blocker.resolve("logs"), 1024 * 1024, 3, 10L * 1024 * 1024, false, false, "INFO");

        assertThatThrownBy(() -> LoggingSetup.apply(settings, List.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("cannot create the log directory " + blocker.resolve("logs"));
    }

    @Test
    void the_bootstrap_logback_xml_loads_cleanly_and_masks() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();

        assertThat(context.getStatusManager().getCopyOfStatusList()).noneMatch(s -> s.getLevel() == Status.ERROR);
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        assertThat(root.getLevel()).isEqualTo(Level.WARN);
        assertThat(root.getAppender("console"))
                .isInstanceOfSatisfying(
                        ConsoleAppender.class,
                        a -> assertThat(a.getEncoder())
                                .isInstanceOf(MaskingEncoder.class)
                                .matches(e -> e.isStarted()));
    }
}
