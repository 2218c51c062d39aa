package io.jobwarden.server.service;

import io.jobwarden.server.config.JobwardenConfig;
import io.jobwarden.server.config.Secret;
import io.jobwarden.server.http.control.ControlRoutes;
import io.jobwarden.server.http.control.ControlSignature;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sends a signed {@code POST /control} to this machine's worker: how the service manager's pause and resume reach it. */
public final class ControlClient {
    private static final Logger log = LoggerFactory.getLogger(ControlClient.class);

    private ControlClient() {}

    /**
     * Never throws: a control request that cannot be delivered is logged and answered false, so the service host
     * reports the state the worker is really in.
     */
    public static boolean send(JobwardenConfig cfg, String action) {
        Optional<Secret> secret = cfg.security().controlSecret();
        if (secret.isEmpty()) {
            log.warn("cannot {}: set security.control-secret so the service manager can reach the worker", action);
            return false;
        }
        URI worker = cfg.http().address().localUrl();
        String body = "{\"action\":\"" + action + "\"}";
        long now = System.currentTimeMillis() / 1000;
        HttpRequest request = HttpRequest.newBuilder(worker.resolve("/control"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header(ControlRoutes.TIMESTAMP_HEADER, Long.toString(now))
                .header(
                        ControlRoutes.SIGNATURE_HEADER,
                        ControlSignature.sign(secret.get().reveal(), now, body))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            HttpResponse<String> response =
                    HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 == 2) return true;
            log.warn("{} was refused by the worker: HTTP {}", action, response.statusCode());
            return false;
        } catch (Exception e) {
            log.warn("{} could not reach the worker: {}", action, e.toString());
            return false;
        }
    }
}
