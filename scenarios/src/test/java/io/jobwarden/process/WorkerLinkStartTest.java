package io.jobwarden.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real worker ({@code run --no-supervisor}) on a link this test serves as its supervisor would: it says hello
 * with the token it was given, beats, and says UP only once {@code /health} answers; the supervisor of {@code run}
 * sets up its own logging on that word (docs/semantics.md, "Supervision and crash capture").
 */
class WorkerLinkStartTest {
    private static final Duration START = Duration.ofSeconds(90);
    private static final String TOKEN = "0123456789abcdef0123456789abcdef";

    @TempDir
    Path dir;

    @Test
    void theWorkerSaysUpOnItsLinkOnceItServes() throws Exception {
        Path config = dir.resolve("jobwarden.yml");
        Files.writeString(config, """
                name: link-start
                shutdown-timeout: 2s
                jobs:
                  - { id: tick, schedule: "@every 1s", type: shell, command: ["true"] }
                """);
        try (ServerSocket link = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            link.setSoTimeout((int) START.toMillis());
            Map<String, String> env = Map.of(
                    "JOBWARDEN_SUPERVISOR_PORT",
                    Integer.toString(link.getLocalPort()),
                    "JOBWARDEN_SUPERVISOR_TOKEN",
                    TOKEN,
                    "JOBWARDEN_SUPERVISOR_PID",
                    Long.toString(ProcessHandle.current().pid()),
                    "JOBWARDEN_SUPERVISOR_HEARTBEAT_TIMEOUT_MS",
                    "20000");
            try (JobwardenProcess worker = JobwardenProcess.startWithEnvironment(
                            env, config, JobwardenProcess.freePort(), dir.resolve("out"), "--no-supervisor");
                    Socket socket = link.accept()) {
                BlockingQueue<String> lines = new LinkedBlockingQueue<>();
                Writer toWorker = new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.UTF_8);
                Thread reader = readInto(socket, lines, toWorker);

                String hello = lines.poll(START.toSeconds(), TimeUnit.SECONDS);
                assertThat(hello).isEqualTo("HELLO " + TOKEN + " " + worker.process.pid());
                List<String> beforeUp = new ArrayList<>();
                String line = lines.poll(START.toSeconds(), TimeUnit.SECONDS);
                while (line != null && !line.equals("UP")) {
                    beforeUp.add(line);
                    line = lines.poll(START.toSeconds(), TimeUnit.SECONDS);
                }
                assertThat(line).as("the worker said UP on its link").isEqualTo("UP");
                assertThat(worker.healthy())
                        .as("GET /health answers 200 when UP comes")
                        .isTrue();
                assertThat(beforeUp).allMatch(l -> l.equals("BEAT"));

                synchronized (toWorker) {
                    toWorker.write("STOP\n");
                    toWorker.flush();
                }
                assertThat(worker.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(worker.process.exitValue()).isZero();
                assertThat(lines).doesNotContain("UP");
                reader.join(10_000);
            }
        }
    }

    /** Collects the worker's lines and answers each beat as a supervisor does, with its status. */
    private static Thread readInto(Socket socket, BlockingQueue<String> lines, Writer toWorker) {
        Thread reader = new Thread(
                () -> {
                    try (BufferedReader in = new BufferedReader(
                            new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))) {
                        for (String line = in.readLine(); line != null; line = in.readLine()) {
                            lines.add(line);
                            if (!line.equals("BEAT")) continue;
                            synchronized (toWorker) {
                                toWorker.write("STATUS 0 false \n");
                                toWorker.flush();
                            }
                        }
                    } catch (java.io.IOException closed) {
                        // the worker ended
                    }
                },
                "test-supervisor-link");
        reader.setDaemon(true);
        reader.start();
        return reader;
    }
}
