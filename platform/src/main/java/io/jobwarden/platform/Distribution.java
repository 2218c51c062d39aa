package io.jobwarden.platform;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * An unpacked Jobwarden distribution: {@code <home>/lib/jobwarden.jar} beside the launchers in {@code <home>/bin}.
 * A service installed from one runs that jar by its absolute path; a service installed from a build of a source
 * checkout would instead depend on the checkout's {@code target/} directory staying where and as it is.
 */
public record Distribution(Path home, Path jar) {
    public static final String JAR_NAME = "jobwarden.jar";

    /** The distribution the program at {@code codeLocation} (a jar or a classes directory) belongs to, if any. */
    public static Optional<Distribution> containing(Path codeLocation) {
        Path jar = codeLocation.toAbsolutePath().normalize();
        Path lib = jar.getParent();
        if (!Files.isRegularFile(jar) || !jar.getFileName().toString().equals(JAR_NAME)) return Optional.empty();
        if (lib == null
                || lib.getFileName() == null
                || !lib.getFileName().toString().equals("lib")) {
            return Optional.empty();
        }
        Path home = lib.getParent();
        if (home == null) return Optional.empty();
        Path bin = home.resolve("bin");
        boolean launcher =
                Files.isRegularFile(bin.resolve("jobwarden")) || Files.isRegularFile(bin.resolve("jobwarden.cmd"));
        return launcher ? Optional.of(new Distribution(home, jar)) : Optional.empty();
    }
}
