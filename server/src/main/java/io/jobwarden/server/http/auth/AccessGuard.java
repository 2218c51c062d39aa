package io.jobwarden.server.http.auth;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.security.RouteRole;
import io.jobwarden.server.http.ApiException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs before every matched route that names a role: 401 (with {@code WWW-Authenticate: Bearer}) without a valid
 * token, 403 when the token's role is too low. Routes without a role (health, public metrics, the HMAC-signed
 * control endpoint) pass untouched.
 */
public final class AccessGuard implements Handler {
    private static final Logger log = LoggerFactory.getLogger(AccessGuard.class);
    private static final String CALLER = "jobwarden.caller";
    private final BearerAuthenticator authenticator;

    public AccessGuard(BearerAuthenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public void handle(Context ctx) {
        Role needed = null;
        for (RouteRole r : ctx.routeRoles()) {
            if (r instanceof Role role && (needed == null || role.includes(needed))) needed = role;
        }
        if (needed == null || authenticator.open()) return;
        ApiToken token = authenticator.authenticate(ctx.header("Authorization")).orElse(null);
        if (token != null) ctx.attribute(CALLER, token);
        if (token == null) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"jobwarden\"");
            log.debug("{} {} from {}: no valid token", ctx.method(), ctx.path(), ctx.ip());
            throw new ApiException(
                    401, "Authorization", "a valid bearer token is required: Authorization: Bearer <token>");
        }
        if (!token.role().includes(needed)) {
            log.info(
                    "{} {} from {}: token '{}' ({}) lacks role {}",
                    ctx.method(),
                    ctx.path(),
                    ctx.ip(),
                    token.name(),
                    token.role().configName(),
                    needed.configName());
            throw new ApiException(
                    403,
                    "Authorization",
                    "token '" + token.name() + "' has role " + token.role().configName() + "; this needs "
                            + needed.configName());
        }
    }

    /**
     * The token a request passed this guard with; empty in open mode (no tokens configured), where every caller
     * may do everything. Routes that allow more to some callers than the route's role read it.
     */
    public static Optional<ApiToken> caller(Context ctx) {
        return Optional.ofNullable(ctx.attribute(CALLER));
    }
}
