package io.jobwarden.store;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.jobwarden.engine.InvalidInputException;
import io.jobwarden.engine.JobSpec;
import io.jobwarden.engine.JobSpecReader;
import io.jobwarden.engine.spi.StoreException;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Job definitions as JSON text, in the shape {@link JobSpecReader} reads. Parsed specs are remembered by id while
 * their text is unchanged: claiming asks for the same jobs again and again, and comparing text is far cheaper
 * than parsing it.
 */
final class SpecCodec {
    private static final int CACHED = 10_000;

    private record Parsed(String json, JobSpec spec) {}

    private final ObjectMapper json = new ObjectMapper();
    private final ObjectMapper canonical =
            new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
    private final JobSpecReader reader = JobSpecReader.lenient();
    private final Map<String, Parsed> cache = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Parsed> eldest) {
            return size() > CACHED;
        }
    };

    String write(JobSpec spec) {
        try {
            return json.writeValueAsString(JobSpecReader.toMap(spec));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "job '" + spec.id() + "' has settings that cannot be stored as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * A definition's stored text and its digest, from one conversion of the spec. The digest is the same on every
     * node and in every process for equal specs: map keys are sorted, since a spec's settings map has no stable order
     * of its own. Safe to call from several threads at once (a config sync encodes its jobs in parallel).
     */
    Encoded encode(JobSpec spec) {
        Map<String, Object> map = JobSpecReader.toMap(spec);
        try {
            byte[] sorted = canonical.writeValueAsBytes(map);
            String digest = java.util.HexFormat.of()
                    .formatHex(
                            java.security.MessageDigest.getInstance("SHA-256").digest(sorted));
            return new Encoded(json.writeValueAsString(map), digest);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "job '" + spec.id() + "' has settings that cannot be stored as JSON: " + e.getOriginalMessage(), e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    /**
     * @param json the text {@link #write} gives, as it is stored
     * @param hash the SHA-256 of the definition with its keys sorted, in hex
     */
    record Encoded(String json, String hash) {}

    JobSpec read(String id, String text) {
        synchronized (cache) {
            Parsed hit = cache.get(id);
            if (hit != null && hit.json.equals(text)) return hit.spec;
        }
        JobSpec spec = parse(id, text);
        synchronized (cache) {
            cache.put(id, new Parsed(text, spec));
        }
        return spec;
    }

    private JobSpec parse(String id, String text) {
        try (JsonParser parser = json.getFactory().createParser(text)) {
            parser.nextToken();
            return reader.readValid(JsonValues.read(parser));
        } catch (IOException | InvalidInputException e) {
            throw new StoreException("the stored definition of job '" + id + "' cannot be read: " + e.getMessage(), e);
        }
    }
}
