package io.jobwarden.platform;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * How the service manager should start this same program again: which java, and either {@code -jar <jar>}
 * when we run from the runnable jar, or {@code -cp <classpath> <main class>} when we run from a classes
 * directory or a launcher-built class path (development, tests, bin/jobwarden with lib/*).
 */
public record JavaLaunch(Path java, List<String> programArgs) {
    public JavaLaunch {
        programArgs = List.copyOf(programArgs);
    }

    /** The same launch with JVM options before the program: what JOBWARDEN_JAVA_OPTS gives bin/jobwarden. */
    public JavaLaunch withJvmOptions(List<String> options) {
        List<String> args = new ArrayList<>(options);
        args.addAll(programArgs);
        return new JavaLaunch(java, args);
    }

    /** The argv for the service: java, how to find the program, then the command's own arguments. */
    public List<String> command(List<String> commandArgs) {
        List<String> argv = new ArrayList<>();
        argv.add(java.toString());
        argv.addAll(programArgs);
        argv.addAll(commandArgs);
        return argv;
    }

    /**
     * @param mainClass    the CLI entry point, whose code source is the jar (or classes dir) we run from
     * @param javaOverride {@code --java}; otherwise the java of the running JVM
     * @param windows      the target OS, for the executable's name (java.exe) when it is derived from java.home
     */
    public static JavaLaunch of(Class<?> mainClass, Optional<Path> javaOverride, boolean windows) {
        Path java = javaOverride.map(p -> p.toAbsolutePath().normalize()).orElseGet(() -> runningJava(windows));
        Optional<Path> jar =
                codeLocation(mainClass).filter(p -> p.toString().endsWith(".jar") && Files.isRegularFile(p));
        List<String> classPath = classPath();
        if (jar.isPresent()
                && classPath.size() == 1
                && Path.of(classPath.get(0)).toAbsolutePath().normalize().equals(jar.get())) {
            return new JavaLaunch(java, List.of("-jar", jar.get().toString()));
        }
        String separator = windows ? ";" : ":";
        return new JavaLaunch(java, List.of("-cp", String.join(separator, classPath), mainClass.getName()));
    }

    /** {@code java -jar <jar>}: how a service starts a distribution's jar, whatever class path this JVM has. */
    public static JavaLaunch ofJar(Path jar, Optional<Path> javaOverride, boolean windows) {
        Path java = javaOverride.map(p -> p.toAbsolutePath().normalize()).orElseGet(() -> runningJava(windows));
        return new JavaLaunch(
                java, List.of("-jar", jar.toAbsolutePath().normalize().toString()));
    }

    /** The java executable of this JVM (java.exe on Windows, never javaw.exe: a service has no window). */
    static Path runningJava(boolean windows) {
        return Path.of(System.getProperty("java.home"), "bin", windows ? "java.exe" : "java")
                .toAbsolutePath()
                .normalize();
    }

    /** The jar or classes directory a class was loaded from. */
    public static Optional<Path> codeLocation(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) return Optional.empty();
        try {
            return Optional.of(
                    Path.of(source.getLocation().toURI()).toAbsolutePath().normalize());
        } catch (URISyntaxException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static List<String> classPath() {
        return Arrays.stream(System.getProperty("java.class.path", "").split(File.pathSeparator))
                .filter(s -> !s.isBlank())
                .map(s -> Path.of(s).toAbsolutePath().normalize().toString())
                .toList();
    }
}
