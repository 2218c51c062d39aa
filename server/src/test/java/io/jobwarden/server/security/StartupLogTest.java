package io.jobwarden.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import io.jobwarden.server.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * What {@code run} says when it cannot start: a port already in use is one error line naming the address and the way
 * out, exit 2, no stack trace, and nothing claims to have started.
 */
class StartupLogTest {
    @TempDir
    Path dir;

    @AfterEach
    void back_to_bootstrap_logging() throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        new ContextInitializer(context).autoConfig();
    }

    @Test
    void a_port_in_use_is_one_error_line_and_exit_2_before_anything_starts() throws Exception {
        Path config = dir.resolve("jobwarden.yml");
        Files.writeString(
                config,
                "name: porttaken\nhttp: { bind: 127.0.0.1, port: 8080 }\nlogging: { dir: logs }\n"
                        + "jobs:\n  - { id: tick, schedule: \"*/1 * * * * ?\", type: shell, command: [\"true\"] }\n");
        PrintStream realOut = System.out;
        PrintStream realErr = System.err;
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        int code;
        int port;
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            port = taken.getLocalPort();
            PrintStream both = new PrintStream(console, true, StandardCharsets.UTF_8);
            System.setOut(both);
            System.setErr(both);
            code = Main.execute(
                    "run",
                    "--no-supervisor",
                    "--config",
                    config.toString(),
                    "--data",
                    dir.toString(),
                    "--port",
                    Integer.toString(port));
        } finally {
            System.setOut(realOut);
            System.setErr(realErr);
        }

        assertThat(code).isEqualTo(Main.FAILURE);
        List<String> lines = console.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines.stream().filter(l -> l.contains("in use")))
                .singleElement()
                .satisfies(l -> assertThat(l)
                        .contains(" ERROR ")
                        .contains("cannot listen on 127.0.0.1:" + port)
                        .contains("--port"));
        assertThat(lines).noneMatch(l -> l.startsWith("\tat ") || l.contains("Exception"));
        String log = Files.readString(dir.resolve("logs/jobwarden.log"), StandardCharsets.UTF_8);
        assertThat(log).contains("the port is in use").doesNotContain("started").doesNotContain("is up");
    }
}
