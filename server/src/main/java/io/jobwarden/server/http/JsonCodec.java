package io.jobwarden.server.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Reads request bodies and writes answers. Bodies are read with a hard size limit and parsed strictly: duplicate
 * keys, trailing garbage and anything but the one expected value are refused, because a lenient parser would let
 * a request mean something other than what its sender saw.
 */
public final class JsonCodec {
    private static final String JSON = "application/json";
    private final ObjectMapper mapper;
    private final int maxBodyBytes;

    public JsonCodec(int maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
        this.mapper = new ObjectMapper()
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                // Floats stay exact and finite: 1e999999 must not turn into Infinity on its way to the store.
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    /** The raw body, at most {@code maxBodyBytes}; a larger one is a 400 before it is read to the end. */
    public byte[] body(Context ctx) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > maxBodyBytes) throw tooLarge();
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] body = in.readNBytes(maxBodyBytes + 1);
            if (body.length > maxBodyBytes) throw tooLarge();
            return body;
        } catch (IOException e) {
            // The client went away or sent a broken chunked body: its fault, not ours.
            throw ApiException.badRequest(
                    "body", "could not be read: " + e.getClass().getSimpleName());
        }
    }

    /** The body as one JSON object, as plain maps, lists, strings, numbers and booleans. */
    public Map<String, Object> object(Context ctx) {
        Object value = parse(body(ctx));
        if (!(value instanceof Map<?, ?> map)) {
            throw ApiException.badRequest("body", "must be a JSON object, not " + kind(value));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> object = (Map<String, Object>) map;
        return object;
    }

    public Object parse(byte[] body) {
        if (body.length == 0 || isBlank(body)) throw ApiException.badRequest("body", "is empty; send a JSON object");
        try {
            return mapper.readValue(body, Object.class);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
            throw ApiException.badRequest(
                    "body", "is not valid JSON: " + clientMessage(e.getOriginalMessage()) + where);
        } catch (IOException e) {
            throw ApiException.badRequest(
                    "body", "is not valid JSON: " + e.getClass().getSimpleName());
        }
    }

    public void respond(Context ctx, int status, Object value) {
        try {
            ctx.status(status).contentType(JSON).result(mapper.writeValueAsBytes(value));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ApiException tooLarge() {
        return ApiException.badRequest("body", "is larger than the limit of " + maxBodyBytes + " bytes");
    }

    private static boolean isBlank(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') return false;
        }
        return true;
    }

    private static String kind(Object value) {
        if (value == null) return "null";
        if (value instanceof java.util.List) return "an array";
        if (value instanceof String) return "a string";
        if (value instanceof Boolean) return "a boolean";
        return "a number";
    }

    /**
     * A parser's or Jetty's message made fit for a client: on one line, without the source Jackson names, at most
     * 200 characters (parser messages quote the offending input; a huge token must not come back as a huge error).
     * Not {@link io.jobwarden.engine.TypedValues#abbreviate}, which cuts a value echoed in a validation error.
     */
    static String clientMessage(String s) {
        if (s == null) return "";
        // Jackson names the source it read ("[Source: REDACTED ...]"): noise to a client, who sent it.
        String oneLine = s.replaceAll("\\s*\\(start marker at \\[Source: [^]]*\\]\\)", "")
                .replaceAll("\\s*at \\[Source: [^]]*\\]", "")
                .replaceAll("\\s+", " ")
                .trim();
        return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 197) + "...";
    }
}
