package io.jobwarden.server.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The jobs in a file for {@code jobwarden jobs add}: one job, a list of jobs, or a config-style {@code jobs:} list,
 * in YAML or JSON.
 */
public final class JobFile {
    private JobFile() {}

    /** @throws IllegalArgumentException with a message fit to show the user */
    public static List<Map<String, Object>> read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such file");
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot be read: " + e.getMessage());
        }
        Object value;
        try {
            ObjectMapper mapper = looksLikeJson(file, text) ? new ObjectMapper() : new YAMLMapper();
            value = mapper.readValue(text, Object.class);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": not valid " + (looksLikeJson(file, text) ? "JSON" : "YAML")
                    + ": " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (value instanceof Map<?, ?> map && !map.containsKey("id") && map.get("jobs") instanceof List<?> jobs)
            value = jobs;
        List<Map<String, Object>> out = new ArrayList<>();
        if (value instanceof Map<?, ?> one) {
            out.add(cast(one));
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                if (!(list.get(i) instanceof Map<?, ?> job))
                    throw new IllegalArgumentException(
                            file + ": [" + i + "] must be a job (an object with id, schedule and type)");
                out.add(cast(job));
            }
        } else {
            throw new IllegalArgumentException(
                    file + ": must hold a job (an object with id, schedule and type) or a list of jobs");
        }
        if (out.isEmpty()) throw new IllegalArgumentException(file + ": holds no job");
        return out;
    }

    private static boolean looksLikeJson(Path file, String text) {
        String t = text.stripLeading();
        return file.toString().endsWith(".json") || t.startsWith("{") || t.startsWith("[");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }
}
