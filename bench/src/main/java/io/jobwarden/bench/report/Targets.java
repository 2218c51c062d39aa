package io.jobwarden.bench.report;

import static io.jobwarden.bench.report.ResultsTable.number;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The targets, each judged on the medians of a run: met, not met, or not measured. Also the ratios of
 * Jobwarden's figures to each peer's, setting by setting.
 */
public final class Targets {
    private static final String JW = "Jobwarden";
    private static final String DBS_LAF = "db-scheduler (lock-and-fetch)";
    private static final String DBS_FETCH = "db-scheduler (fetch)";
    private static final String QZ_CLUSTER = "Quartz JobStoreTX clustered";
    private static final String QZ_RAM = "Quartz RAMJobStore";

    private final List<Measurement> rows;

    public Targets(List<Measurement> rows) {
        this.rows = rows;
    }

    /** One target: what it asks, where the run stands, and the verdict. */
    public record Verdict(String target, String standing, String verdict) {}

    private Optional<Measurement> find(String scenario, String contestant, String setting, String metric) {
        return rows.stream()
                .filter(m -> m.scenario().equals(scenario)
                        && m.contestant().startsWith(contestant)
                        && !m.contestant().contains("tmpfs")
                        && m.setting().startsWith(setting)
                        && m.metric().startsWith(metric)
                        && m.hasValues())
                .findFirst();
    }

    public List<Verdict> verdicts() {
        List<Verdict> out = new ArrayList<>();
        String c = "1 Cluster";
        ratioAtLeast(
                out,
                "Cluster: 1 node at least 2x db-scheduler lock-and-fetch (run history on)",
                find(c, JW, "1 node", "exec"),
                find(c, DBS_LAF, "1 node", "exec"),
                2.0);
        Optional<Measurement> pickup = find(c, JW, "1 node", "first pickup");
        out.add(pickup.map(m -> new Verdict(
                        "Cluster: first pickup at most 200 ms after start, 20,000 jobs due",
                        number(m.median()) + " ms"
                                + find(c, DBS_LAF, "1 node", "first pickup")
                                        .map(d -> " (db-scheduler lock-and-fetch " + number(d.median()) + " ms)")
                                        .orElse(""),
                        m.median() <= 200 ? "met" : "not met"))
                .orElse(notMeasured("Cluster: first pickup at most 200 ms after start, 20,000 jobs due")));
        ratioAtMost(
                out,
                "Cluster: PostgreSQL CPU per 1,000 executions, 1 node, at most db-scheduler's (lock and fetch polling)",
                find(c, JW, "1 node", "PostgreSQL CPU"),
                find(c, DBS_LAF, "1 node", "PostgreSQL CPU"));
        ratioAtLeast(
                out,
                "Cluster: 1 node at least 25x Quartz clustered",
                find(c, JW, "1 node", "exec"),
                find(c, QZ_CLUSTER, "1 node", "exec"),
                25.0);
        ratioAtLeast(
                out,
                "Cluster: 2 nodes no slower than 1",
                find(c, JW, "2 nodes", "exec"),
                find(c, JW, "1 node", "exec"),
                1.0);
        ratioAtLeast(
                out,
                "Cluster: 3 nodes no slower than 1",
                find(c, JW, "3 nodes", "exec"),
                find(c, JW, "1 node", "exec"),
                1.0);
        ratioAtLeast(
                out,
                "Embedded: at least half of Quartz RAMJobStore's rate, every run recorded in SQLite",
                find("2 Embedded", JW, "1 node", "exec"),
                find("2 Embedded", QZ_RAM, "1 node", "exec"),
                0.5);
        String p = "3 Precision";
        // Idle, a fire is judged against the clock; at 1,000 fires in the same second, a thousand starts queue behind
        // ten threads, so there it is judged against the peer that persists nothing.
        Optional<Measurement> idleP50 = find(p, JW, "1 job", "lateness p50");
        out.add(idleP50.map(m -> new Verdict(
                        "Precision (1 job): lateness p50 under 1 ms",
                        number(m.median()) + " ms",
                        m.median() < 1.0 ? "met" : "not met"))
                .orElse(notMeasured("Precision (1 job): lateness p50 under 1 ms")));
        noWorseThanQuartzRam(out, p, "1 job", "lateness max");
        noWorseThanQuartzRam(out, p, "1,000 jobs", "lateness p50");
        noWorseThanQuartzRam(out, p, "1,000 jobs", "lateness max");
        Optional<Measurement> heap = find("4 Scale", JW, "1,000,000", "heap");
        out.add(heap.map(m -> new Verdict(
                        "Scale: 1,000,000 jobs within 1 GiB of heap",
                        number(m.median()) + " MiB after full GC; node ran with -Xmx1g"
                                + (m.passed() ? "" : " and FAILED"),
                        m.passed() && m.max() <= 1024 ? "met" : "not met"))
                .orElse(notMeasured("Scale: 1,000,000 jobs within 1 GiB of heap")));
        for (String size : List.of("100,000", "1,000,000")) {
            Optional<Measurement> cpu = find("4 Scale", JW, size, "idle CPU");
            String what = "Scale (" + size + " jobs): idle CPU under 5% of a core";
            out.add(cpu.map(m -> new Verdict(what, number(m.median()) + " %", m.median() < 5 ? "met" : "not met"))
                    .orElse(notMeasured(what)));
        }
        String f = "5 Footprint";
        below(out, "Footprint: supervisor under 48 MiB resident", find(f, "", "", "supervisor resident"), 48, "MiB");
        below(
                out,
                "Footprint: worker with 1,000 jobs, HTTP and store under 100 MiB",
                find(f, "", "", "worker resident"),
                100,
                "MiB");
        below(out, "Footprint: launch to /health UP under 1 s", find(f, "", "", "launch to /health UP"), 1000, "ms");
        return out;
    }

