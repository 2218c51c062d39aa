package io.jobwarden.runner;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Starts a job's process in a session (and process group) of its own, through util-linux {@code setsid}.
 *
 * <p>Why: a terminal's Ctrl-C, and {@code kill -INT -PGID} by a service manager, signal the whole foreground process
 * group. A job in the worker's group would get SIGINT at the same moment as the service, die of it (exit 130) and be
 * recorded {@code FAILED}, instead of being given {@code shutdown-timeout} by the graceful stop. The service stops
 * its jobs itself, through {@link ProcessTree}, which follows parent links and not groups, so nothing is lost.
 *
 * <p>Java's child is never a process-group leader, so {@code setsid} calls setsid(2) and execs the job in place:
 * the pid the service notes and kills is the job's own. {@code --wait} keeps the exit code should it ever fork.
 * Where there is no {@code setsid} (macOS, Windows) the job starts as before, in the worker's group.
 */
final class NewSession {
    private static final List<Path> CANDIDATES = List.of(Path.of("/usr/bin/setsid"), Path.of("/bin/setsid"));

    private final Optional<Path> setsid;

    private NewSession(Optional<Path> setsid) {
        this.setsid = setsid;
    }

    static NewSession detect(boolean windows) {
        if (windows || !System.getProperty("os.name", "").startsWith("Linux")) return new NewSession(Optional.empty());
        return new NewSession(CANDIDATES.stream().filter(Files::isExecutable).findFirst());
    }

    boolean available() {
        return setsid.isPresent();
    }

    /** {@code argv} prefixed to start in a new session, or unchanged where that is not possible. */
    List<String> argv(List<String> argv) {
        if (setsid.isEmpty()) return argv;
        List<String> out = new ArrayList<>(argv.size() + 2);
        out.add(setsid.get().toString());
        out.add("--wait");
        out.addAll(argv);
        return out;
    }

    /**
     * Why {@code program} cannot be executed, or null when it can. Through {@code setsid} a missing program would
     * only show as setsid's exit code 1; checked here first, it fails the run with the same clear error as a direct
     * start. Searched as execvp(3) does: a name with a '/' as a path (against {@code workdir}), else along
     * {@code path}.
     */
    static String whyNotExecutable(String program, Path workdir, String path) {
        if (program.contains("/")) {
            try {
                Path p = workdir == null ? Path.of(program) : workdir.resolve(program);
                if (!Files.exists(p)) return "No such file or directory";
                if (Files.isDirectory(p) || !Files.isExecutable(p)) return "Permission denied";
                return null;
            } catch (InvalidPathException e) {
                return "No such file or directory";
            }
        }
        for (String dir : (path == null ? "/usr/bin:/bin" : path).split(":", -1)) {
            try {
                Path p = Path.of(dir.isEmpty() ? "." : dir).resolve(program);
                if (Files.isRegularFile(p) && Files.isExecutable(p)) return null;
            } catch (InvalidPathException e) {
                // an entry that is no path holds no program
            }
        }
        return "No such file or directory (not found in PATH)";
    }
}
