package io.jobwarden.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jobwarden.engine.InvalidInputException;
import io.jobwarden.server.client.ApiCallException;
import io.jobwarden.server.client.ApiClient;
import io.jobwarden.server.client.ApiPages;
import io.jobwarden.server.client.ApiResponse;
import io.jobwarden.server.client.JobFile;
import io.jobwarden.server.client.TextReports;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code jobwarden jobs ...}: a client of a running instance's REST API. Exit codes: 0 success, 1 when the API
 * refused the request (4xx) or the input is wrong, 2 when the instance cannot be reached or failed (5xx).
 */
@Command(
        name = "jobs",
        mixinStandardHelpOptions = true,
        description = "Manages the jobs of a running instance through its REST API.",
        subcommands = {
            JobsCommand.ListJobs.class,
            JobsCommand.Show.class,
            JobsCommand.Add.class,
            JobsCommand.Remove.class,
            JobsCommand.Pause.class,
            JobsCommand.Resume.class,
            JobsCommand.Trigger.class,
            JobsCommand.Runs.class,
            JobsCommand.Output.class
        })
public final class JobsCommand implements Callable<Integer> {
    static final String TOKEN_ENV = ApiTarget.TOKEN_ENV;
    static final String DEFAULT_URL = ApiTarget.DEFAULT_URL;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--url",
            scope = ScopeType.INHERIT,
            paramLabel = "URL",
            description = "The instance's API (default: from --config, else " + DEFAULT_URL + ").")
    String url;

    @Option(
            names = "--token",
            scope = ScopeType.INHERIT,
            paramLabel = "TOKEN",
            description = "A bearer token (default: --token-file, else the " + TOKEN_ENV
                    + " environment variable, else the strongest token in --config).")
    String token;

    @Option(
            names = "--token-file",
            scope = ScopeType.INHERIT,
            paramLabel = "FILE",
            description =
                    "A file holding the token on one line; refused unless only its owner may read it (chmod 600).")
    Path tokenFile;

    @Option(
            names = "--config",
            scope = ScopeType.INHERIT,
            paramLabel = "FILE",
            description = "The instance's jobwarden.yml: only its http section (the URL) and security.tokens (a token "
                    + "whose $${env:...} this environment holds) are read; nothing else needs to resolve.")
    Path config;

    @Option(names = "--json", scope = ScopeType.INHERIT, description = "Print the API's JSON answer as it is.")
    boolean json;

    @Option(
            names = "--timeout",
            scope = ScopeType.INHERIT,
            paramLabel = "DURATION",
            defaultValue = "30s",
            description = "How long to wait for the instance: a duration like 30s or 1m30s, or whole seconds"
                    + " (default: ${DEFAULT-VALUE}).")
    String timeout;

    private final Map<String, String> env;

    public JobsCommand() {
        this(System.getenv());
    }

    /** For tests: the environment the token falls back to. */
    JobsCommand(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return Main.USAGE;
    }

    /** Runs one API conversation and turns its failures into {@code error: ...} lines and exit codes. */
    int talk(ApiCall call) {
        return target().talk(
                        call, spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    ApiTarget target() {
        return new ApiTarget(url, token, tokenFile, config, timeout, env);
    }

    /** A GET, printing the answer as it is with --json, else as {@code render} makes it. */
    int read(String path, Function<JsonNode, String> render) {
        return talk((api, out, err) -> {
            ApiResponse r = api.get(path);
            out.print(json ? r.body() + "\n" : render.apply(r.json()));
            return Main.OK;
        });
    }

    /** {@code POST /api/jobs/{id}/{action}}, printing the answer as it is with --json, else as {@code text} says. */
    int act(String id, String action, Function<ApiResponse, String> text) {
        return talk((api, out, err) -> {
            ApiResponse r = api.post(jobPath(id) + "/" + action, Map.of());
            out.println(json ? r.body() : text.apply(r));
            return Main.OK;
        });
    }

    TextReports reports() {
        return new TextReports(ZoneId.systemDefault());
    }

    @FunctionalInterface
    interface ApiCall {
        int run(ApiClient api, PrintWriter out, PrintWriter err);
    }

    static String jobPath(String id) {
        return "/api/jobs/" + ApiClient.segment(id);
    }

    /** A subcommand about one job, named by its id. */
    abstract static class OneJob implements Callable<Integer> {
        @ParentCommand
        JobsCommand jobs;

        @Parameters(paramLabel = "ID")
        String id;
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "Lists the jobs: schedule, next fire, last outcome, paused.")
    static final class ListJobs implements Callable<Integer> {
        @ParentCommand
        JobsCommand jobs;

        /** Pages are asked for in the API's largest size; the answer printed is every job, as one list. */
        @Override
        public Integer call() {
            return jobs.talk((api, out, err) -> {
                ObjectNode answer = ApiPages.allJobs(api);
                out.print(jobs.json ? answer + "\n" : jobs.reports().jobs(answer));
                return Main.OK;
            });
        }
    }

    @Command(
            name = "show",
            mixinStandardHelpOptions = true,
            description = "Shows one job: its state, next fires, last run and definition.")
    static final class Show extends OneJob {
        @Override
        public Integer call() {
            return jobs.read(jobPath(id), answer -> jobs.reports().job(answer));
        }
    }

    @Command(
            name = "add",
            mixinStandardHelpOptions = true,
            description = {
                "Adds the job (or list of jobs) in a YAML or JSON file; it persists and fires without a restart.",
                "FILE holds one job, a list of jobs, or a config-style 'jobs:' list, in YAML or in JSON (a name ending "
                        + "in .json, or text starting with { or [). A job has the keys of an entry of 'jobs:' in "
                        + "jobwarden.yml: id, schedule and type, the type's own keys (shell: command or shell, env, workdir; "
                        + "http: url, method, headers, body; java: class), and zone, timeout, retry, overlap, misfire, "
                        + "group (docs/configuration.md). For example:",
                "  id: nightly-export",
                "  schedule: \"0 30 2 * * ?\"",
                "  zone: Europe/Berlin",
                "  type: shell",
                "  command: [\"/opt/export/run.sh\"]",
                "  env: { DB_PASSWORD: \"$${env:EXPORT_DB_PASSWORD}\" }",
                "  retry: { max: 3, backoff: 30s }",
                "A $${env:NAME} is sent as written: the instance keeps the reference and reads NAME from its own "
                        + "environment when a run starts. A job whose id exists is refused unless --replace is "
                        + "given. shell and java jobs need an admin token."
            })
    static final class Add implements Callable<Integer> {
        @ParentCommand
        JobsCommand jobs;

        @Parameters(paramLabel = "FILE", description = "The YAML or JSON file with the job or jobs, as above.")
        Path file;

        @Option(names = "--replace", description = "Replace jobs that exist instead of refusing them.")
        boolean replace;

        @Override
        public Integer call() {
            return jobs.talk((api, out, err) -> {
                List<Map<String, Object>> defs = JobFile.read(file);
                int failed = 0;
                boolean serverFault = false;
                for (int i = 0; i < defs.size(); i++) {
                    Map<String, Object> def = defs.get(i);
                    String prefix = defs.size() == 1 ? "" : "[" + i + "].";
                    try {
                        Object id = def.get("id");
                        ApiResponse r = replace && id instanceof String s
                                ? api.put(jobPath(s), def)
                                : api.post("/api/jobs", def);
                        if (jobs.json) {
                            out.println(r.body());
                        } else {
                            String verb = r.status() == 201 ? "added" : "replaced";
                            out.println(verb + " " + r.json().path("id").asText() + ", next fire "
                                    + jobs.reports().time(r.json().path("nextFireAt")));
                            // Accepted, but maybe not meant (an ambiguous day number, an @at already past).
                            r.json().path("warnings").forEach(w -> err.println("warning: " + prefix + w.asText()));
                        }
                    } catch (ApiCallException e) {
                        failed++;
                        serverFault |= !e.clientError();
                        if (e.status() == 409 && !replace && def.get("id") instanceof String id) {
                            // The API's answer names PUT; here the way to replace it is an option of this command.
                            err.println("error: " + prefix + "id: a job '" + id + "' exists; jobs add --replace " + file
                                    + " replaces it");
                        } else {
                            e.errors().forEach(line -> err.println("error: " + prefix + line));
                        }
                    }
                }
                if (failed == 0) return Main.OK;
                return serverFault ? Main.FAILURE : Main.USAGE;
            });
        }
    }

    @Command(name = "rm", mixinStandardHelpOptions = true, description = "Removes a job; its run history stays.")
    static final class Remove extends OneJob {
        @Override
        public Integer call() {
            return jobs.talk((api, out, err) -> {
                api.delete(jobPath(id));
                if (!jobs.json) out.println("removed " + id);
                return Main.OK;
            });
        }
    }

    @Command(
            name = "pause",
            mixinStandardHelpOptions = true,
            description = "Pauses a job: it fires no more until resumed.")
    static final class Pause extends OneJob {
        @Override
        public Integer call() {
            return jobs.act(id, "pause", r -> "paused " + id);
        }
    }

    @Command(
            name = "resume",
            mixinStandardHelpOptions = true,
            description = "Resumes a paused job from now; missed fires are not made up.")
    static final class Resume extends OneJob {
        @Override
        public Integer call() {
            return jobs.act(
                    id,
                    "resume",
                    r -> "resumed " + id + ", next fire "
                            + jobs.reports().time(r.json().path("nextFireAt")));
        }
    }

    @Command(name = "trigger", mixinStandardHelpOptions = true, description = "Fires a job now, outside its schedule.")
    static final class Trigger extends OneJob {
        @Override
        public Integer call() {
            return jobs.act(
                    id,
                    "trigger",
                    r -> "triggered " + id + ": fire at "
                            + jobs.reports().time(r.json().path("fireAt"))
                            + (r.json().path("message").isTextual()
                                    ? "\nnote: " + r.json().path("message").asText()
                                    : ""));
        }
    }

    @Command(
            name = "runs",
            mixinStandardHelpOptions = true,
            description = "Shows a job's runs, newest first: state, exit code and the first line of a failure's error. "
                    + "'jobs output RUN_ID' shows one run's output and stack trace.")
    static final class Runs extends OneJob {
        @Option(
                names = "--limit",
                paramLabel = "N",
                defaultValue = "20",
                description = "How many runs (1 to 500, default ${DEFAULT-VALUE}).")
        int limit;

        @Option(names = "--before", paramLabel = "RUN", description = "Only runs older than this run id (for paging).")
        Long before;

        @Option(
                names = "--failed",
                description = "Only failed runs: FAILED, TIMED_OUT and ABANDONED (looks through up to "
                        + ApiPages.FAILED_SCAN_PAGES * ApiPages.MAX_PAGE + " runs).")
        boolean failed;

        @Override
        public Integer call() {
            if (!failed) {
                String query = "?limit=" + limit + (before == null ? "" : "&before=" + before);
                return jobs.read(
                        jobPath(id) + "/runs" + query, answer -> jobs.reports().runs(answer));
            }
            return jobs.talk((api, out, err) -> {
                if (limit < 1 || limit > ApiPages.MAX_PAGE)
                    throw new InvalidInputException("limit", "must be 1 to " + ApiPages.MAX_PAGE + ", not " + limit);
                ObjectNode answer = ApiPages.failedRuns(api, id, jobPath(id) + "/runs", limit, before);
                out.print(jobs.json ? answer + "\n" : jobs.reports().runs(answer));
                return Main.OK;
            });
        }
    }

    @Command(
            name = "output",
            mixinStandardHelpOptions = true,
            description = {
                "Shows one run as a person reads it: a header line (job, state, exit code, times), then what the run "
                        + "printed, then for a failure its error or stack trace.",
                "Run ids are in the RUN column of 'jobs runs ID'."
            })
    static final class Output implements Callable<Integer> {
        @ParentCommand
        JobsCommand jobs;

        @Parameters(paramLabel = "RUN_ID")
        long runId;

        @Override
        public Integer call() {
            return jobs.read("/api/runs/" + runId, run -> jobs.reports().run(run));
        }
    }
}
