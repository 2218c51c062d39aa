package io.jobwarden.server.http;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.jobwarden.engine.InvalidInputException;
import io.jobwarden.server.ConfigReload;
import io.jobwarden.server.http.auth.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/reload}: the config file read again and its jobs applied without a restart. Admin only, because
 * the file holds shell jobs and this is how they reach the store. A broken file is a 400 and changes nothing.
 */
final class ReloadRoutes {
    private static final Logger log = LoggerFactory.getLogger(ReloadRoutes.class);

    private final ControlActions actions;
    private final JsonCodec json;

    ReloadRoutes(ControlActions actions, JsonCodec json) {
        this.actions = actions;
        this.json = json;
    }

    void register(Javalin app) {
        app.post("/api/reload", this::reload, Role.ADMIN);
    }

    private void reload(Context ctx) {
        ConfigReload outcome;
        try {
            outcome = actions.reload();
        } catch (UnsupportedOperationException e) {
            throw new ApiException(409, "", e.getMessage());
        } catch (InvalidInputException e) {
            log.warn("reload from {} refused; the running config stays: {}", ctx.ip(), e.getMessage());
            throw e;
        }
        log.info("reload from {}: {}", ctx.ip(), outcome.summary());
        json.respond(ctx, 200, outcome.view());
    }
}
