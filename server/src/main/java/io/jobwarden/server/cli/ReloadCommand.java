package io.jobwarden.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobwarden.engine.InvalidInputException;
import io.jobwarden.platform.InstanceDirectory;
import io.jobwarden.platform.PlatformKind;
import io.jobwarden.platform.ServiceName;
import io.jobwarden.server.ApiEndpointFile;
import io.jobwarden.server.client.ApiResponse;
import io.jobwarden.server.client.ClientConfig;
import io.jobwarden.server.config.ConfigLoader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jobwarden reload}: {@code POST /api/reload} on a running instance, which reads its config file again and
 * applies the jobs without a restart. A broken file is refused and changes nothing; its errors are printed one per
 * line and the exit code is 1.
 */
@Command(
        name = "reload",
        mixinStandardHelpOptions = true,
        description = {
            "Makes a running instance read its config file again and apply its jobs without a restart "
                    + "(POST /api/reload; needs an admin token). Prints the jobs added, replaced and removed, and "
                    + "the settings that changed but take effect only on a restart (http, store, cluster, ...).",
            "A broken file is refused and the running config stays: one 'error: field: message' line per problem, "
                    + "exit 1. SIGHUP to the process of 'jobwarden run' does the same and logs the outcome."
        })
public final class ReloadCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--url",
            paramLabel = "URL",
            description = "The instance's API (default: from --name, else from --config, else " + ApiTarget.DEFAULT_URL
                    + ").")
    String url;

    @Option(
            names = "--name",
            paramLabel = "NAME",
            description = "The instance started as 'run --name NAME' (with the same --config and --data), or without"
                    + " either (and no jobwarden.yml here) the installed service NAME: its API is the URL it"
                    + " published in its data directory when it started.")
    String name;

    @Option(
            names = "--data",
            paramLabel = "DIR",
            description = "With --name: the --data directory the instance was started with.")
    Path data;

    @Option(
            names = "--token",
            paramLabel = "TOKEN",
            description = "An admin token (default: --token-file, else the " + ApiTarget.TOKEN_ENV
                    + " environment variable, else the strongest token in --config).")
    String token;

    @Option(
            names = "--token-file",
            paramLabel = "FILE",
            description =
                    "A file holding the token on one line; refused unless only its owner may read it (chmod 600).")
    Path tokenFile;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description =
                    "The instance's jobwarden.yml, for its URL and a token (only http and security.tokens are read).")
    Path config;

    @Option(names = "--json", description = "Print the API's JSON answer as it is.")
    boolean json;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            defaultValue = "30s",
            description = "How long to wait for the instance: a duration like 30s or 1m30s, or whole seconds"
                    + " (default: ${DEFAULT-VALUE}).")
    String timeout;

    private final Map<String, String> env;

    public ReloadCommand() {
        this(System.getenv());
    }

    /** For tests: the environment the token falls back to. */
    ReloadCommand(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    @Override
    public Integer call() {
        String instanceUrl;
        try {
            instanceUrl = name == null ? url : publishedUrl();
        } catch (IllegalArgumentException | InvalidInputException e) {
            spec.commandLine().getErr().println("error: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return Main.USAGE;
        }
        ApiTarget target = new ApiTarget(instanceUrl, token, tokenFile, configFile(), timeout, env);
        return target.talk(
                (api, out, err) -> {
                    ApiResponse r = api.post("/api/reload", Map.of());
                    out.print(json ? r.body() + "\n" : report(r.json()));
                    return Main.OK;
                },
                spec.commandLine().getOut(),
                spec.commandLine().getErr());
    }

    /** The URL the instance {@code --name} published in its data directory, found the way {@code run} finds it. */
    private String publishedUrl() {
        if (url != null) throw new IllegalArgumentException("--name and --url both say which instance; use one");
        Path file = configFile();
        List<Path> places = new ArrayList<>();
        if (file == null && data == null) {
            // Nothing here says where the instance runs from: it is the installed service of that name, whose base
            // directory is the OS's place for it, and whose file may or may not give the same name.
            Path base = Path.of(InstanceDirectory.of(
                    PlatformKind.current(), ServiceName.of(name), env.getOrDefault("ProgramData", "C:\\ProgramData")));
            places.add(ConfigLoader.instanceDataDirectory(base, "", name));
            places.add(ConfigLoader.instanceDataDirectory(base, name, name));
        } else {
            places.add(ClientConfig.instanceDataDirectory(file, data, name));
        }
        for (Path dataDir : places) {
            Optional<URI> published = ApiEndpointFile.read(dataDir);
            if (published.isPresent()) return published.get().toString();
        }
        throw new IllegalArgumentException("--name: no instance '" + name
                + "' has its API up with this config and data directory (no "
                + places.stream().map(p -> ApiEndpointFile.in(p).toString()).collect(Collectors.joining(" or "))
                + "); start it, or give --url");
    }

    /** With {@code --name}, the file {@code run} would read: {@code --config}, else jobwarden.yml here if present. */
    private Path configFile() {
        if (config != null || name == null) return config;
        return Files.isRegularFile(ConfigSource.DEFAULT_FILE) ? ConfigSource.DEFAULT_FILE : null;
    }

    static String report(JsonNode answer) {
        StringBuilder out = new StringBuilder();
        for (String key : List.of("added", "replaced", "removed")) {
            List<String> ids = texts(answer.path(key));
            if (!ids.isEmpty())
                out.append(key).append(": ").append(String.join(", ", ids)).append('\n');
        }
        if (out.length() == 0) out.append("reloaded: no job changed\n");
        List<String> restart = texts(answer.path("restartRequired"));
        if (!restart.isEmpty())
            out.append("changed, but applied only on a restart: ")
                    .append(String.join(", ", restart))
                    .append('\n');
        return out.toString();
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
