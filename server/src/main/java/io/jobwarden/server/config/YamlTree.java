package io.jobwarden.server.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.jobwarden.engine.InvalidInputException;
import java.util.LinkedHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Parses YAML text into plain maps, lists and scalars. A syntax error becomes one line with its line and column
 * and, for the mistakes people actually make (tabs, unquoted {@code *} or {@code @}, bad indentation), a hint in
 * plain words; never a stack trace and never an excerpt of the file, which may hold secrets.
 */
final class YamlTree {
    private static final ObjectMapper YAML =
            new ObjectMapper(new YAMLFactory()).enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final Pattern CANNOT_START = Pattern.compile("found character '(.)' that cannot start any token");
    private static final Pattern DUPLICATE = Pattern.compile("Duplicate field '(.*)'");

    private YamlTree() {}

    /**
     * @param source the file name, used as the error's field
     * @return a map, list or scalar; an empty map for a document with no content
     * @throws InvalidInputException for a syntax error
     */
    static Object parse(String text, String source) {
        try {
            JsonNode tree = YAML.readTree(text);
            if (tree == null || tree.isMissingNode() || tree.isNull()) return new LinkedHashMap<String, Object>();
            return YAML.convertValue(tree, Object.class);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(source, describe(e));
        }
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
