package io.jobwarden.server.http;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * Jetty's own refusals (414 URI too long, 431 headers too large, 400 for a request line or escape it cannot parse)
 * happen before any route runs; without this they would be HTML pages. They get the API's JSON error shape instead,
 * with no server details.
 */
final class JsonErrorHandler extends ErrorHandler {
    private static final HttpField JSON = new HttpField(HttpHeader.CONTENT_TYPE, "application/json");

    JsonErrorHandler() {
        setShowStacks(false);
        setShowServlet(false);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(JSON);
        return ByteBuffer.wrap(body(status));
    }

    @Override
    protected void generateAcceptableResponse(
            Request baseRequest, HttpServletRequest request, HttpServletResponse response, int code, String message)
            throws IOException {
        byte[] body = body(code);
        response.setContentType("application/json");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        baseRequest.setHandled(true);
    }

    static byte[] body(int status) {
        String field = switch (status) {
            case 414 -> "path";
            case 431 -> "headers";
            default -> "request";
        };
        String message = switch (status) {
            case 414 -> "the URI is too long";
            case 431 -> "the request headers are too large";
            case 400 -> "the request could not be parsed (request line, %-escape or header)";
            case 404 -> "there is no such endpoint";
            case 408 -> "the request was not sent in time";
            case 413 -> "the request body is too large";
            default -> "the server answered HTTP " + status;
        };
        return ("{\"errors\":[{\"field\":\"" + field + "\",\"message\":\"" + message + "\"}]}")
                .getBytes(StandardCharsets.UTF_8);
    }
}
