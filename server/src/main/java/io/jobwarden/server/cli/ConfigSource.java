package io.jobwarden.server.cli;

import io.jobwarden.server.config.ConfigLoader;
import io.jobwarden.server.config.JobTypes;
import io.jobwarden.server.config.JobwardenConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where {@code run} and {@code service} get their config: the file and the command-line overrides, read again on a
 * restart. Jobs are validated against the real runners, whose java runner needs the plugins directory that the file
 * itself names: the loader makes them once it has read that directory, so the file is read and validated once.
 */
record ConfigSource(Path file, Path dataDir, String nameOverride, Integer portOverride) {
    static final Path DEFAULT_FILE = Path.of("jobwarden.yml");

    /** The whole config, jobs included: what the worker runs. */
    JobwardenConfig load() {
        return load(ConfigLoader.forPlugins(JobTypes::forPlugins));
    }

    /**
     * Every setting but the jobs: what the supervisor needs to launch and watch the worker. A broken setting is
     * still refused here, before any worker starts; a broken job is the worker's to report (RunCommand).
     */
    JobwardenConfig loadWithoutJobs() {
        return load(new ConfigLoader(List.of()).withoutJobs());
    }

    private JobwardenConfig load(ConfigLoader loader) {
        Path f = file != null ? file : (Files.isRegularFile(DEFAULT_FILE) ? DEFAULT_FILE : null);
        loader.instanceName(nameOverride);
        JobwardenConfig cfg =
                f == null ? loader.defaults(ConfigLoader.baseDirectory(dataDir, null)) : loader.load(f, dataDir);
        if (portOverride != null) cfg = cfg.withHttpPort(portOverride);
        return cfg;
    }
}
