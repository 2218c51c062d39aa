package io.jobwarden.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobwarden.engine.InvalidInputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The supervisor's shortcut (JobsBlock) never changes a setting: for config files mixing the YAML forms people write
 * (flow lists and maps, quotes of both kinds with their escapes, comments, block scalars, values that go on at column
 * 0, a jobs block at the start, middle or end), whenever the whole file reads, the supervisor's read gives the same
 * settings.
 */
class JobsBlockPropertyTest {
    private static final Path BASE = Path.of("/tmp/jobwarden-jobs-block-property");

    @Property(tries = 300)
    void theSupervisorReadsTheSettingsTheWholeFileHas(@ForAll("files") String yaml) {
        JobwardenConfig whole;
        try {
            whole = new ConfigLoader(TestRunners.all(), Map.of()).parse(yaml, "jobwarden.yml", BASE);
        } catch (InvalidInputException e) {
            return; // only files that read are compared
        }
        JobwardenConfig settings =
                new ConfigLoader(List.of(), Map.of()).withoutJobs().parse(yaml, "jobwarden.yml", BASE);
        assertThat(settings.jobs()).isEmpty();
        assertThat(Arrays.asList(
                        settings.name(),
                        settings.dataDir(),
                        settings.http(),
                        settings.store(),
                        settings.cluster(),
                        settings.supervisor(),
                        settings.logging(),
                        settings.threads(),
                        settings.shutdownTimeout(),
                        settings.misfireThreshold(),
                        settings.groups(),
                        settings.history(),
                        settings.cronDialect()))
                .as(yaml)
                .isEqualTo(Arrays.asList(
                        whole.name(),
                        whole.dataDir(),
                        whole.http(),
                        whole.store(),
                        whole.cluster(),
                        whole.supervisor(),
                        whole.logging(),
                        whole.threads(),
                        whole.shutdownTimeout(),
                        whole.misfireThreshold(),
                        whole.groups(),
                        whole.history(),
                        whole.cronDialect()));
    }

    @Provide
    Arbitrary<String> files() {
        Arbitrary<List<String>> settings = setting()
                .list()
                .uniqueElements(line -> line.split(":")[0])
                .ofMinSize(0)
                .ofMaxSize(5);
        Arbitrary<List<String>> jobs = job().list().ofMinSize(1).ofMaxSize(4);
        Arbitrary<Integer> where = Arbitraries.integers().between(0, 5);
        Arbitrary<Boolean> compact = Arbitraries.of(true, false);
        return Combinators.combine(settings, jobs, where, compact).as((s, j, at, flat) -> {
            List<String> parts = new ArrayList<>(s);
            StringBuilder block = new StringBuilder("jobs:").append(flat ? "\n" : "   # the jobs\n");
            for (String job : j) block.append(flat ? job.replaceAll("(?m)^  ", "") : job);
            parts.add(Math.min(at, parts.size()), block.toString());
            return String.join("", parts);
        });
    }

    private static Arbitrary<String> setting() {
        return Arbitraries.of(
                "name: \"quoted-name\" # it's quoted\n",
                "name: 'single_quoted'\n",
                "threads: 3\n",
                "threads: 4 # a comment with a quote \"\n",
                "supervisor: { heartbeat-timeout: 9s }\n",
                "supervisor:\n  heartbeat-timeout: 11s\n  restart-delay: 2s\n",
                "shutdown-timeout: 12s\n",
                "misfire-threshold: 7s\n",
                "http: { bind: 127.0.0.1, port: 8181 }\n",
                "# a comment line: jobs:\n",
                "\n",
                "cluster: { lease: 40s,\n  poll-interval: 2s }\n",
                "supervisor: { heartbeat-timeout: 8s,\n  restart-delay: 3s }\n",
                "groups:\n  slow: { max-concurrent: 2 }\n");
    }

    private static Arbitrary<String> job() {
        Arbitrary<String> id =
                Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(6);
        Arbitrary<String> extra = Arbitraries.of(
                "",
                "    description: it's fine: really # not a quote \"\n",
                "    description: \"a \\\"quoted\\\" word and 'single' ones\"\n",
                "    description: 'it''s [not] {flow}'\n",
                "    description: |\n      line one: \"x\n      line two\n",
                "    description: \"goes on\n  indented\"\n",
                "    description: \"goes on\nthreads: 9 #\"\n",
                "    description: [a,\nthreads: 9]\n",
                "    env: { A: \"[\", B: '{', C: \"#\" }\n",
                "    # threads: 8\n");
        return Combinators.combine(id, extra)
                .as((i, e) -> "  - id: " + i + "\n    schedule: \"@every 1m\"\n"
                        + "    type: shell\n    command: [\"sh\", \"-c\", \"echo 'hi' # x\"]\n" + e);
    }
}
