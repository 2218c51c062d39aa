package io.jobwarden.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobwarden.engine.InvalidInputException;
import io.jobwarden.server.client.ApiCallException;
import io.jobwarden.server.client.ApiClient;
import io.jobwarden.server.client.ApiResponse;
import io.jobwarden.server.client.ApiUnreachableException;
import io.jobwarden.server.client.JobFile;
import io.jobwarden.server.client.TextReports;
import io.jobwarden.server.config.JobwardenConfig;
import io.jobwarden.server.config.TokenSection;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Comparator;
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
            JobsCommand.Runs.class
        })
public final class JobsCommand implements Callable<Integer> {
    static final String TOKEN_ENV = "JOBWARDEN_TOKEN";
    static final String DEFAULT_URL = "http://127.0.0.1:8080";

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
            description = "A bearer token (default: the " + TOKEN_ENV
                    + " environment variable, else the strongest token in --config).")
    String token;

    @Option(
            names = "--config",
            scope = ScopeType.INHERIT,
            paramLabel = "FILE",
            description = "The instance's jobwarden.yml: its http section gives the URL, its security.tokens a token.")
    Path config;

    @Option(names = "--json", scope = ScopeType.INHERIT, description = "Print the API's JSON answer as it is.")
    boolean json;

    @Option(
            names = "--timeout",
            scope = ScopeType.INHERIT,
            paramLabel = "SECONDS",
            defaultValue = "30",
            description = "How long to wait for the instance (default: ${DEFAULT-VALUE} s).")
    int timeoutSeconds;

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
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            JobwardenConfig instance = config == null ? null : new ConfigSource(config, null, null, null).load();
            String target = url != null ? url : instance != null ? urlOf(instance) : DEFAULT_URL;
            URI base;
            try {
                base = URI.create(target);
            } catch (IllegalArgumentException e) {
                base = URI.create("invalid:x");
            }
            if (base.getScheme() == null
                    || !(base.getScheme().equals("http") || base.getScheme().equals("https"))
                    || base.getHost() == null) {
                throw new IllegalArgumentException("--url must be like " + DEFAULT_URL + ", not '" + target + "'");
            }
            String bearer = token != null
                    ? token
                    : env.get(TOKEN_ENV) != null ? env.get(TOKEN_ENV) : instance != null ? tokenOf(instance) : null;
            int code = call.run(new ApiClient(base, bearer, Duration.ofSeconds(Math.max(1, timeoutSeconds))), out, err);
            out.flush();
            return code;
        } catch (InvalidInputException e) {
            e.errors().forEach(problem -> err.println("error: " + problem));
            return Main.USAGE;
        } catch (ApiCallException e) {
            e.errors().forEach(line -> err.println("error: " + line));
            return e.clientError() ? Main.USAGE : Main.FAILURE;
        } catch (ApiUnreachableException e) {
            err.println("error: " + e.getMessage());
            return Main.FAILURE;
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return Main.USAGE;
        } finally {
            err.flush();
        }
    }

    /** The URL a client on this machine reaches the instance at: a wildcard bind is reached on loopback. */
    static String urlOf(JobwardenConfig instance) {
        return instance.http().address().localUrl().toString();
    }

    /** The token with the highest role, so every subcommand the file's owner may run works. */
    static String tokenOf(JobwardenConfig instance) {
        return instance.security().tokens().stream()
                .max(Comparator.comparing(TokenSection::role))
                .map(t -> t.token().reveal())
                .orElse(null);
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

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "Lists the jobs: schedule, next fire, last outcome, paused.")
    static final class ListJobs implements Callable<Integer> {
        @ParentCommand
        JobsCommand jobs;

        @Override
        public Integer call() {
            return jobs.read("/api/jobs", answer -> jobs.reports().jobs(answer));
        }
    }

    @Command(
            name = "show",
            mixinStandardHelpOptions = true,
            description = "Shows one job: its state, next fires, last run and definition.")
    static final class Show implements Callable<Integer> {
        @ParentCommand
        JobsCommand jobs;

        @Parameters(paramLabel = "ID")
        String id;

        @Override
        public Integer call() {
            return jobs.read(jobPath(id), answer -> jobs.reports().job(answer));
        }
    }

    @Command(
            name = "add",
            mixinStandardHelpOptions = true,
            description =
                    "Adds the job (or list of jobs) in a YAML or JSON file; it persists and fires without a restart.")
    static final class Add implements Callable<Integer> {
        @ParentCommand
        JobsCommand jobs;

        @Parameters(paramLabel = "FILE")
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
                        }
                    } catch (ApiCallException e) {
                        failed++;
                        serverFault |= !e.clientError();
                        e.errors().forEach(line -> err.println("error: " + prefix + line));
                    }
                }
                if (failed == 0) return Main.OK;
                return serverFault ? Main.FAILURE : Main.USAGE;
            });
        }
    }

    @Command(name = "rm", mixinStandardHelpOptions = true, description = "Removes a job; its run history stays.")
    static final class Remove implements Callable<Integer> {
        @ParentCommand
        JobsCommand jobs;

        @Parameters(paramLabel = "ID")
        String id;

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
    static final class Pause implements Callable<Integer> {
        @ParentCommand
        JobsCommand jobs;

        @Parameters(paramLabel = "ID")
        String id;

        @Override
        public Integer call() {
            return jobs.act(id, "pause", r -> "paused " + id);
        }
    }

    @Command(
            name = "resume",
            mixinStandardHelpOptions = true,
            description = "Resumes a paused job from now; missed fires are not made up.")
    static final class Resume implements Callable<Integer> {
        @ParentCommand
        JobsCommand jobs;

        @Parameters(paramLabel = "ID")
        String id;

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
    static final class Trigger implements Callable<Integer> {
        @ParentCommand
        JobsCommand jobs;

        @Parameters(paramLabel = "ID")
        String id;

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

    @Command(name = "runs", mixinStandardHelpOptions = true, description = "Shows a job's runs, newest first.")
    static final class Runs implements Callable<Integer> {
        @ParentCommand
        JobsCommand jobs;

        @Parameters(paramLabel = "ID")
        String id;

        @Option(
                names = "--limit",
                paramLabel = "N",
                defaultValue = "20",
                description = "How many runs (1 to 500, default ${DEFAULT-VALUE}).")
        int limit;

        @Option(names = "--before", paramLabel = "RUN", description = "Only runs older than this run id (for paging).")
        Long before;

        @Override
        public Integer call() {
            String query = "?limit=" + limit + (before == null ? "" : "&before=" + before);
            return jobs.read(
                    jobPath(id) + "/runs" + query, answer -> jobs.reports().runs(answer));
        }
    }
}
