package io.jobwarden.redis;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A redis-server of a test's own, as a child process on a free port, so a test may kill, freeze and restart it. */
final class RedisServerProcess implements AutoCloseable {
    private final int port;
    private final Path dir;
    private final String[] extraArgs;
    private Process process;

    private RedisServerProcess(int port, Path dir, String[] extraArgs) {
        this.port = port;
        this.dir = dir;
        this.extraArgs = extraArgs;
    }

    /** A server not yet started, on a port free now. */
    static RedisServerProcess onFreePort(String... extraArgs) throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        return new RedisServerProcess(port, Files.createTempDirectory("jobwarden-redis-"), extraArgs);
    }

    static RedisServerProcess started(String... extraArgs) throws IOException {
        RedisServerProcess server = onFreePort(extraArgs);
        server.start();
        return server;
    }

    /** Starts (again, on the same port) and waits until it answers PING. */
    void start() throws IOException {
        List<String> command = new ArrayList<>(List.of(
                "redis-server",
                "--port",
                Integer.toString(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                dir.toString()));
        command.addAll(List.of(extraArgs));
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        dir.resolve("redis.log").toFile()))
                .start();
        await("redis-server on port " + port)
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(20))
                .until(this::answers);
    }

    /** SIGKILL: the server vanishes at once, as in a crash. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** SIGSTOP: connections stay open but nothing answers, as with a hung server. */
    void freeze() throws IOException, InterruptedException {
        signal("-STOP");
    }

    void thaw() throws IOException, InterruptedException {
        signal("-CONT");
    }

    String uri() {
        return "redis://127.0.0.1:" + port;
    }

    int port() {
        return port;
    }

    private void signal(String which) throws IOException, InterruptedException {
        int rc = new ProcessBuilder("kill", which, Long.toString(process.pid()))
                .inheritIO()
                .start()
                .waitFor();
        if (rc != 0) throw new IllegalStateException("kill " + which + " failed with " + rc);
    }

    /** Any reply at all (+PONG, or -NOAUTH when a password is required) means the server is up. */
    private boolean answers() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            socket.setSoTimeout(500);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            int first = in.read();
            return first == '+' || first == '-';
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws Exception {
        if (process != null && process.isAlive()) {
            thaw();
            kill();
        }
    }
}
