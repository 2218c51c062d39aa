package io.jobwarden.server;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code api-url} in an instance's data directory: the URL its API actually listens on, written once it is up and
 * removed when it stops. A client that knows only the instance's name ({@code reload --name N}) finds the API there,
 * since the port may come from {@code --port} and not from the file it could read. A crashed worker leaves the file
 * behind; the client then reports the URL unreachable, which is what is true.
 */
public final class ApiEndpointFile {
    private static final Logger log = LoggerFactory.getLogger(ApiEndpointFile.class);
    static final String FILE_NAME = "api-url";

    private ApiEndpointFile() {}

    public static Path in(Path dataDir) {
        return dataDir.resolve(FILE_NAME);
    }

    /**
     * Written to a temporary file and moved into place, so a reader never sees half a URL. A failure is logged, not
     * thrown: the instance works without it, only {@code --name} clients cannot find it.
     */
    static void publish(Path dataDir, URI url) {
        Path target = in(dataDir);
        Path partial = dataDir.resolve(FILE_NAME + ".partial");
        try {
            Files.createDirectories(dataDir);
            Files.writeString(partial, url + "\n", StandardCharsets.UTF_8);
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            log.warn(
                    "cannot write {} ({}); 'reload --name' will not find this instance, use --url",
                    target,
                    e.toString());
        }
    }

    static void remove(Path dataDir) {
        try {
            Files.deleteIfExists(in(dataDir));
        } catch (IOException e) {
            // Harmless: a stale file points at a URL that no longer answers, and the next start replaces it.
        }
    }

    /** The published URL, or empty when no instance has published one in this data directory. */
    public static Optional<URI> read(Path dataDir) {
        try {
            String text = Files.readString(in(dataDir), StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? Optional.empty() : Optional.of(URI.create(text));
        } catch (IOException | IllegalArgumentException e) {
            // Not published (yet), or unreadable: the same as no instance having published one.
            return Optional.empty();
        }
    }
}
