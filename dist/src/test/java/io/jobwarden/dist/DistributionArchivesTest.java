package io.jobwarden.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** What the archives hold: the same files in both, under one top directory, with nothing that needs Maven. */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "reads the archives with tar and bash")
class DistributionArchivesTest {
    private static final List<String> REQUIRED = List.of(
            "bin/jobwarden",
            "bin/jobwarden.cmd",
            "lib/jobwarden.jar",
            "conf/jobwarden.yml",
            "completion/jobwarden.bash",
            "docs/service.md",
            "docs/configuration.md",
            "README.md");

    @Test
    void theTarAndTheZipHoldTheSameFilesUnderOneVersionedDirectory() throws Exception {
        String top = "jobwarden-" + BuiltDistribution.version() + "/";
        Set<String> tar = tarFiles();
        Set<String> zip;
        try (ZipFile z = new ZipFile(BuiltDistribution.zip().toFile())) {
            zip = Collections.list(z.entries()).stream()
                    .filter(e -> !e.isDirectory())
                    .map(e -> e.getName())
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        assertThat(tar).allMatch(name -> name.startsWith(top), "under " + top);
        assertThat(zip).isEqualTo(tar);
        assertThat(tar).containsAll(REQUIRED.stream().map(f -> top + f).toList());
        // Nothing of a source checkout or of a run: no build files, no state from a test run of the example.
        assertThat(tar)
                .noneMatch(name -> name.endsWith("pom.xml")
                        || name.contains("/target/")
                        || name.contains("/conf/data/")
                        || name.contains("/conf/logs/"));
    }

    @Test
    void theLauncherIsExecutableInTheTar() throws Exception {
        BuiltDistribution.Result verbose = BuiltDistribution.run(
                List.of("tar", "-tvzf", BuiltDistribution.tar().toString()), null, Duration.ofMinutes(1));
        assertThat(verbose.output().lines().filter(l -> l.endsWith("/bin/jobwarden")))
                .singleElement()
                .asString()
                .startsWith("-rwxr-xr-x");
    }

    @Test
    void theShippedCompletionCompletesCommandsAndOptionsInBash(@TempDir Path dir) throws Exception {
        Path home = BuiltDistribution.unpack(dir);
        Path script = home.resolve("completion/jobwarden.bash");
        assertThat(complete(script, "jobwarden ins")).contains("install");
        assertThat(complete(script, "jobwarden install --fr")).contains("--from-build");
        assertThat(complete(script, "jobwarden jobs ")).contains("list", "runs", "output");
    }

    /** The words bash offers at the end of {@code line}, as its completion function computes them. */
    private static List<String> complete(Path script, String line) throws Exception {
        String program = "source \"$1\"; COMP_LINE=\"$2\"; COMP_POINT=${#COMP_LINE}; read -ra COMP_WORDS <<<\"$2\";"
                + " [[ \"$2\" == *' ' ]] && COMP_WORDS+=(''); COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ));"
                + " _complete_jobwarden 2>/dev/null; printf '%s\\n' \"${COMPREPLY[@]}\"";
        BuiltDistribution.Result r = BuiltDistribution.run(
                List.of("bash", "-c", program, "bash", script.toString(), line), null, Duration.ofSeconds(30));
        assertThat(r.exitCode()).as(r.output()).isZero();
        return r.output().lines().map(String::strip).toList();
    }

    private static Set<String> tarFiles() throws Exception {
        BuiltDistribution.Result r = BuiltDistribution.run(
                List.of("tar", "-tzf", BuiltDistribution.tar().toString()), null, Duration.ofMinutes(1));
        assertThat(r.exitCode()).as(r.output()).isZero();
        return r.output().lines().filter(l -> !l.endsWith("/")).collect(Collectors.toCollection(TreeSet::new));
    }
}
