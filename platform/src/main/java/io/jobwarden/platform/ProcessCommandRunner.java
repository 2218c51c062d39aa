package io.jobwarden.platform;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs real processes, stdout and stderr merged, killed when they outlive their timeout. */
public final class ProcessCommandRunner implements CommandRunner {
    @Override
    public Result run(List<String> argv, Duration timeout) {
        Process p;
        try {
            p = new ProcessBuilder(argv)
                    .redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.PIPE)
                    .start();
        } catch (IOException e) {
            throw new ServiceException("cannot run " + argv.get(0) + ": " + e.getMessage(), e);
        }
        try {
            p.getOutputStream().close();
            StringBuilder out = new StringBuilder();
            Thread reader = new Thread(() -> readAll(p.getInputStream(), out), "read-" + argv.get(0));
            reader.setDaemon(true);
            reader.start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new ServiceException(
                        PosixQuoting.join(argv) + " did not finish within " + timeout.toSeconds() + " s");
            }
            reader.join(1000);
            synchronized (out) {
                return new Result(p.exitValue(), out.toString());
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new ServiceException("interrupted while running " + argv.get(0), e);
        } catch (IOException e) {
            throw new ServiceException("cannot talk to " + argv.get(0) + ": " + e.getMessage(), e);
        }
    }

    private static void readAll(InputStream in, StringBuilder out) {
        try (in) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            synchronized (out) {
                out.append(text);
            }
        } catch (IOException ignored) {
            // the process died; whatever it printed before is already lost
        }
    }
}
