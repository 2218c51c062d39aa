package io.jobwarden.runner;

import io.jobwarden.api.Task;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** Builds a real plugin jar: compiles a source against the api and packs the classes. */
final class PluginJar {
    private PluginJar() {}

    static Path build(Path workDir, Path jar, String className, String source) throws IOException {
        Path sources = Files.createDirectories(workDir.resolve("src"));
        Path classes = Files.createDirectories(workDir.resolve("classes"));
        Path file = sources.resolve(className.substring(className.lastIndexOf('.') + 1) + ".java");
        Files.writeString(file, source);
        String api = Path.of(toUri(Task.class)).toString();
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int status = javac.run(
                null, null, null, "--release", "17", "-classpath", api, "-d", classes.toString(), file.toString());
        if (status != 0) throw new IllegalStateException("the plugin source does not compile");

        Files.createDirectories(jar.getParent());
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
                Stream<Path> files = Files.walk(classes)) {
            for (Path classFile : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(
                        new JarEntry(classes.relativize(classFile).toString().replace('\\', '/')));
                Files.copy(classFile, (OutputStream) out);
                out.closeEntry();
            }
        }
        return jar;
    }

    private static URI toUri(Class<?> type) {
        try {
            return type.getProtectionDomain().getCodeSource().getLocation().toURI();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
