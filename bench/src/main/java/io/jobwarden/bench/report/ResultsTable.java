package io.jobwarden.bench.report;

import java.util.List;
import java.util.Locale;

/** Measurements as a Markdown table: median, spread over the repetitions, and the correctness verdict. */
public final class ResultsTable {
    private ResultsTable() {}

    public static String markdown(List<Measurement> rows) {
        StringBuilder s = new StringBuilder();
        s.append("| Scenario | Contestant | Setting | Metric | Median | Spread (min – max) | Reps | Check |\n");
        s.append("| --- | --- | --- | --- | ---: | ---: | ---: | --- |\n");
        for (Measurement m : rows) {
            s.append("| ")
                    .append(m.scenario())
                    .append(" | ")
                    .append(m.contestant())
                    .append(" | ")
                    .append(m.setting())
                    .append(" | ")
                    .append(m.metric())
                    .append(" | ")
                    .append(m.hasValues() ? number(m.median()) + " " + m.unit() : "—")
                    .append(" | ")
                    .append(m.hasValues() ? number(m.min()) + " – " + number(m.max()) : "—")
                    .append(" | ")
                    .append(m.values().size())
                    .append(" | ")
                    .append(
                            m.passed()
                                    ? "ok"
                                    : "**FAILED**: "
                                            + String.join("; ", m.problems()).replace("|", "/"))
                    .append(" |\n");
        }
        return s.toString();
    }

    /** Three significant digits or whole numbers, whichever reads better. */
    public static String number(double v) {
        if (Double.isNaN(v)) return "—";
        double a = Math.abs(v);
        if (a >= 100) return String.format(Locale.ROOT, "%,.0f", v);
        if (a >= 10) return String.format(Locale.ROOT, "%.1f", v);
        if (a >= 1) return String.format(Locale.ROOT, "%.2f", v);
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
