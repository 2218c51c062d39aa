package io.jobwarden.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The files this module's package phase made, located through the properties the pom passes. A missing file fails
 * the test: these tests exist to show the archives work, so an archive that was not built is a failure, not a skip.
 */
final class BuiltDistribution {
    private BuiltDistribution() {}

    static String version() {
        return required("dist.version");
    }

    static Path tar() {
        return file("dist.tar");
    }

    static Path zip() {
        return file("dist.zip");
    }

    static Path deb() {
        return file("dist.deb");
    }

    /** The source checkout's runnable jar, a build rather than a distribution. */
    static Path checkoutJar() {
        return file("checkout.jar");
    }

    /** Unpacks the tar.gz into {@code directory} as a user would, with tar; returns the distribution's home. */
    static Path unpack(Path directory) throws Exception {
        Result r =
                run(List.of("tar", "-xzf", tar().toString(), "-C", directory.toString()), null, Duration.ofMinutes(1));
        assertThat(r.exitCode()).as(r.output()).isZero();
        Path home = directory.resolve("jobwarden-" + version());
        assertThat(home).isDirectory();
        return home;
    }

    record Result(int exitCode, String output) {}

    /**
     * Runs a command to its end, stdout and stderr together.
     *
     * @param environment the whole environment of the process, or null for this JVM's
     */
    static Result run(List<String> argv, Map<String, String> environment, Duration timeout) throws Exception {
        // Output to a file, not a pipe: a command that hangs must hit the timeout, not block a read forever.
        Path output = Files.createTempFile("dist-test", ".out");
        try {
            ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(argv))
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            if (environment != null) {
                pb.environment().clear();
                pb.environment().putAll(environment);
            }
            Process p = pb.start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor();
                throw new AssertionError(argv + " did not end within " + timeout + ": " + read(output));
            }
            return new Result(p.exitValue(), read(output));
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static Path file(String property) {
        Path path = Path.of(required(property)).toAbsolutePath().normalize();
        assertThat(path)
                .as("%s is made by the dist module's package phase: run 'mvn verify' on the whole build", path)
                .isRegularFile();
        return path;
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        assertThat(value)
                .as("system property %s (set by dist/pom.xml; run the tests through Maven)", property)
                .isNotBlank();
        return value;
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new AssertionError("cannot read " + file, e);
        }
    }
}
