package io.jobwarden.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobwarden.server.http.LiveServer;
import io.jobwarden.server.http.LiveServerFixture;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Clients that trickle a request body byte by byte must neither starve other requests nor hold their connection for
 * long: {@code /health} keeps answering within a second while 50 of them trickle, and each is cut off.
 */
class SlowRequestTest extends LiveServerFixture {
    static final int TRICKLERS = 50;

    @Test
    void fiftyTricklingBodiesDoNotStopHealthAndAreCutOff() throws Exception {
        int port = live.server.port();
        assertThat(RawHttp.exchange(port, "GET /health HTTP/1.1\r\nHost: 127.0.0.1", null)
                        .status())
                .isEqualTo(200);
        List<Socket> sockets = new ArrayList<>();
        ExecutorService tricklers = Executors.newFixedThreadPool(TRICKLERS);
        List<java.util.concurrent.Future<String>> endings = new ArrayList<>();
        try {
            for (int i = 0; i < TRICKLERS; i++) {
                Socket s = new Socket("127.0.0.1", port);
                s.setSoTimeout(30_000);
                sockets.add(s);
                String head = "POST /api/jobs HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                        + LiveServer.OPERATOR + "\r\nContent-Type: application/json\r\nContent-Length: 10000\r\n\r\n{";
                s.getOutputStream().write(head.getBytes(StandardCharsets.ISO_8859_1));
                s.getOutputStream().flush();
                endings.add(tricklers.submit(() -> trickle(s)));
            }
            long slowest = 0;
            for (int i = 0; i < 10; i++) {
                long t0 = System.nanoTime();
                RawHttp.Response health = RawHttp.exchange(port, "GET /health HTTP/1.1\r\nHost: 127.0.0.1", null);
                long ms = Duration.ofNanos(System.nanoTime() - t0).toMillis();
                assertThat(health.status()).isEqualTo(200);
                slowest = Math.max(slowest, ms);
                Thread.sleep(200);
            }
            assertThat(slowest).as("slowest /health in ms").isLessThan(1000);
            for (var ending : endings) {
                // Cut off by the server well before the 10000 bytes (5000 s at this pace) could arrive.
                assertThat(ending.get(30, TimeUnit.SECONDS)).startsWith("cut off");
            }
        } finally {
            tricklers.shutdownNow();
            for (Socket s : sockets) s.close();
        }
        assertThat(live.engine.jobs()).isEmpty();
    }

    /** Sends one byte every 500 ms until the server answers or closes; says which. */
    private static String trickle(Socket s) {
        try {
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            s.setSoTimeout(500);
            for (int i = 0; i < 120; i++) {
                try {
                    int b = in.read();
                    return "cut off" + (b < 0 ? " (closed)" : " (answered)");
                } catch (SocketTimeoutException e) {
                    out.write(' ');
                    out.flush();
                }
            }
            return "still open after a minute";
        } catch (IOException e) {
            return "cut off (" + e.getClass().getSimpleName() + ")";
        }
    }
}
