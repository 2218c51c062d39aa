package io.jobwarden.server.http.dashboard;

import static io.jobwarden.engine.TypedValues.abbreviate;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.jobwarden.server.http.ApiException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The dashboard's page and static files, from the classpath folder {@code dashboard/}: {@code GET /} is its
 * {@code index.html}, {@code GET /dashboard/{file}} its scripts, styles and icons. They carry no data and need no
 * token: the page asks for one and sends it with its API calls. The content security policy admits nothing that this
 * server does not serve itself, so the page works offline and injected markup could not load or run code.
 */
public final class DashboardRoutes {
    static final String FOLDER = "/dashboard/";
    static final String CONTENT_SECURITY_POLICY =
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
                    + "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    /** One plain file name: no folders, so no way out of {@link #FOLDER}. */
    private static final Pattern FILE_NAME = Pattern.compile("[a-z0-9][a-z0-9-]*\\.(html|js|css|svg|png|ico)");

    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon");

    /** Files read so far; only files that exist, so requests for made-up names cannot grow it. */
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();

    public void register(Javalin app) {
        app.get("/", ctx -> serve(ctx, "index.html"));
        app.get("/dashboard/{file}", ctx -> serve(ctx, fileName(ctx)));
    }

    private static String fileName(Context ctx) {
        try {
            return ctx.pathParam("file");
        } catch (IllegalArgumentException e) {
            return ""; // a malformed %-escape names no file
        }
    }

    private void serve(Context ctx, String name) {
        if (!FILE_NAME.matcher(name).matches()) throw missing(name);
        byte[] body = files.get(name);
        if (body == null) {
            body = read(name).orElseThrow(() -> missing(name));
            files.put(name, body);
        }
        ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .header("Referrer-Policy", "no-referrer")
                .header("X-Frame-Options", "DENY")
                .contentType(TYPES.get(extension(name)))
                .result(body);
    }

    private static Optional<byte[]> read(String name) {
        try (InputStream in = DashboardRoutes.class.getResourceAsStream(FOLDER + name)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the dashboard file " + name, e);
        }
    }

    private static String extension(String name) {
        return name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
    }

    private static ApiException missing(String name) {
        return ApiException.notFound("path", "the dashboard has no file '" + abbreviate(name) + "'");
    }
}
