package io.jobwarden.supervisor;

import static io.jobwarden.supervisor.LinkProtocol.*;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;

/**
 * A worker process started, with the link it will connect back on: the first step of {@link WorkerProcess#start}.
 *
 * <p>Logs nothing and touches no logger: {@code run} starts its worker with it before its logging is set up, so the
 * worker's JVM starts while the supervisor's logging does (bench/FOOTPRINT.md, round five).
 */
record SpawnedWorker(Process process, Instant startedAt, ServerSocket linkServer, byte[] token) {
    /** Starts the worker with the link's address, a fresh token and the supervisor's status in its environment. */
    static SpawnedWorker start(SupervisorSettings settings, SupervisorStatus history, Instant now) throws IOException {
        ServerSocket linkServer = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        try {
            String token = newToken();
            ProcessBuilder builder = new ProcessBuilder(settings.workerCommand())
                    .directory(settings.workDir().toFile())
                    .redirectErrorStream(true);
            Map<String, String> env = builder.environment();
            // A supervisor started from a supervised worker must not hand down its parent's link.
            env.keySet().removeIf(name -> name.startsWith(ENV_PREFIX));
            env.putAll(settings.workerEnv());
            env.put(ENV_PORT, Integer.toString(linkServer.getLocalPort()));
            env.put(ENV_TOKEN, token);
            env.put(ENV_PID, Long.toString(ProcessHandle.current().pid()));
            env.put(
                    ENV_HEARTBEAT_TIMEOUT_MS,
                    Long.toString(settings.heartbeatTimeout().toMillis()));
            env.put(ENV_RESTARTS, Integer.toString(history.restarts()));
            env.put(ENV_CRASH_LOOP, Boolean.toString(history.crashLoop()));
            if (!history.lastCause().isEmpty()) env.put(ENV_LAST_CAUSE, history.lastCause());
            Process process = builder.start();
            process.getOutputStream().close();
            return new SpawnedWorker(process, now, linkServer, token.getBytes(StandardCharsets.US_ASCII));
        } catch (IOException | RuntimeException e) {
            linkServer.close();
            throw e;
        }
    }

    private static String newToken() {
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
