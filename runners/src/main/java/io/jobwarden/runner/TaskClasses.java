package io.jobwarden.runner;

import io.jobwarden.api.Task;
import io.jobwarden.engine.ValidationErrors;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Modifier;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds {@link Task} classes by name on the application's classpath or in the jars of the plugins directory. The
 * jars are read once, on first use: a new plugin needs a restart, which the supervisor makes cheap.
 */
final class TaskClasses {
    private final Path pluginsDir;
    private final ClassLoader parent;
    private ClassLoader loader;

    TaskClasses(Path pluginsDir, ClassLoader parent) {
        this.pluginsDir = pluginsDir;
        this.parent = parent;
    }

    /**
     * Loads the named class without initialising it, so nothing of the task's own code runs, and checks that it can
     * be instantiated as a task. Null when it cannot; the reason is in {@code errors} under {@code field}.
     */
    Class<? extends Task> find(String name, ValidationErrors errors, String field) {
        Class<?> type;
        try {
            type = Class.forName(name, false, loader());
        } catch (ClassNotFoundException e) {
            errors.add(field, name + " was not found on the classpath or in " + pluginsDisplay());
            return null;
        } catch (LinkageError e) {
            errors.add(field, name + " could not be loaded: " + e);
            return null;
        } catch (UncheckedIOException e) {
            errors.add(
                    field,
                    name + " could not be looked up: cannot read " + pluginsDisplay() + ": "
                            + e.getCause().getMessage());
            return null;
        }
        if (!Task.class.isAssignableFrom(type)) {
            errors.add(field, name + " does not implement " + Task.class.getName());
            return null;
        }
        int modifiers = type.getModifiers();
        if (type.isInterface() || Modifier.isAbstract(modifiers)) {
            errors.add(field, name + " is abstract; name a concrete class");
            return null;
        }
        if (!Modifier.isPublic(modifiers)) {
            errors.add(field, name + " must be public");
            return null;
        }
        try {
            type.getConstructor();
        } catch (NoSuchMethodException e) {
            errors.add(field, name + " needs a public constructor without parameters");
            return null;
        } catch (LinkageError e) {
            errors.add(field, name + " could not be loaded: " + e);
            return null;
        }
        return type.asSubclass(Task.class);
    }

    private synchronized ClassLoader loader() {
        if (loader == null) {
            List<URL> jars = jars();
            loader =
                    jars.isEmpty() ? parent : new URLClassLoader("jobwarden-plugins", jars.toArray(URL[]::new), parent);
        }
        return loader;
    }

    private List<URL> jars() {
        if (pluginsDir == null || !Files.isDirectory(pluginsDir)) return List.of();
        try (Stream<Path> files = Files.list(pluginsDir)) {
            List<URL> urls = new ArrayList<>();
            // Sorted, so which of two jars holding the same class wins does not depend on the file system's order.
            for (Path jar : files.filter(f -> f.getFileName().toString().endsWith(".jar"))
                    .sorted()
                    .toList()) {
                urls.add(jar.toUri().toURL());
            }
            return urls;
        } catch (MalformedURLException e) {
            throw new IllegalStateException("a file path is always a valid URL", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String pluginsDisplay() {
        if (pluginsDir == null) return "a plugins directory (none configured)";
        String dir = pluginsDir.toString();
        String shown = dir.endsWith(File.separator) ? dir : dir + File.separator;
        return Files.isDirectory(pluginsDir) ? shown : shown + " (which does not exist)";
    }
}
