package io.jobwarden.platform;

import java.time.Duration;
import java.util.List;

/** Runs a command line tool (systemctl, launchctl) to completion. */
public interface CommandRunner {
    Result run(List<String> argv, Duration timeout);

    record Result(int exitCode, String output) {
        public boolean ok() {
            return exitCode == 0;
        }

        /** The first non-blank line, which is where these tools put the reason for a failure. */
        public String firstLine() {
            return output.lines()
                    .map(String::strip)
                    .filter(l -> !l.isEmpty())
                    .findFirst()
                    .orElse("exit code " + exitCode);
        }
    }
}