    private void noWorseThanQuartzRam(List<Verdict> out, String scenario, String load, String metric) {
        String what = "Precision (" + load + "): " + metric + " no worse than Quartz RAM's";
        Optional<Measurement> jw = find(scenario, JW, load, metric);
        Optional<Measurement> quartz = find(scenario, QZ_RAM, load, metric);
        if (jw.isEmpty() || quartz.isEmpty()) {
            out.add(notMeasured(what));
            return;
        }
        double ours = jw.get().median();
        double theirs = quartz.get().median();
        out.add(new Verdict(
                what, number(ours) + " ms vs " + number(theirs) + " ms", ours <= theirs ? "met" : "not met"));
    }

    private static void ratioAtLeast(
            List<Verdict> out, String what, Optional<Measurement> a, Optional<Measurement> b, double ratio) {
        ratio(out, what, a, b, r -> r >= ratio);
    }

    private static void ratioAtMost(List<Verdict> out, String what, Optional<Measurement> a, Optional<Measurement> b) {
        ratio(out, what, a, b, r -> r <= 1.0);
    }

    private static void ratio(
            List<Verdict> out,
            String what,
            Optional<Measurement> a,
            Optional<Measurement> b,
            java.util.function.DoublePredicate meets) {
        if (a.isEmpty() || b.isEmpty()) {
            out.add(notMeasured(what));
            return;
        }
        double r = a.get().median() / b.get().median();
        String standing = String.format(
                Locale.ROOT,
                "%.2fx (%s vs %s %s)",
                r,
                number(a.get().median()),
                number(b.get().median()),
                a.get().unit());
        out.add(new Verdict(what, standing, meets.test(r) ? "met" : "not met"));
    }

    private static void below(List<Verdict> out, String what, Optional<Measurement> m, double limit, String unit) {
        out.add(m.map(x -> new Verdict(what, number(x.median()) + " " + unit, x.median() < limit ? "met" : "not met"))
                .orElse(notMeasured(what)));
    }

    private static Verdict notMeasured(String what) {
        return new Verdict(what, "—", "not measured");
    }

    /** Markdown rows: Jobwarden's median over each peer's in the same scenario, setting and metric. */
    public String ratiosMarkdown() {
        StringBuilder s = new StringBuilder();
        s.append("| Scenario | Setting | Metric | Jobwarden | Median | Peer | Peer's median | Jobwarden ÷ peer |\n");
        s.append("| --- | --- | --- | --- | ---: | --- | ---: | ---: |\n");
        for (Measurement jw : rows) {
            if (!jw.contestant().startsWith(JW) || !jw.hasValues()) continue;
            for (Measurement peer : rows) {
                if (peer.contestant().startsWith(JW)
                        || !peer.hasValues()
                        || !peer.scenario().equals(jw.scenario())
                        || !peer.metric().equals(jw.metric())) continue;
                if (!sameSetting(jw.setting(), peer.setting())) continue;
                String better = jw.higherIsBetter() ? "higher is better" : "lower is better";
                s.append(String.format(
                        Locale.ROOT,
                        "| %s | %s | %s | %s | %s %s | %s | %s %s | %.2f (%s) |\n",
                        jw.scenario(),
                        settingKey(jw.setting()),
                        jw.metric(),
                        jw.contestant(),
                        number(jw.median()),
                        jw.unit(),
                        peer.contestant(),
                        number(peer.median()),
                        peer.unit(),
                        jw.median() / peer.median(),
                        better));
            }
        }
        return s.toString();
    }

    /** Settings match on what comes before the job count (scenario 1 runs Quartz with fewer jobs). */
    private static boolean sameSetting(String a, String b) {
        return settingKey(a).equals(settingKey(b));
    }

    private static String settingKey(String setting) {
        int comma = setting.indexOf(", ");
        return comma < 0 || !setting.contains("node") ? setting : setting.substring(0, comma);
    }
}
