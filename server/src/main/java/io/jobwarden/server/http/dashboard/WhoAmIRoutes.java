package io.jobwarden.server.http.dashboard;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.jobwarden.server.http.JsonCodec;
import io.jobwarden.server.http.auth.ApiToken;
import io.jobwarden.server.http.auth.BearerAuthenticator;
import io.jobwarden.server.http.auth.Role;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /api/whoami}: the holder and role of the caller's token, so a client (the dashboard) can check a token
 * and offer only what its role allows. The server still decides every request on its own.
 */
public final class WhoAmIRoutes {
    private final BearerAuthenticator authenticator;
    private final JsonCodec json;

    public WhoAmIRoutes(BearerAuthenticator authenticator, JsonCodec json) {
        this.authenticator = authenticator;
        this.json = json;
    }

    public void register(Javalin app) {
        app.get("/api/whoami", this::whoami, Role.VIEWER);
    }

    private void whoami(Context ctx) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (authenticator.open()) {
            // No tokens configured: everyone may do everything (the server only listens on loopback then).
            out.put("name", null);
            out.put("role", Role.ADMIN.configName());
            out.put("open", true);
        } else {
            // The access guard let this request in, so the header holds a valid token.
            ApiToken token =
                    authenticator.authenticate(ctx.header("Authorization")).orElseThrow();
            out.put("name", token.name());
            out.put("role", token.role().configName());
            out.put("open", false);
        }
        json.respond(ctx, 200, out);
    }
}
