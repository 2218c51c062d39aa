package io.jobwarden.server.cli;

import io.jobwarden.server.config.ConfigLoader;
import io.jobwarden.server.config.JobTypes;
import io.jobwarden.server.config.JobwardenConfig;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where {@code run} and {@code service} get their config: the file and the command-line overrides, read again on a
 * restart. Jobs are validated against the real runners, whose java runner needs the plugins directory that the file
 * itself names; so the file is read once for that directory and once for real.
 */
record ConfigSource(Path file, Path dataDir, String nameOverride, Integer portOverride) {
    static final Path DEFAULT_FILE = Path.of("jobwarden.yml");

    JobwardenConfig load() {
        Path f = file != null ? file : (Files.isRegularFile(DEFAULT_FILE) ? DEFAULT_FILE : null);
        JobwardenConfig cfg;
        if (f == null) {
            cfg = new ConfigLoader(JobTypes.defaults())
                    .instanceName(nameOverride)
                    .defaults(ConfigLoader.baseDirectory(dataDir, null));
        } else {
            JobwardenConfig first = new ConfigLoader(JobTypes.defaults())
                    .instanceName(nameOverride)
                    .load(f, dataDir);
            cfg = new ConfigLoader(JobTypes.forPlugins(first.pluginsDir()))
                    .instanceName(nameOverride)
                    .load(f, dataDir);
        }
        if (portOverride != null) cfg = cfg.withHttpPort(portOverride);
        return cfg;
    }
}
