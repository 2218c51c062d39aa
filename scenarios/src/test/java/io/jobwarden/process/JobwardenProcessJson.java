package io.jobwarden.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** One run's full record (output, stack trace) through the API. */
final class JobwardenProcessJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JobwardenProcessJson() {}

    static JsonNode run(JobwardenProcess jw, long runId) throws Exception {
        return JSON.readTree(jw.get("/api/runs/" + runId).body());
    }
}
