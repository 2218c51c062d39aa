package io.jobwarden.server.http;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.jobwarden.engine.FieldError;
import io.jobwarden.engine.InvalidInputException;
import io.jobwarden.engine.spi.StoreException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.BadMessageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every failure leaves the server as {@code {"errors":[{"field":..,"message":..}]}}. What a client can send is
 * answered with a 4xx; a 500 means a fault of ours and is logged with its stack trace; an unreachable database
 * is a 503, so clients and load balancers retry instead of giving up.
 */
final class ApiErrors {
    private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);
    private final JsonCodec json;

    ApiErrors(JsonCodec json) {
        this.json = json;
    }

    void register(Javalin app) {
        app.exception(ApiException.class, (e, ctx) -> answer(ctx, e.status(), e.errors()));
        app.exception(InvalidInputException.class, (e, ctx) -> answer(ctx, 400, e.errors()));
        app.exception(
                HttpResponseException.class,
                (e, ctx) -> answer(ctx, e.getStatus(), List.of(new FieldError(field(e.getStatus()), message(e)))));
        // Jetty's refusals met while a handler reads (a body trickling in below the minimum rate: 408).
        app.exception(BadMessageException.class, (e, ctx) -> {
            log.info("{} {} from {}: {}", ctx.method(), ctx.path(), ctx.ip(), e.getMessage());
            int status = e.getCode() >= 400 && e.getCode() < 500 ? e.getCode() : 400;
            answer(ctx, status, List.of(new FieldError("body", status == 408 ? "arrived too slowly" : "is malformed")));
        });
        app.exception(StoreException.class, (e, ctx) -> {
            log.warn("{} {}: the store failed: {}", ctx.method(), ctx.path(), e.toString());
            answer(ctx, 503, List.of(new FieldError("", "the job store is unavailable; try again shortly")));
        });
        app.exception(Exception.class, (e, ctx) -> {
            log.error("{} {} failed unexpectedly", ctx.method(), ctx.path(), e);
            answer(ctx, 500, List.of(new FieldError("", "internal error; the server log has the details")));
        });
    }

    private void answer(Context ctx, int status, List<FieldError> errors) {
        json.respond(
                ctx,
                status,
                Map.of("errors", errors.stream().map(ApiErrors::entry).toList()));
    }

    private static Map<String, String> entry(FieldError e) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("field", e.field());
        out.put("message", e.message());
        return out;
    }

    private static String field(int status) {
        return switch (status) {
            case 404 -> "path";
            case 405 -> "method";
            default -> "";
        };
    }

    private static String message(HttpResponseException e) {
        return switch (e.getStatus()) {
            case 404 -> "there is no such endpoint";
            case 405 -> "this endpoint does not take that method";
            default -> JsonCodec.clientMessage(e.getMessage());
        };
    }
}
