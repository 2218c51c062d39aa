package io.jobwarden.bench;

import io.jobwarden.bench.peer.Database;
import io.jobwarden.bench.peer.JobwardenContestant;
import io.jobwarden.bench.peer.Kind;
import io.jobwarden.bench.report.Environment;
import io.jobwarden.bench.report.Measurement;
import io.jobwarden.bench.report.ResultsDocument;
import io.jobwarden.bench.report.ResultsTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The benchmark's command line (bench/run.sh starts it): runs the chosen scenarios, prints each repetition as it
 * ends and the table at the end, and writes the results document. Exit 0 when every correctness check passed,
 * 1 on bad arguments, 3 when a check failed.
 */
public final class BenchMain {
    static final String USAGE = """
            usage: bench/run.sh [--smoke] [--reps N] [--scenarios 1,2,3,4,5,6] [--nodes 1,2,3] [--out FILE] [--work DIR]
                                [--pg-url URL] [--pg-user USER] [--pg-password PW] [--server-jar FILE] [--note TEXT]
              --smoke        tiny sizes, to try the harness (seconds, not a measurement)
              --reps N       repetitions per figure (default 3)
              --scenarios    which scenarios to run (default all; 6 is the JMH hot path)
              --nodes        scenario 1's cluster sizes (default 1,2,3)
              --out FILE     the results document (default bench/RESULTS.md)
              --work DIR     ledgers, logs and SQLite files (default bench/target/bench-work)
              --pg-url       PostgreSQL for scenario 1 (default jdbc:postgresql://127.0.0.1:5432/test, user postgres)
              --server-jar   the product jar for scenario 5 (default server/target/jobwarden.jar)
              --note TEXT    a remark for the document, e.g. what else ran on the machine
            """;

    private BenchMain() {}

