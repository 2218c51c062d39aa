package io.jobwarden.server.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.jobwarden.engine.InvalidInputException;
import io.jobwarden.server.config.ConfigLoader;
import io.jobwarden.server.config.HttpSection;
import io.jobwarden.server.config.JobwardenConfig;
import io.jobwarden.server.http.BindAddress;
import io.jobwarden.server.http.auth.Role;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a client needs of an instance's {@code jobwarden.yml}: the URL (from {@code http}) and a token (from {@code
 * security.tokens}), and nothing else. The rest of the file is not validated and its {@code ${env:...}} references
 * are not resolved: the server's environment (control secret, store password) is not the client's business. A token
 * written as a reference is resolved from the client's environment when it holds the variable, else skipped.
 */
public record ClientConfig(URI url, Optional<String> token) {
    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)}");

    /**
     * @throws InvalidInputException when the file cannot be read, is not YAML, or its {@code http} is malformed
     */
    public static ClientConfig read(Path file, Map<String, String> env) {
        Object root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readValue(Files.readString(file), Object.class);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new InvalidInputException("--config", "config file " + file + " does not exist");
        } catch (IOException e) {
            throw new InvalidInputException(
                    "--config", "config file " + file + " cannot be read as YAML: " + firstLine(e.getMessage()));
        }
        Map<?, ?> top = root instanceof Map<?, ?> m ? m : Map.of();
        Map<?, ?> http = section(top.get("http"), "http");
        String bind = text(http.get("bind"), HttpSection.DEFAULT_BIND);
        int port;
        Object rawPort = http.get("port");
        try {
            port = rawPort == null
                    ? HttpSection.DEFAULT_PORT
                    : Integer.parseInt(String.valueOf(rawPort).trim());
        } catch (NumberFormatException e) {
            throw new InvalidInputException("http.port", "'" + rawPort + "' is not a port number");
        }
        boolean tls = http.get("tls") != null;
        URI url = new BindAddress(bind, port, tls).localUrl();
        return new ClientConfig(url, strongestToken(section(top.get("security"), "security"), env));
    }

    /**
     * The data directory of the instance {@code name} runs from {@code file} (null: none) with {@code --data dataDir}
     * (null: none): where it publishes its API's URL. Only the file's {@code name:} is read.
     */
    public static Path instanceDataDirectory(Path file, Path dataDir, String name) {
        String fileName = JobwardenConfig.DEFAULT_NAME;
        if (file != null) {
            try {
                Object root = new ObjectMapper(new YAMLFactory()).readValue(Files.readString(file), Object.class);
                if (root instanceof Map<?, ?> top && top.get("name") instanceof String n) fileName = n;
            } catch (java.nio.file.NoSuchFileException e) {
                throw new InvalidInputException("--config", "config file " + file + " does not exist");
            } catch (IOException e) {
                throw new InvalidInputException(
                        "--config", "config file " + file + " cannot be read as YAML: " + firstLine(e.getMessage()));
            }
        }
        return ConfigLoader.instanceDataDirectory(ConfigLoader.baseDirectory(dataDir, file), fileName, name);
    }

    /** The token with the highest role whose value is known here, so every command its owner may run works. */
    private static Optional<String> strongestToken(Map<?, ?> security, Map<String, String> env) {
        Object tokens = security.get("tokens");
        if (!(tokens instanceof List<?> list)) return Optional.empty();
        String best = null;
        Role bestRole = null;
        for (Object entry : list) {
            if (!(entry instanceof Map<?, ?> t)) continue;
            Optional<String> value = resolve(t.get("token"), env);
            Optional<Role> role = Role.fromConfigName(text(t.get("role"), ""));
            if (value.isEmpty() || role.isEmpty()) continue;
            if (bestRole == null || role.get().compareTo(bestRole) > 0) {
                best = value.get();
                bestRole = role.get();
            }
        }
        return Optional.ofNullable(best);
    }

    private static Optional<String> resolve(Object raw, Map<String, String> env) {
        if (raw == null) return Optional.empty();
        String text = String.valueOf(raw);
        Matcher m = ENV_REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = env.get(m.group(1));
            if (value == null) return Optional.empty();
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.length() == 0 ? Optional.empty() : Optional.of(out.toString());
    }

    private static Map<?, ?> section(Object node, String name) {
        if (node == null) return Map.of();
        if (node instanceof Map<?, ?> m) return m;
        throw new InvalidInputException(name, "must be a section (key: value lines)");
    }

    private static String text(Object node, String otherwise) {
        return node == null ? otherwise : String.valueOf(node).trim();
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }
}
