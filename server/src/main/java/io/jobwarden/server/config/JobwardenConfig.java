package io.jobwarden.server.config;

import io.jobwarden.engine.GroupSpec;
import io.jobwarden.engine.HistoryRetention;
import io.jobwarden.engine.JobSpec;
import io.jobwarden.engine.schedule.CronDialect;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One instance's {@code jobwarden.yml}, validated and with every default filled in. Immutable; built only by
 * {@link ConfigLoader}. Paths are absolute (resolved against {@code baseDir}); secrets are {@link Secret}s, so
 * printing this record prints no secret.
 *
 * @param name             the instance name, also its OS service name
 * @param baseDir          the directory relative paths were resolved against (see docs/configuration.md)
 * @param dataDir          this instance's own state directory: the default SQLite file, the instance lock, the
 *                         process ledger ({@code data/}, or {@code data/<name>/} for a name given with {@code --name})
 * @param threads          how many runs may execute at once on this node
 * @param shutdownTimeout  how long a graceful stop waits for running runs before cancelling them
 * @param misfireThreshold how late a fire may start before it counts as missed and its misfire policy decides
 * @param pluginsDir       the directory whose jars java jobs' classes are loaded from
 * @param groups           every concurrency group by name, always including {@link GroupSpec#DEFAULT}
 * @param jobs             the jobs defined in the file, in file order; their settings keep {@code ${env:NAME}}
 *                         references as written, resolved only when a run starts
 * @param environment      the environment the file was loaded in and the variables it references
 * @param history          how much finished history the store keeps ({@code history:})
 * @param cronDialect      {@code cron-dialect:}, how jobs that set none read cron; null when the file sets none
 * @param registry         {@code registry:}, the service discovery this node registers with
 */
public record JobwardenConfig(
        String name,
        Path baseDir,
        Path dataDir,
        HttpSection http,
        StoreSection store,
        ClusterSection cluster,
        SecuritySection security,
        SupervisorSection supervisor,
        LoggingSection logging,
        int threads,
        Duration shutdownTimeout,
        Duration misfireThreshold,
        Path pluginsDir,
        Map<String, GroupSpec> groups,
        List<JobSpec> jobs,
        AlertSection alerts,
        ConfigEnvironment environment,
        HistoryRetention history,
        CronDialect cronDialect,
        RegistrySection registry) {

    public static final String DEFAULT_NAME = "jobwarden";
    public static final int DEFAULT_THREADS = 10;
    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_MISFIRE_THRESHOLD = Duration.ofSeconds(5);

    public JobwardenConfig {
        groups = Map.copyOf(groups);
        jobs = List.copyOf(jobs);
    }

    /** The same config listening on another port ({@code run --port}). */
    public JobwardenConfig withHttpPort(int port) {
        return new JobwardenConfig(
                name,
                baseDir,
                dataDir,
                http.withPort(port),
                store,
                cluster,
                security,
                supervisor,
                logging,
                threads,
                shutdownTimeout,
                misfireThreshold,
                pluginsDir,
                groups,
                jobs,
                alerts,
                environment,
                history,
                cronDialect,
                registry);
    }

    /** Every secret value in the config, for log masking. Job settings are the runners' business and not included. */
    public List<Secret> secrets() {
        List<Secret> out = new ArrayList<>();
        http.tls().ifPresent(t -> out.add(t.password()));
        store.password().ifPresent(out::add);
        security.tokens().forEach(t -> out.add(t.token()));
        security.controlSecret().ifPresent(out::add);
        alerts.webhook().flatMap(WebhookSection::secret).ifPresent(out::add);
        registry.consul().flatMap(ConsulSection::token).ifPresent(out::add);
        return List.copyOf(out);
    }

    public Optional<JobSpec> job(String id) {
        return jobs.stream().filter(j -> j.id().equals(id)).findFirst();
    }

    @Override
    public String toString() {
        // Jobs are listed by id: their settings are free-form and may hold substituted secrets.
        return "JobwardenConfig[name=" + name + ", baseDir=" + baseDir + ", dataDir=" + dataDir + ", http=" + http
                + ", store=" + store
                + ", cluster=" + cluster + ", security=" + security + ", supervisor=" + supervisor + ", logging="
                + logging
                + ", threads=" + threads + ", shutdownTimeout=" + shutdownTimeout + ", misfireThreshold="
                + misfireThreshold
                + ", pluginsDir=" + pluginsDir + ", groups=" + groups.values() + ", jobs="
                + jobs.stream().map(JobSpec::id).toList()
                + ", alerts=" + alerts + ", registry=" + registry + ", environment=" + environment + "]";
    }
}