    /** Parsed command line. */
    record Options(
            BenchPlan plan,
            Set<Integer> scenarios,
            Set<Kind> clusterContestants,
            Path out,
            Path work,
            Database postgres,
            Path serverJar,
            String note,
            String command) {

        static Options parse(String[] args) {
            BenchPlan plan = BenchPlan.full();
            Integer reps = null;
            List<Integer> nodes = null;
            Set<Integer> scenarios = new LinkedHashSet<>(List.of(1, 2, 3, 4, 5, 6));
            Path out = Path.of("bench/RESULTS.md");
            Path work = Path.of("bench/target/bench-work");
            String url = "jdbc:postgresql://127.0.0.1:5432/test";
            String user = "postgres";
            String password = null;
            Path jar = Path.of("server/target/jobwarden.jar");
            String note = null;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--smoke" -> plan = BenchPlan.smoke();
                    case "--reps" -> reps = positive(a, value(args, ++i, a));
                    case "--scenarios" -> {
                        scenarios.clear();
                        for (String s : value(args, ++i, a).split(",")) {
                            int n = positive(a, s.strip());
                            if (n > 6)
                                throw new IllegalArgumentException(
                                        "--scenarios: there is no scenario " + n + "; they are 1 to 6");
                            scenarios.add(n);
                        }
                    }
                    case "--nodes" -> {
                        nodes = new java.util.ArrayList<>();
                        for (String s : value(args, ++i, a).split(",")) nodes.add(positive(a, s.strip()));
                    }
                    case "--out" -> out = Path.of(value(args, ++i, a));
                    case "--work" -> work = Path.of(value(args, ++i, a));
                    case "--pg-url" -> url = value(args, ++i, a);
                    case "--pg-user" -> user = value(args, ++i, a);
                    case "--pg-password" -> password = value(args, ++i, a);
                    case "--server-jar" -> jar = Path.of(value(args, ++i, a));
                    case "--note" -> note = value(args, ++i, a);
                    default -> throw new IllegalArgumentException("unknown option '" + a + "'");
                }
            }
            if (reps != null) plan = plan.withRepetitions(reps);
            if (nodes != null) plan = plan.withClusterNodes(nodes);
            String command = "bench/run.sh" + (args.length == 0 ? "" : " " + String.join(" ", args));
            Set<Kind> contestants = contestants(System.getProperty("bench.only", ""));
            return new Options(
                    plan, scenarios, contestants, out, work, new Database(url, user, password), jar, note, command);
        }

        /**
         * Scenario 1's contestants from {@code -Dbench.only=KIND,...} (bench/README.md), all of them when it is
         * blank; a name that is not one of them is a typo, refused before anything runs.
         */
        static Set<Kind> contestants(String only) {
            if (only.isBlank()) return Benchmark.CLUSTER_CONTESTANTS;
            Set<Kind> chosen = EnumSet.noneOf(Kind.class);
            for (String name : only.split(",")) {
                if (name.isBlank()) continue;
                Kind kind = Benchmark.CLUSTER_CONTESTANTS.stream()
                        .filter(k -> k.name().equals(name.strip()))
                        .findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("-Dbench.only: there is no contestant "
                                + name.strip() + " in scenario 1; they are " + Benchmark.CLUSTER_CONTESTANTS));
                chosen.add(kind);
            }
            if (chosen.isEmpty())
                throw new IllegalArgumentException(
                        "-Dbench.only: '" + only + "' names no contestant; they are " + Benchmark.CLUSTER_CONTESTANTS);
            return Collections.unmodifiableSet(chosen);
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) throw new IllegalArgumentException(option + " needs a value");
            return args[i];
        }

        private static int positive(String option, String text) {
            try {
                int n = Integer.parseInt(text);
                if (n < 1) throw new NumberFormatException();
                return n;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + ": '" + text + "' is not a positive whole number");
            }
        }
    }

    public static void main(String[] args) throws IOException {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            System.out.print(USAGE);
            return;
        }
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.err.print(USAGE);
            System.exit(1);
            return;
        }
        List<Measurement> rows = run(o);
        System.exit(rows.stream().allMatch(Measurement::passed) ? 0 : 3);
    }

    /** Runs the scenarios, writes the document, returns the measurements. */
    static List<Measurement> run(Options o) throws IOException {
        Files.createDirectories(o.work());
        String started = now();
        String loadBefore = Environment.loadAverage();
        Benchmark bench = new Benchmark(o.plan(), o.postgres(), o.work(), o.serverJar(), line -> {
            System.out.println(line);
            System.out.flush();
        });
        List<Measurement> rows = new ArrayList<>();
        if (o.scenarios().contains(1)) rows.addAll(bench.cluster(o.clusterContestants()));
        if (o.scenarios().contains(2)) rows.addAll(bench.embedded());
        if (o.scenarios().contains(3)) rows.addAll(bench.precision());
        if (o.scenarios().contains(4)) rows.addAll(bench.scale());
        if (o.scenarios().contains(5)) rows.addAll(bench.footprint());
        if (o.scenarios().contains(6)) rows.addAll(bench.hotPath());

        ResultsDocument.Run run = new ResultsDocument.Run(
                o.command(),
                started,
                now(),
                loadBefore,
                Environment.loadAverage(),
                planText(o),
                Environment.machine(),
                Environment.versions(o.postgres()),
                bench.notes(),
                o.note());
        String document = ResultsDocument.render(run, rows);
        if (o.out().getParent() != null) Files.createDirectories(o.out().getParent());
        Files.writeString(o.out(), document);
        System.out.println();
        System.out.print(ResultsTable.markdown(rows));
        System.out.println();
        System.out.println("written to " + o.out());
        return rows;
    }

    private static String planText(Options o) {
        BenchPlan p = o.plan();
        return String.format(
                Locale.ROOT,
                "%s sizes, %d repetitions, scenarios %s; every contestant %d worker threads per node, poll interval %d ms, "
                        + "node JVMs -Xms256m -Xmx1g (scenario 4: -Xmx1g without -Xms), Jobwarden's also "
                        + String.join(" ", JobwardenContestant.WORKER_JVM)
                        + " (its worker's)"
                        + (o.clusterContestants().equals(Benchmark.CLUSTER_CONTESTANTS)
                                ? ""
                                : "; scenario 1 only " + o.clusterContestants()),
                p.name(),
                p.repetitions(),
                o.scenarios(),
                p.threads(),
                p.pollInterval().toMillis());
    }

    private static String now() {
        return ZonedDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z", Locale.ROOT));
    }
}
