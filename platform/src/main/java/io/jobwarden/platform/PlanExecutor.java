package io.jobwarden.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Carries out the file and command steps of a plan, in order, stopping at the first failure. */
public final class PlanExecutor {
    private final CommandRunner runner;
    private final Duration commandTimeout;
    private final List<Path> written = new ArrayList<>();

    public PlanExecutor(CommandRunner runner, Duration commandTimeout) {
        this.runner = runner;
        this.commandTimeout = commandTimeout;
    }

    public void execute(InstallPlan plan) {
        for (PlanStep step : plan.steps()) {
            if (step instanceof WriteFile w) write(w);
            else if (step instanceof DeleteFile d) delete(d.path());
            else if (step instanceof RunTool c) run(c);
            else throw new IllegalArgumentException("this executor cannot carry out: " + step.describe());
        }
    }

    /** Removes the files this executor wrote, so a failed install leaves nothing half-made behind. */
    public void undoFiles() {
        for (Path p : written) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // best effort: the failure being reported matters more
            }
        }
    }

    private void write(WriteFile w) {
        try {
            Files.createDirectories(w.path().getParent());
            Files.writeString(w.path(), w.content());
            written.add(w.path());
            try {
                Files.setPosixFilePermissions(w.path(), PosixFilePermissions.fromString(toSymbolic(w.permissions())));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system: the default permissions stand
            }
        } catch (IOException e) {
            throw new ServiceException(
                    "cannot write " + w.path() + ": " + reason(e) + " (run as root/administrator)", e);
        }
    }

    private static void delete(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new ServiceException("cannot delete " + path + ": " + reason(e), e);
        }
    }

    private void run(RunTool c) {
        CommandRunner.Result r = runner.run(c.argv(), commandTimeout);
        if (!r.ok() && !c.mayFail()) {
            throw new ServiceException(PosixQuoting.join(c.argv()) + " failed: " + r.firstLine());
        }
    }

    private static String reason(IOException e) {
        return e.getClass().getSimpleName().replace("Exception", "")
                + (e.getMessage() == null ? "" : " " + e.getMessage());
    }

    static String toSymbolic(String octal) {
        String digits = octal.length() > 3 ? octal.substring(octal.length() - 3) : octal;
        StringBuilder s = new StringBuilder();
        for (char c : digits.toCharArray()) {
            int v = c - '0';
            s.append((v & 4) != 0 ? 'r' : '-').append((v & 2) != 0 ? 'w' : '-').append((v & 1) != 0 ? 'x' : '-');
        }
        return s.toString();
    }
}
