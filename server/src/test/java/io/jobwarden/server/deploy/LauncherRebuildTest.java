package io.jobwarden.server.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/jobwarden} in a source checkout builds the jar when it is missing or older than a source file or a
 * {@code pom.xml}, and only then: an edit is never run against a stale jar, and an unchanged tree starts at once. The
 * launcher is the real one, copied into a checkout of its own with a {@code mvn} and a {@code java} that only record
 * that they were called.
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "bin/jobwarden is the POSIX launcher")
class LauncherRebuildTest {
    private static final Instant AN_HOUR_AGO = Instant.now().minusSeconds(3600);

    @TempDir
    Path dir;

    Path home;
    Path jar;
    Path source;
    Path calls;

    @BeforeEach
    void checkout() throws IOException {
        home = dir.resolve("checkout");
        Files.createDirectories(home.resolve("bin"));
        Files.copy(Path.of("..", "bin", "jobwarden"), home.resolve("bin/jobwarden"));
        Files.writeString(home.resolve("pom.xml"), "<project/>\n");
        source = home.resolve("server/src/main/java/Example.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, "class Example {}\n");
        jar = home.resolve("server/target/jobwarden.jar");
        Files.createDirectories(jar.getParent());
        calls = dir.resolve("calls");
        Files.writeString(calls, "");
        script(dir.resolve("tools/mvn"), "echo \"mvn $*\" >> '" + calls + "'\ntouch '" + jar + "'\n");
        script(dir.resolve("jdk/bin/java"), "echo \"java $*\" >> '" + calls + "'\n");
    }

    @Test
    void aJarNewerThanEverySourceIsRunAsItIs() throws Exception {
        built(AN_HOUR_AGO.plusSeconds(60));
        age(source, AN_HOUR_AGO);
        age(home.resolve("pom.xml"), AN_HOUR_AGO);

        Result r = launch();

        assertThat(r.code()).isZero();
        assertThat(r.calls()).containsExactly("java -jar " + jar + " --version");
        assertThat(r.err()).doesNotContain("building");
    }

    @Test
    void aSourceFileNewerThanTheJarRebuildsItFirst() throws Exception {
        built(AN_HOUR_AGO);

        Result r = launch();

        assertThat(r.code()).isZero();
        assertThat(r.calls()).containsExactly("mvn -q -B -DskipTests package", "java -jar " + jar + " --version");
        assertThat(r.err()).contains("jobwarden: building " + jar + " (sources changed");
        assertThat(Files.getLastModifiedTime(jar).toInstant())
                .as("the jar is marked checked, so the next start does not build again")
                .isAfter(Files.getLastModifiedTime(source).toInstant().minusSeconds(1));
        assertThat(launch().calls()).containsExactly("java -jar " + jar + " --version");
    }

    @Test
    void aNewerPomRebuildsAndANewerFileUnderTargetDoesNot() throws Exception {
        built(AN_HOUR_AGO);
        age(source, AN_HOUR_AGO.minusSeconds(60));
        age(home.resolve("pom.xml"), AN_HOUR_AGO.minusSeconds(60));
        Path generated = home.resolve("server/target/classes/Example.class");
        Files.createDirectories(generated.getParent());
        Files.writeString(generated, "");

        assertThat(launch().calls()).as("target/ is build output").containsExactly("java -jar " + jar + " --version");

        Files.writeString(home.resolve("pom.xml"), "<project><!-- changed --></project>\n");
        assertThat(launch().calls()).first().isEqualTo("mvn -q -B -DskipTests package");
    }

    @Test
    void aMissingJarIsBuiltOnTheFirstRun() throws Exception {
        Result r = launch();

        assertThat(r.calls()).containsExactly("mvn -q -B -DskipTests package", "java -jar " + jar + " --version");
        assertThat(r.err()).contains("(first run;");
    }

    record Result(int code, List<String> calls, String err) {}

    private Result launch() throws Exception {
        Files.writeString(calls, "");
        ProcessBuilder pb = new ProcessBuilder(
                        "sh", home.resolve("bin/jobwarden").toString(), "--version")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Map<String, String> env = pb.environment();
        env.put("PATH", dir.resolve("tools") + ":/usr/bin:/bin");
        env.put("JAVA_HOME", dir.resolve("jdk").toString());
        env.remove("JOBWARDEN_JAR");
        env.remove("JOBWARDEN_JAVA_OPTS");
        Process p = pb.start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), Files.readAllLines(calls), err);
    }

    private void built(Instant at) throws IOException {
        Files.writeString(jar, "");
        age(jar, at);
    }

    private static void age(Path file, Instant at) throws IOException {
        Files.setLastModifiedTime(file, FileTime.from(at));
    }

    private static void script(Path file, String body) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
    }
}
