package io.jobwarden.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkerJvmOptionsTest {
    @TempDir
    Path dir;

    @Test
    void theWorkerStartsWithTheMeasuredDefaultsAndTheConfiguredOptionsAfterThem() {
        List<String> command = WorkerCommand.worker(List.of("-Xmx300m", "-Dx=y"), null, "M", List.of("run"));

        int defaults = command.indexOf(JvmOptions.WORKER.get(0));
        assertThat(command.subList(defaults, defaults + JvmOptions.WORKER.size()))
                .containsExactlyElementsOf(JvmOptions.WORKER);
        assertThat(command.indexOf("-Xmx300m")).isGreaterThan(defaults + JvmOptions.WORKER.size() - 1);
        assertThat(command).contains("-Dx=y", WorkerCommand.EXIT_ON_OOM);
        assertThat(command.subList(command.size() - 2, command.size())).containsExactly("M", "run");
    }

    @Test
    void aCollectorChosenInTheConfigReplacesTheSerialOneInsteadOfClashingWithIt() {
        List<String> command = WorkerCommand.worker(List.of("-XX:+UseG1GC"), null, "M", List.of());

        assertThat(command).contains("-XX:+UseG1GC").doesNotContain("-XX:+UseSerialGC");
        assertThat(JvmOptions.withDefaults(JvmOptions.SUPERVISOR, List.of("-XX:+UseZGC")))
                .contains("-XX:+UseZGC", "-Xms4m")
                .doesNotContain("-XX:+UseSerialGC");
    }

    /** With C2 back the JVM needs two compiler threads, and refuses to start with the default's one beside it. */
    @Test
    void theFullJitChosenInTheConfigDropsTheSingleCompilerThreadUnlessACountIsChosenToo() throws Exception {
        List<String> full = WorkerCommand.worker(List.of("-XX:TieredStopAtLevel=4"), null, "M", List.of());
        assertThat(full).contains("-XX:TieredStopAtLevel=4").noneMatch(o -> o.startsWith("-XX:CICompilerCount"));
        // A count chosen too comes after the default's, and the JVM takes the last.
        List<String> counted =
                WorkerCommand.worker(List.of("-XX:TieredStopAtLevel=4", "-XX:CICompilerCount=3"), null, "M", List.of());
        assertThat(counted.lastIndexOf("-XX:CICompilerCount=3"))
                .isGreaterThan(counted.lastIndexOf("-XX:CICompilerCount=1"));
        assertThat(JvmOptions.withDefaults(JvmOptions.SUPERVISOR, List.of("-XX:TieredStopAtLevel=4")))
                .noneMatch(o -> o.startsWith("-XX:CICompilerCount"));

        // The JVM itself: it starts with what the merge gives, and would not with the default's count left in.
        List<String> merged = JvmOptions.withDefaults(JvmOptions.WORKER, List.of("-XX:TieredStopAtLevel=4"));
        assertThat(launch(javaVersion(merged)).exitCode()).isZero();
        List<String> clashing = new ArrayList<>(JvmOptions.WORKER);
        clashing.add("-XX:TieredStopAtLevel=4");
        assertThat(launch(javaVersion(clashing)).exitCode()).isNotZero();
    }

    private static List<String> javaVersion(List<String> options) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(options);
        command.add("-version");
        return command;
    }

    @Test
    void withoutAnArchiveTheWorkerIsToldToWriteOneAndWithOneToMapIt() throws IOException {
        List<String> first = WorkerCommand.worker(List.of(), dir, probeJar(), "M", List.of());
        Path archive = archiveFrom(first, "-XX:ArchiveClassesAtExit=");
        assertThat(archive.getParent()).isEqualTo(dir);
        assertThat(archive.getFileName().toString()).matches("worker-[0-9a-f]{16}\\.jsa");

        Files.write(archive, startingWithTheHeader(4));
        List<String> next = WorkerCommand.worker(List.of(), dir, probeJar(), "M", List.of());
        assertThat(next).contains("-XX:SharedArchiveFile=" + archive, "-Xshare:auto");
        assertThat(next).noneMatch(o -> o.startsWith("-XX:ArchiveClassesAtExit"));
    }

    @Test
    void sharingOptionsOfTheOperatorsOwnKeepOursOut() {
        assertThat(WorkerCommand.worker(List.of("-Xshare:off"), dir, probeJar(), "M", List.of()))
                .noneMatch(o -> o.startsWith("-XX:ArchiveClassesAtExit") || o.startsWith("-XX:SharedArchiveFile"));
    }

    @Test
    void anArchiveDirectoryThatCannotBeCreatedMeansNoArchiveNotAFailedStart() throws IOException {
        Path file = Files.writeString(dir.resolve("a-file"), "x");

        assertThat(WorkerCommand.worker(List.of(), file.resolve("cds"), probeJar(), "M", List.of()))
                .noneMatch(o -> o.contains("Archive") || o.contains("Shared"));
    }

    @Test
    void theArchiveIsWrittenOnAGracefulExitAndUsedByTheNextStart() throws Exception {
        List<String> first = WorkerCommand.worker(List.of(), dir, probeJar(), ArchiveProbe.class.getName(), List.of());
        Path archive = archiveFrom(first, "-XX:ArchiveClassesAtExit=");
        assertThat(run(first)).contains("probe started");
        assertThat(archive).isRegularFile();

        List<String> next = WorkerCommand.worker(List.of(), dir, probeJar(), ArchiveProbe.class.getName(), List.of());
        assertThat(next).contains("-XX:SharedArchiveFile=" + archive);
        assertThat(run(next)).contains("probe started");
    }

    @Test
    void writingTheArchiveIsQuietAboutClassesItCannotStoreAndAnOperatorsXlogWins() throws Exception {
        // A class file of Java 5 (version 49), as some of the product's libraries ship: CDS cannot archive it and
        // would say so in a warning for each one.
        Path old = dir.resolve("old-probe.jar");
        String entry = ArchiveProbe.class.getName().replace('.', '/') + ".class";
        try (InputStream in = ArchiveProbe.class.getClassLoader().getResourceAsStream(entry);
                JarOutputStream out = new JarOutputStream(Files.newOutputStream(old))) {
            byte[] bytes = in.readAllBytes();
            bytes[6] = 0;
            bytes[7] = 49;
            out.putNextEntry(new JarEntry(entry));
            out.write(bytes);
            out.closeEntry();
        }
        List<String> first =
                WorkerCommand.worker(List.of(), dir, old.toString(), ArchiveProbe.class.getName(), List.of());
        assertThat(first).contains("-Xlog:cds=error");

        String output = run(first);

        assertThat(output).contains("probe started").doesNotContain("[cds]");
        assertThat(archiveFrom(first, "-XX:ArchiveClassesAtExit=")).isRegularFile();
        List<String> own =
                WorkerCommand.worker(List.of("-Xlog:cds=warning"), dir.resolve("own"), old.toString(), "M", List.of());
        assertThat(own.indexOf("-Xlog:cds=error")).isLessThan(own.indexOf("-Xlog:cds=warning"));
    }

    @Test
    void anArchiveLeftWithoutItsHeaderIsWrittenAgainAndTheStartGoesOn() throws Exception {
        // A worker killed while it wrote the archive at its exit: the JVM writes the header last.
        Path archive = archiveFrom(
                WorkerCommand.worker(List.of(), dir, probeJar(), "M", List.of()), "-XX:ArchiveClassesAtExit=");
        Files.write(archive, "not an archive at all".repeat(200).getBytes(StandardCharsets.UTF_8));

        List<String> command =
                WorkerCommand.worker(List.of(), dir, probeJar(), ArchiveProbe.class.getName(), List.of());
        assertThat(command).contains("-XX:ArchiveClassesAtExit=" + archive);
        assertThat(archive).doesNotExist();
        assertThat(run(command)).contains("probe started");
        assertThat(ClassDataArchive.finished(archive)).isTrue();
    }

    @Test
    void anArchiveWhoseHeaderIsGoodButWhoseClassesAreNotDoesNotStopAStart() throws Exception {
        Path archive = archiveFrom(
                WorkerCommand.worker(List.of(), dir, probeJar(), "M", List.of()), "-XX:ArchiveClassesAtExit=");
        Files.write(archive, startingWithTheHeader(4000));

        List<String> command =
                WorkerCommand.worker(List.of(), dir, probeJar(), ArchiveProbe.class.getName(), List.of());
        assertThat(command).contains("-XX:SharedArchiveFile=" + archive);
        assertThat(run(command)).contains("probe started");
    }

    @Test
    void theArchivesOfAnEarlierJarAreDeletedAsTheNextWorkerIsLaunched() throws Exception {
        Path earlier = Files.write(dir.resolve("worker-0123456789abcdef.jsa"), new byte[] {1, 2, 3});
        Path unrelated = Files.write(dir.resolve("notes.txt"), new byte[] {1});

        Path archive = archiveFrom(
                WorkerCommand.worker(List.of(), dir, probeJar(), "M", List.of()), "-XX:ArchiveClassesAtExit=");

        assertThat(archive.getParent()).isEqualTo(dir);
        assertThat(earlier).doesNotExist();
        assertThat(unrelated).exists();
    }

    @Test
    void aClassPathWithADirectoryGetsNoArchive() {
        // JDK 17 would fail the worker's exit when it tries to archive classes from a directory.
        assertThat(WorkerCommand.worker(List.of(), dir, dir.toString(), "M", List.of()))
                .noneMatch(o -> o.contains("Archive") || o.contains("Shared"));
    }

    @Test
    void theWorkerGetsTwoMallocArenasUnlessTheOperatorChose() {
        assertThat(WorkerCommand.environment(Map.of())).containsEntry("MALLOC_ARENA_MAX", "2");
        assertThat(WorkerCommand.environment(Map.of("MALLOC_ARENA_MAX", "4"))).isEmpty();
    }

    /** The probe in a jar of its own: archives are made only for a class path of jars, as the product's is. */
    /** {@code length} bytes that begin as a finished archive does and hold nothing else. */
    private static byte[] startingWithTheHeader(int length) {
        return ByteBuffer.allocate(length)
                .order(ByteOrder.nativeOrder())
                .putInt(ClassDataArchive.DYNAMIC_ARCHIVE_MAGIC)
                .array();
    }

    private String probeJar() {
        Path jar = dir.resolve("probe.jar");
        if (Files.exists(jar)) return jar.toString();
        String entry = ArchiveProbe.class.getName().replace('.', '/') + ".class";
        try (InputStream in = ArchiveProbe.class.getClassLoader().getResourceAsStream(entry);
                JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry(entry));
            in.transferTo(out);
            out.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return jar.toString();
    }

    private static Path archiveFrom(List<String> command, String option) {
        return command.stream()
                .filter(o -> o.startsWith(option))
                .map(o -> Path.of(o.substring(option.length())))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + option + " in " + command));
    }

    /** Runs the command to its end and returns its output; a JVM that did not start fails the test. */
    private String run(List<String> command) throws Exception {
        Ended ended = launch(command);
        assertThat(ended.exitCode()).as(ended.output()).isZero();
        return ended.output();
    }

    private record Ended(int exitCode, String output) {}

    /** Runs the command to its end, whatever its exit code. */
    private Ended launch(List<String> command) throws Exception {
        Path out = dir.resolve("out-" + System.nanoTime() + ".txt");
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the JVM ended").isTrue();
        return new Ended(p.exitValue(), Files.readString(out));
    }
}
