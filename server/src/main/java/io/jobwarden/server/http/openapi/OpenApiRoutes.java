package io.jobwarden.server.http.openapi;

import io.javalin.Javalin;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code GET /api/openapi.json}: the OpenAPI 3.1 description of this HTTP interface, the maintained file
 * {@code openapi.json} on the classpath (also shipped as a file in the distribution). No token: it describes the
 * API's shape, holds no data and no configuration, and tools fetch it before they have a token (docs/security.md).
 */
public final class OpenApiRoutes {
    public static final String PATH = "/api/openapi.json";
    /** Where the document lives on the classpath. */
    public static final String RESOURCE = "/openapi.json";

    private final byte[] document = read();

    public void register(Javalin app) {
        app.get(PATH, ctx -> ctx.contentType("application/json").result(document));
    }

    private static byte[] read() {
        try (InputStream in = OpenApiRoutes.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException("the jar has no " + RESOURCE);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}
