package io.jobwarden.server.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.jobwarden.engine.InvalidInputException;
import io.jobwarden.store.JsonValues;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Parses YAML text into plain maps, lists and scalars. A syntax error becomes one line with its line and column
 * and, for the mistakes people actually make (tabs, unquoted {@code *} or {@code @}, bad indentation), a hint in
 * plain words; never a stack trace and never an excerpt of the file, which may hold secrets.
 *
 * <p>Read with Jackson's streaming YAML parser, not an {@code ObjectMapper}: the values come out the same (maps in
 * file order, strings, booleans, Integer/Long/BigInteger, Double, null) without loading Jackson's data binding,
 * which the supervisor process, which reads this file too, would otherwise load for nothing.
 */
final class YamlTree {
    private static final YAMLFactory YAML = YAMLFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final Pattern CANNOT_START = Pattern.compile("found character '(.)' that cannot start any token");
    private static final Pattern DUPLICATE = Pattern.compile("Duplicate field '(.*)'");

    private YamlTree() {}

    /**
     * @param source the file name, used as the error's field
     * @return a map, list or scalar; an empty map for a document with no content
     * @throws InvalidInputException for a syntax error
     */
    static Object parse(String text, String source) {
        return parse(text, source, null);
    }

    /**
     * Like {@link #parse(String, String)}, leaving out the top-level key {@code skipped} and all it holds: the
     * supervisor's read, which has a thousand jobs to step over but no use for them (ConfigLoader#withoutJobs).
     * Its syntax is still checked.
     */
    static Object parse(String text, String source, String skipped) {
        try (JsonParser parser = YAML.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null || first == JsonToken.VALUE_NULL) return new LinkedHashMap<String, Object>();
            if (skipped != null && first == JsonToken.START_OBJECT) return mapWithout(parser, skipped);
            return JsonValues.read(parser);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(source, describe(e));
        } catch (IOException e) {
            throw new UncheckedIOException("reading YAML from a string", e); // a string cannot fail to be read
        }
    }

    private static Map<String, Object> mapWithout(JsonParser parser, String skipped) throws IOException {
        Map<String, Object> map = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            parser.nextToken();
            if (key.equals(skipped)) parser.skipChildren();
            else map.put(key, JsonValues.read(parser));
        }
        return map;
    }

    private static String describe(JsonProcessingException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MarkedYAMLException yaml) return describe(yaml);
        }
        Matcher duplicate = DUPLICATE.matcher(e.getOriginalMessage());
        String what = duplicate.find()
                ? "'" + EnvReferences.unprotect(duplicate.group(1)) + "' appears twice in the same mapping"
                : e.getOriginalMessage();
        JsonLocation at = e.getLocation();
        return at == null ? what : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": " + what;
    }

    private static String describe(MarkedYAMLException e) {
        String problem = e.getProblem() == null ? "" : e.getProblem();
        String context = e.getContext() == null ? "" : e.getContext();
        Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
        String what;
        Matcher cannotStart = CANNOT_START.matcher(problem);
        if (context.contains("scanning an alias")) {
            what = "a value starting with '*' must be in quotes, like schedule: \"*/5 * * * * ?\"";
            mark = e.getContextMark() != null ? e.getContextMark() : mark;
        } else if (problem.contains("(TAB)")) {
            what = "a tab cannot indent YAML; indent with spaces";
        } else if (cannotStart.find()) {
            what = "a value starting with '" + cannotStart.group(1)
                    + "' must be in quotes, like schedule: \"@every 30s\"";
        } else if (problem.contains("mapping values are not allowed here")) {
            what = "unexpected ':'; put a value containing ': ' in quotes, or check this line's indentation";
        } else if (problem.contains("<block end>") || problem.contains("<block mapping start>")) {
            what = "this line's indentation does not match the lines above it";
        } else {
            what = (context.isEmpty() ? "" : context + ": ") + problem;
        }
        what = EnvReferences.unprotect(what);
        return mark == null
                ? what
                : "line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1) + ": " + what;
    }
}
