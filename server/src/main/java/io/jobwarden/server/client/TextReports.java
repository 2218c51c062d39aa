package io.jobwarden.server.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/** API answers as people read them: tables for lists, key lines and YAML for one job. Times in the given zone. */
public final class TextReports {
    private static final ObjectMapper YAML = YAMLMapper.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .build();

    private final ZoneId zone;

    public TextReports(ZoneId zone) {
        this.zone = zone;
    }

    /** {@code GET /api/jobs}: id, schedule, next fire, last outcome, paused. */
    public String jobs(JsonNode answer) {
        TextTable table = new TextTable("ID", "SCHEDULE", "NEXT FIRE", "LAST OUTCOME", "PAUSED");
        for (JsonNode job : answer.path("jobs")) {
            table.row(
                    job.path("id").asText(),
                    job.path("definition").path("schedule").asText(),
                    time(job.path("nextFireAt")),
                    lastOutcome(job.path("lastRun")),
                    job.path("paused").asBoolean() ? "yes" : "no");
        }
        return table.render();
    }

    /** {@code GET /api/jobs/{id}}: state lines, then the definition as YAML. */
    public String job(JsonNode job) {
        StringBuilder out = new StringBuilder();
        line(out, "id", job.path("id").asText());
        line(out, "origin", job.path("origin").asText());
        line(out, "paused", job.path("paused").asBoolean() ? "yes" : "no");
        line(
                out,
                "schedule",
                job.path("definition").path("schedule").asText() + describe(job.path("scheduleDescription")));
        StringBuilder fires = new StringBuilder();
        for (JsonNode t : job.path("nextFires"))
            fires.append(fires.length() == 0 ? "" : ", ").append(time(t));
        line(out, "next fires", fires.length() == 0 ? "-" : fires.toString());
        JsonNode last = job.path("lastRun");
        line(
                out,
                "last run",
                last.isObject()
                        ? "#" + last.path("runId").asText() + " "
                                + last.path("state").asText() + " at " + time(last.path("startedAt")) + took(last)
                        : "-");
        out.append("definition:\n");
        try {
            YAML.writeValueAsString(job.path("definition"))
                    .lines()
                    .forEach(l -> out.append("  ").append(l).append('\n'));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** {@code GET /api/jobs/{id}/runs}: one line per run, newest first, with the first line of any error last. */
    public String runs(JsonNode answer) {
        TextTable table = new TextTable("RUN", "FIRE", "ATTEMPT", "STATE", "STARTED", "TOOK", "EXIT", "NODE", "ERROR");
        for (JsonNode r : answer.path("runs")) {
            // a SCHEDULED item is a fire no run has taken: it has no run id, and a due time instead of a start
            boolean waiting = r.path("dueAt").isTextual();
            table.row(
                    text(r.path("runId")),
                    time(r.path("fireAt")),
                    r.path("attempt").asText(),
                    r.path("state").asText() + (r.path("paused").asBoolean() ? " (paused)" : ""),
                    waiting ? "due " + time(r.path("dueAt")) : time(r.path("startedAt")),
                    duration(r.path("durationMs")),
                    text(r.path("exitCode")),
                    text(r.path("node")),
                    errorLine(r.path("errorSummary")));
        }
        String out = table.render();
        JsonNode next = answer.path("nextBefore");
        return next.isNumber() ? out + "(older runs: --before " + next.asText() + ")\n" : out;
    }

    /**
     * {@code GET /api/runs/{runId}}: a header line (job, state, exit code, times), then what the run printed, then
     * its error or stack trace, each under a rule naming it, so a pipe to {@code less} reads like a log.
     */
    public String run(JsonNode run) {
        StringBuilder out = new StringBuilder();
        out.append("run ")
                .append(run.path("runId").asText())
                .append(" of job ")
                .append(run.path("jobId").asText())
                .append(": ")
                .append(run.path("state").asText());
        if (run.path("exitCode").isNumber())
            out.append(", exit code ").append(run.path("exitCode").asText());
        out.append(", attempt ").append(run.path("attempt").asText());
        out.append(", fire ").append(time(run.path("fireAt")));
        out.append(", started ").append(time(run.path("startedAt")));
        out.append(", ended ").append(time(run.path("endedAt")));
        if (run.path("durationMs").isNumber()) out.append(", took ").append(duration(run.path("durationMs")));
        if (run.path("node").isTextual())
            out.append(", node ").append(run.path("node").asText());
        out.append('\n');
        if (run.path("note").isTextual())
            out.append("note: ").append(run.path("note").asText()).append('\n');
        section(out, "output", run.path("output"));
        if (run.path("error").isTextual() && !run.path("error").asText().isEmpty())
            section(out, "error", run.path("error"));
        return out.toString();
    }

    private static void section(StringBuilder out, String name, JsonNode text) {
        String body = text.isTextual() ? text.asText() : "";
        if (body.isEmpty()) {
            out.append("--- ").append(name).append(": none ---\n");
            return;
        }
        out.append("--- ").append(name).append(" ---\n").append(body);
        if (!body.endsWith("\n")) out.append('\n');
    }

    private static String errorLine(JsonNode summary) {
        if (!summary.isTextual() || summary.asText().isBlank()) return "";
        String line = summary.asText().lines().findFirst().orElse("").strip();
        return line.length() > 100 ? line.substring(0, 99) + "…" : line;
    }

    /** An instant from the API in this zone, to the second; "-" when there is none. */
    public String time(JsonNode node) {
        if (node == null || !node.isTextual()) return "-";
        try {
            return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(Instant.parse(node.asText())
                    .truncatedTo(ChronoUnit.SECONDS)
                    .atZone(zone)
                    .toOffsetDateTime());
        } catch (DateTimeParseException e) {
            return node.asText();
        }
    }

    private static String lastOutcome(JsonNode last) {
        return last.isObject() ? last.path("state").asText() : "-";
    }

    private static String describe(JsonNode description) {
        return description.isTextual() ? " (" + description.asText() + ")" : "";
    }

    private static String took(JsonNode run) {
        return run.path("durationMs").isNumber() ? ", took " + duration(run.path("durationMs")) : "";
    }

    private static String duration(JsonNode ms) {
        if (!ms.isNumber()) return "-";
        Duration d = Duration.ofMillis(ms.asLong());
        if (d.toMillis() < 1000) return d.toMillis() + "ms";
        if (d.toSeconds() < 60) return String.format("%.1fs", d.toMillis() / 1000.0);
        if (d.toMinutes() < 60) return d.toMinutes() + "m" + d.toSecondsPart() + "s";
        return d.toHours() + "h" + d.toMinutesPart() + "m";
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() ? "-" : node.asText();
    }

    private static void line(StringBuilder out, String key, String value) {
        out.append(String.format("%-11s %s%n", key + ":", value));
    }
}
