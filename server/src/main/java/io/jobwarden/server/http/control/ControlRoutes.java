package io.jobwarden.server.http.control;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.jobwarden.engine.InvalidInputException;
import io.jobwarden.engine.Jobwarden;
import io.jobwarden.server.http.ApiException;
import io.jobwarden.server.http.ControlActions;
import io.jobwarden.server.http.JsonCodec;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /control}: pause, resume, drain, restart or stop this instance, authorised by an HMAC of the body
 * instead of a bearer token so that a supervisor or an orchestrator holding only the control secret can act.
 * A request is refused (403, nothing done) unless its timestamp is within {@link #WINDOW} of this server's clock,
 * its signature matches, and that signature has not been used before.
 */
public final class ControlRoutes {
    public static final String TIMESTAMP_HEADER = "X-Jobwarden-Timestamp";
    public static final String SIGNATURE_HEADER = "X-Jobwarden-Signature";
    public static final Duration WINDOW = Duration.ofSeconds(300);
    /** A control body is one short JSON object; nothing longer is read before the signature is checked. */
    public static final int MAX_BODY_BYTES = 1024;

    private static final Logger log = LoggerFactory.getLogger(ControlRoutes.class);

    private final Jobwarden engine;
    private final ControlActions actions;
    private final ControlSignature signature;
    private final ReplayGuard replays;
    private final Clock clock;
    private final JsonCodec json;
    private final JsonCodec smallBodies = new JsonCodec(MAX_BODY_BYTES);

    /** @param secret the control secret, or null to refuse every request */
    public ControlRoutes(Jobwarden engine, ControlActions actions, String secret, Clock clock, JsonCodec json) {
        this.engine = engine;
        this.actions = actions;
        this.signature = secret == null ? null : new ControlSignature(secret);
        this.replays = new ReplayGuard(engine.store());
        this.clock = clock;
        this.json = json;
    }

    public void register(Javalin app) {
        app.post("/control", this::control);
    }

    private void control(Context ctx) {
        if (signature == null) throw refuse(ctx, "", "control is turned off: no security.control-secret is configured");
        // Everything the headers can refuse is refused before the body is read: an unsigned caller gets no buffer.
        String timestamp = ctx.header(TIMESTAMP_HEADER);
        long seconds = verifyTimestamp(ctx, timestamp);
        String sig = ctx.header(SIGNATURE_HEADER);
        if (sig == null) throw refuse(ctx, SIGNATURE_HEADER, "is required");
        if (!ControlSignature.wellFormed(sig))
            throw refuse(ctx, SIGNATURE_HEADER, "must be sha256= followed by 64 hex digits");
        // Content-Type was checked with the other headers by BrowserGuard, before this route was matched.
        byte[] body = smallBodies.body(ctx);
        if (!signature.matches(timestamp.trim(), body, sig))
            throw refuse(ctx, SIGNATURE_HEADER, "does not match the body and timestamp");
        Instant now = clock.instant();
        Instant forgetAfter = Instant.ofEpochSecond(seconds).plus(WINDOW).plusSeconds(1);
        if (!replays.firstUse(sig, forgetAfter, now)) {
            throw refuse(ctx, SIGNATURE_HEADER, "was already used; sign each request afresh");
        }
        ControlAction action = action(json.parse(body));
        perform(ctx, action);
    }

    private long verifyTimestamp(Context ctx, String timestamp) {
        if (timestamp == null) throw refuse(ctx, TIMESTAMP_HEADER, "is required (unix seconds)");
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            throw refuse(ctx, TIMESTAMP_HEADER, "must be unix seconds");
        }
        long now = clock.instant().getEpochSecond();
        // Compared as a difference of longs that cannot overflow: both sides are clamped to a sane range first.
        long clamped = Math.max(-Long.MAX_VALUE / 4, Math.min(Long.MAX_VALUE / 4, seconds));
        if (Math.abs(now - clamped) > WINDOW.toSeconds()) {
            throw refuse(
                    ctx, TIMESTAMP_HEADER, "is more than " + WINDOW.toSeconds() + " s away from the server's clock");
        }
        return seconds;
    }

    private static ControlAction action(Object body) {
        if (!(body instanceof Map<?, ?> map))
            throw ApiException.badRequest("body", "must be a JSON object like {\"action\":\"pause\"}");
        Set<String> extra = map.keySet().stream()
                .map(String::valueOf)
                .filter(k -> !k.equals("action"))
                .collect(Collectors.toSet());
        if (!extra.isEmpty())
            throw ApiException.badRequest(extra.iterator().next(), "is not a control field; only action is");
        Object raw = map.get("action");
        String names = Arrays.stream(ControlAction.values())
                .map(ControlAction::configName)
                .collect(Collectors.joining(" | "));
        if (!(raw instanceof String text)) throw ApiException.badRequest("action", "is required: " + names);
        return ControlAction.parse(text)
                .orElseThrow(() -> ApiException.badRequest("action", "must be one of " + names));
    }

    private void perform(Context ctx, ControlAction action) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("action", action.configName());
        switch (action) {
            case PAUSE -> {
                engine.pauseClaiming();
                done(ctx, out, "claiming paused");
            }
            case RESUME -> {
                engine.resumeClaiming();
                done(ctx, out, "claiming resumed");
            }
            case DRAIN -> {
                engine.pauseClaiming();
                log.info("control drain from {}: claiming paused, waiting for running runs", ctx.ip());
                out.put("outcome", "draining");
                out.put("runningRuns", engine.status().runningRuns());
                Duration timeout = engine.settings().shutdownTimeout();
                background(
                        "drain",
                        () -> log.info(
                                "control drain: {}",
                                engine.drain(timeout)
                                        ? "no run left"
                                        : "runs still running after " + timeout.toSeconds() + " s"));
                json.respond(ctx, 202, out);
            }
            case RESTART, STOP -> processAction(ctx, action, out);
        }
    }

    private void processAction(Context ctx, ControlAction action, Map<String, Object> out) {
        if (actions == ControlActions.NONE) {
            log.warn(
                    "control {} from {}: refused, this process cannot {} itself",
                    action.configName(),
                    ctx.ip(),
                    action.configName());
            throw new ApiException(409, "action", action.configName() + " is not available in this process");
        }
        if (action == ControlAction.RESTART) {
            try {
                actions.checkConfig();
            } catch (InvalidInputException e) {
                log.warn(
                        "control restart from {}: refused, the config file has {} problem(s): {}",
                        ctx.ip(),
                        e.errors().size(),
                        e.getMessage());
                throw e;
            }
        }
        out.put("outcome", "accepted");
        log.info("control {} from {}: accepted", action.configName(), ctx.ip());
        // The answer goes out before the process starts to go down, or the caller could not tell success from a crash.
        sendNow(ctx, 202, out);
        background(action.configName(), () -> {
            if (action == ControlAction.RESTART) actions.restart();
            else actions.stop();
        });
    }

    private void done(Context ctx, Map<String, Object> out, String outcome) {
        out.put("outcome", "done");
        out.put("claiming", engine.status().claiming());
        log.info("control {} from {}: {}", out.get("action"), ctx.ip(), outcome);
        json.respond(ctx, 200, out);
    }

    private void sendNow(Context ctx, int status, Map<String, Object> out) {
        try {
            byte[] bytes = json.mapper().writeValueAsString(out).getBytes(StandardCharsets.UTF_8);
            ctx.res().setStatus(status);
            ctx.res().setContentType("application/json");
            ctx.res().setContentLength(bytes.length);
            OutputStream stream = ctx.res().getOutputStream();
            stream.write(bytes);
            stream.flush();
        } catch (IOException e) {
            log.warn("control answer could not be sent: {}", e.toString());
        }
    }

    private static void background(String name, Runnable task) {
        Thread t = new Thread(
                () -> {
                    try {
                        task.run();
                    } catch (RuntimeException e) {
                        log.error("control {} failed", name, e);
                    }
                },
                "jobwarden-control-" + name);
        t.setDaemon(false);
        t.start();
    }

    private static ApiException refuse(Context ctx, String field, String message) {
        log.warn("control request from {} refused: {} {}", ctx.ip(), field.isEmpty() ? "" : field, message);
        return new ApiException(403, field, message);
    }
}
