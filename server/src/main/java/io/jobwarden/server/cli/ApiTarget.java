package io.jobwarden.server.cli;

import io.jobwarden.engine.Durations;
import io.jobwarden.engine.InvalidInputException;
import io.jobwarden.server.client.ApiCallException;
import io.jobwarden.server.client.ApiClient;
import io.jobwarden.server.client.ApiUnreachableException;
import io.jobwarden.server.client.ClientConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The instance a client command talks to and the token it shows, from {@code --url}, {@code --token},
 * {@code --token-file}, {@code JOBWARDEN_TOKEN} and {@code --config}, in that order of precedence; and the one
 * place API failures become {@code error: ...} lines and exit codes. Shared by {@code jobs} and {@code reload}.
 */
record ApiTarget(String url, String token, Path tokenFile, Path config, String timeout, Map<String, String> env) {
    static final String TOKEN_ENV = "JOBWARDEN_TOKEN";
    static final String DEFAULT_URL = "http://127.0.0.1:8080";

    private static final Set<PosixFilePermission> OWNER_ONLY =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    /** Runs one API conversation and turns its failures into {@code error: ...} lines and exit codes. */
    int talk(JobsCommand.ApiCall call, PrintWriter out, PrintWriter err) {
        try {
            int code = call.run(client(), out, err);
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

    ApiClient client() {
        if (token != null && tokenFile != null)
            throw new IllegalArgumentException("--token and --token-file both give a token; use one");
        Optional<ClientConfig> instance =
                config == null ? Optional.empty() : Optional.of(ClientConfig.read(config, env));
        String target =
                url != null ? url : instance.map(c -> c.url().toString()).orElse(DEFAULT_URL);
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
                : tokenFile != null
                        ? readTokenFile(tokenFile)
                        : env.get(TOKEN_ENV) != null
                                ? env.get(TOKEN_ENV)
                                : instance.flatMap(ClientConfig::token).orElse(null);
        return new ApiClient(base, bearer, parseTimeout(timeout));
    }

    /**
     * {@code --timeout}: a duration as everywhere ({@code 30s}, {@code 1m30s}), or whole seconds as the option took
     * before it read durations.
     */
    static Duration parseTimeout(String text) {
        Duration wait;
        try {
            wait = text.strip().matches("\\d{1,9}")
                    ? Duration.ofSeconds(Long.parseLong(text.strip()))
                    : Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("--timeout", e.getMessage());
        }
        if (wait.isZero()) throw new InvalidInputException("--timeout", "must be positive, like 30s");
        return wait;
    }

    /**
     * A token kept in a file, refused unless only its owner may read it: a token others can read is as good as
     * published, and refusing says so before the token is ever sent.
     */
    static String readTokenFile(Path file) {
        if (!Files.isRegularFile(file))
            throw new InvalidInputException("--token-file", file + " does not exist or is not a file");
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (!OWNER_ONLY.containsAll(perms)) {
                throw new InvalidInputException(
                        "--token-file",
                        file + " may be read by others (" + PosixFilePermissions.toString(perms) + "); run: chmod 600 "
                                + file);
            }
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system (Windows): its ACLs are the owner's business.
        } catch (IOException e) {
            throw new InvalidInputException("--token-file", file + " cannot be read: " + e.getMessage());
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new InvalidInputException("--token-file", file + " cannot be read: " + e.getMessage());
        }
        if (text.isEmpty() || text.contains("\n"))
            throw new InvalidInputException("--token-file", file + " must hold one token on one line");
        return text;
    }
}
