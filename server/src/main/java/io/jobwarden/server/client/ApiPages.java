package io.jobwarden.server.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;

/**
 * Lists the API hands out a page at a time, walked for a client that wants more than a page says: every job, or a
 * job's failed runs. Each answer has the shape of one page of the API's own, so {@code --json} prints what a single
 * page would and {@link TextReports} renders it the same way.
 */
public final class ApiPages {
    /** The API's largest page. */
    public static final int MAX_PAGE = 500;
    /** How many pages {@link #failedRuns} looks through before it stops and offers a cursor to go on from. */
    public static final int FAILED_SCAN_PAGES = 20;

    static final Set<String> FAILURES = Set.of("FAILED", "TIMED_OUT", "ABANDONED");

    private ApiPages() {}

    /** Every job, as one list: {@code {"jobs": [...], "nextAfter": null}}. */
    public static ObjectNode allJobs(ApiClient api) {
        ArrayNode all = JsonNodeFactory.instance.arrayNode();
        String after = null;
        do {
            JsonNode page = api.get(
                            "/api/jobs?limit=" + MAX_PAGE + (after == null ? "" : "&after=" + ApiClient.segment(after)))
                    .json();
            page.path("jobs").forEach(all::add);
            JsonNode next = page.path("nextAfter");
            // A cursor that does not move on would loop for ever; the API never sends one.
            boolean advances =
                    next.isTextual() && (after == null || next.asText().compareTo(after) > 0);
            after = advances ? next.asText() : null;
        } while (after != null);
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        answer.set("jobs", all);
        answer.putNull("nextAfter");
        return answer;
    }

    /**
     * Up to {@code limit} runs of a job that failed (FAILED, TIMED_OUT, ABANDONED), newest first, older than
     * {@code before} when given, from at most {@link #FAILED_SCAN_PAGES} pages: {@code {"jobId", "runs",
     * "nextBefore"}}, where {@code nextBefore} is where a next call goes on, or null when nothing older is left.
     *
     * @param runsPath the job's runs, {@code /api/jobs/ID/runs}
     */
    public static ObjectNode failedRuns(ApiClient api, String jobId, String runsPath, int limit, Long before) {
        ArrayNode picked = JsonNodeFactory.instance.arrayNode();
        Long cursor = before;
        Long nextBefore = null;
        for (int page = 0; page < FAILED_SCAN_PAGES; page++) {
            JsonNode answer = api.get(runsPath + "?limit=" + MAX_PAGE + (cursor == null ? "" : "&before=" + cursor))
                    .json();
            for (JsonNode run : answer.path("runs")) {
                if (picked.size() == limit) break;
                if (FAILURES.contains(run.path("state").asText())) picked.add(run);
                if (picked.size() == limit) nextBefore = run.path("runId").asLong();
            }
            JsonNode next = answer.path("nextBefore");
            cursor = next.isNumber() ? next.asLong() : null;
            if (picked.size() == limit || cursor == null) break;
            // The scan ends here: what lies beyond is for the next call.
            if (page == FAILED_SCAN_PAGES - 1) nextBefore = cursor;
        }
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        answer.put("jobId", jobId);
        answer.set("runs", picked);
        if (nextBefore == null) answer.putNull("nextBefore");
        else answer.put("nextBefore", nextBefore);
        return answer;
    }
}
