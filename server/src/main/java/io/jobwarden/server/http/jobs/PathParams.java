package io.jobwarden.server.http.jobs;

import io.javalin.http.Context;
import io.jobwarden.server.http.ApiException;

/** Path parameters, with a malformed %-escape answered as the client's mistake. */
final class PathParams {
    private PathParams() {}

    static String get(Context ctx, String name) {
        try {
            return ctx.pathParam(name);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(name, "has a malformed %-escape");
        }
    }
}
