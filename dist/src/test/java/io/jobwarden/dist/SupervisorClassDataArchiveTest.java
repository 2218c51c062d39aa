package io.jobwarden.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/jobwarden}'s class-data archive for the supervisor, with the real JDK: written by a supervisor at its
 * exit under its pid, put in place by the next launch and mapped by it; a file that is no archive is thrown away.
 * The supervisors here stop at once on a broken setting, which is an exit like any other for the JVM.
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "runs bin/jobwarden, the POSIX launcher")
class SupervisorClassDataArchiveTest {
    @TempDir
    Path dir;

    @Test
    void theFirstSupervisorWritesItAndTheNextMapsIt() throws Exception {
        Path home = BuiltDistribution.unpack(Files.createDirectories(dir.resolve("unpacked")));
        Path lib = home.resolve("lib");
        Path config = Files.writeString(dir.resolve("jobwarden.yml"), "threads: 0\n");

        BuiltDistribution.Result first = launch(home, config, "");
        assertThat(first.output()).contains("threads").doesNotContain("[warning]");
        List<Path> written = archives(lib);
        assertThat(written)
                .as("one archive, named with the pid of the JVM that wrote it")
                .hasSize(1);
        assertThat(written.get(0).getFileName().toString()).matches("supervisor-\\d+x\\d+\\.\\d+\\.jsa");
        assertThat(magic(written.get(0))).isEqualTo(0xf00baba8);

        Path classes = dir.resolve("classes.log");
        launch(home, config, "-Xlog:class+load=info:file=" + classes);
        String kept = written.get(0).getFileName().toString().replaceFirst("\\.\\d+\\.jsa$", ".jsa");
        assertThat(archives(lib)).extracting(p -> p.getFileName().toString()).containsExactly(kept);
        assertThat(Files.readAllLines(classes))
                .as("the supervisor's own classes come from the archive")
                .anyMatch(line ->
                        line.contains("io.jobwarden.server.cli.Main ") && line.contains("shared objects file (top)"));
    }

    @Test
    void aFileThatIsNoArchiveIsDeletedAndWrittenAgain() throws Exception {
        Path home = BuiltDistribution.unpack(Files.createDirectories(dir.resolve("unpacked")));
        Path lib = home.resolve("lib");
        Path config = Files.writeString(dir.resolve("jobwarden.yml"), "threads: 0\n");
        launch(home, config, "");
        Path written = archives(lib).get(0);
        String key = written.getFileName().toString().replaceFirst("\\.\\d+\\.jsa$", "");
        // A pid above Linux's largest (2^22) belongs to no process: a writer that is gone.
        Path broken = lib.resolve(key + ".9999999.jsa");
        Files.delete(written);
        Files.write(broken, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});

        launch(home, config, "");

        assertThat(broken).doesNotExist();
        assertThat(archives(lib)).hasSize(1).allMatch(p -> !p.equals(broken) && magic(p) == 0xf00baba8);
    }

    @Test
    void theArchivesOfAnotherJarGoOnceTheCurrentOneIsInPlace() throws Exception {
        Path home = BuiltDistribution.unpack(Files.createDirectories(dir.resolve("unpacked")));
        Path lib = home.resolve("lib");
        Path config = Files.writeString(dir.resolve("jobwarden.yml"), "threads: 0\n");
        Path older = Files.write(lib.resolve("supervisor-12345.jsa"), new byte[] {1});
        Path olderWritten = Files.write(lib.resolve("supervisor-12345.9999999.jsa"), new byte[] {1});
        Path beingWritten = Files.write(
                lib.resolve("supervisor-12345." + ProcessHandle.current().pid() + ".jsa"), new byte[] {1});

        launch(home, config, "");
        assertThat(older).as("kept while no archive of this jar is in place").exists();

        launch(home, config, "");
        assertThat(older).doesNotExist();
        assertThat(olderWritten).doesNotExist();
        assertThat(beingWritten).as("a live process may still be writing it").exists();
    }

    @Test
    void optionsThatSaySomethingAboutSharingTurnItOff() throws Exception {
        Path home = BuiltDistribution.unpack(Files.createDirectories(dir.resolve("unpacked")));
        Path config = Files.writeString(dir.resolve("jobwarden.yml"), "threads: 0\n");
        launch(home, config, "-Xshare:auto");
        assertThat(archives(home.resolve("lib"))).isEmpty();
    }

    private static BuiltDistribution.Result launch(Path home, Path config, String javaOpts) throws Exception {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("JOBWARDEN_JAVA_OPTS", javaOpts);
        BuiltDistribution.Result r = BuiltDistribution.run(
                List.of(home.resolve("bin/jobwarden").toString(), "run", "--config", config.toString()),
                env,
                Duration.ofMinutes(2));
        assertThat(r.exitCode()).as(r.output()).isEqualTo(1);
        return r;
    }

    private static List<Path> archives(Path lib) throws Exception {
        try (Stream<Path> files = Files.list(lib)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".jsa"))
                    .toList();
        }
    }

    private static int magic(Path archive) {
        try {
            byte[] b = Files.readAllBytes(archive);
            // The JVM writes the header in the machine's byte order: little-endian here.
            return (b[0] & 0xff) | (b[1] & 0xff) << 8 | (b[2] & 0xff) << 16 | (b[3] & 0xff) << 24;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
