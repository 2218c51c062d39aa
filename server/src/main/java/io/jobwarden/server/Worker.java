package io.jobwarden.server;

import io.jobwarden.engine.FieldError;
import io.jobwarden.engine.GroupSpec;
import io.jobwarden.engine.InvalidInputException;
import io.jobwarden.engine.Jobwarden;
import io.jobwarden.engine.JobwardenBuilder;
import io.jobwarden.engine.run.EnvSubstitution;
import io.jobwarden.engine.spi.JobStore;
import io.jobwarden.redis.RedisFireGuard;
import io.jobwarden.runner.ProcessLedger;
import io.jobwarden.runner.Runners;
import io.jobwarden.runner.ShellEnvironment;
import io.jobwarden.server.alert.AlertListener;
import io.jobwarden.server.alert.AlertWebhook;
import io.jobwarden.server.config.ClusterLock;
import io.jobwarden.server.config.JobwardenConfig;
import io.jobwarden.server.config.Secret;
import io.jobwarden.server.http.ApiServer;
import io.jobwarden.server.http.ControlActions;
import io.jobwarden.server.http.health.HealthContributor;
import io.jobwarden.server.http.metrics.RunMetrics;
import io.jobwarden.server.logging.RunOutputMask;
import io.jobwarden.server.registry.ConsulRegistration;
import io.jobwarden.store.JobStores;
import io.jobwarden.store.SqliteNativeLibrary;
import io.jobwarden.store.StoreOptions;
import io.jobwarden.supervisor.SupervisorStatus;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running worker: the store, the engine and the HTTP server built from a config, started in that order and
 * stopped in reverse. Holds no scheduling logic; it only wires the modules together.
 */
public final class Worker {
    private static final Logger log = LoggerFactory.getLogger(Worker.class);

    private final JobStore store;
    private final Jobwarden engine;
    private final ApiServer api;
    private final RedisFireGuard redis;
    private final AlertWebhook alerts;
    private final ConsulRegistration consul;
    /** The config this worker started with: what a reload compares against, however many reloads came before. */
    private final JobwardenConfig started;

    private final InstanceLock workerLock;

    /**
     * How long a new worker waits for the worker lock of one on its way out: a worker the supervisor just killed, or
     * one orphaned by a killed supervisor, which halts a few seconds after it notices.
     */
    static final Duration PREVIOUS_WORKER_PATIENCE = Duration.ofSeconds(30);

    private Worker(
            JobwardenConfig config,
            JobStore store,
            Jobwarden engine,
            ApiServer api,
            RedisFireGuard redis,
            AlertWebhook alerts,
            ConsulRegistration consul,
            InstanceLock workerLock) {
        this.started = config;
        this.consul = consul;
        this.store = store;
        this.engine = engine;
        this.api = api;
        this.redis = redis;
        this.alerts = alerts;
        this.workerLock = workerLock;
    }

    /**
     * Builds and starts everything; on any failure, closes what was already opened and rethrows.
     *
     * @param supervisor what the supervisor says of earlier workers (restarts, crash loop), or its first-start value
     */
    public static Worker start(JobwardenConfig config, ControlActions control, SupervisorStatus supervisor) {
        InstanceLock workerLock;
        try {
            workerLock = InstanceLock.acquire(
                    config.dataDir(), InstanceLock.WORKER, "worker", PREVIOUS_WORKER_PATIENCE, Clock.systemUTC());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the worker lock", e);
        }
        JobStore store = null;
        RedisFireGuard redis = null;
        Jobwarden engine = null;
        ApiServer api = null;
        HttpPreparation http = null;
        AlertWebhook alerts = config.alerts()
                .webhook()
                .map(w ->
                        new AlertWebhook(w.url(), w.secret().map(Secret::reveal).orElse(null)))
                .orElse(null);
        try {
            ApiServer.requirePortFree(config.http().bind(), config.http().port());
            if (alerts != null) announceRestart(alerts, config.name(), supervisor);
            // Before anything is recovered or claimed: the processes a dead worker's jobs left must not outlive it.
            // Only now that this process holds the worker lock is every other worker of this name known to be dead,
            // so killing what they left, and the engine's recovery of an earlier process's runs, are safe.
            ProcessLedger ledger =
                    new ProcessLedger(config.dataDir().resolve("processes").resolve(config.name()));
            int orphans = ledger.reapLeftovers();
            if (orphans > 0) log.warn("killed {} job process trees left by a worker that died", orphans);
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            api = new ApiServer(HttpSettingsMapper.from(config), control, registry)
                    .withJobPolicy(HttpSettingsMapper.jobPolicy(config));
            http = HttpPreparation.begin(api);
            var s = config.store();
            // The driver's library from a copy in the data directory, not written out of the jar again at each start.
            if (s.embedded()) SqliteNativeLibrary.useCopyIn(config.dataDir().resolve("native"));
            store = JobStores.open(
                    s.url(),
                    s.user().orElse(null),
                    s.password().map(p -> p.reveal()).orElse(null),
                    StoreOptions.defaults()
                            .withMaxPoolSize(s.poolSize())
                            .withLease(config.cluster().lease()));
            String nodeName = config.name() + "@" + host();
            JobwardenBuilder builder = Jobwarden.builder(store)
                    .nodeName(nodeName)
                    .threads(config.threads())
                    .runners(Runners.defaults(
                            config.pluginsDir(),
                            ledger,
                            shellEnvironment(config),
                            config.security().apiJobs().hosts()))
                    .envSubstitution(new EnvSubstitution(
                            config.environment().variables(),
                            config.environment().withheldFromJobs()))
                    .runTextMask(new RunOutputMask(config.secrets()))
                    .pollInterval(config.cluster().pollInterval())
                    .lease(config.cluster().lease())
                    .shutdownTimeout(config.shutdownTimeout())
                    .misfireThreshold(config.misfireThreshold())
                    .listener(new RunMetrics(registry))
                    .history(config.history())
                    .cronDialect(config.cronDialect());
            if (alerts != null) builder.listener(new AlertListener(alerts, config.name()));
            for (GroupSpec g : config.groups().values()) {
                if (g.name().equals(GroupSpec.DEFAULT)) builder.threads(g.maxConcurrent());
                else builder.group(g.name(), g.maxConcurrent(), g.priority());
            }
            config.jobs().forEach(builder::job);
            List<HealthContributor> health = new ArrayList<>();
            if (config.cluster().lock() == ClusterLock.REDIS) {
                redis = RedisFireGuard.builder(config.cluster().redisUrl().orElse("redis://127.0.0.1:6379"), nodeName)
                        .build();
                builder.fireGuard(redis, config.cluster().lease());
                health.add(RedisHealthContributor.of(redis));
            }
            engine = builder.start();
            http.await();
            api.start(engine, health);
            ApiEndpointFile.publish(config.dataDir(), api.url());
            int port = api.port();
            log.info(
                    "instance {} is up: store {}, http {}:{}",
                    config.name(),
                    store.describe(),
                    config.http().bind(),
                    port);
            // In the background: an unreachable Consul is retried and never holds up or fails the start.
            ConsulRegistration consul = config.registry()
                    .consul()
                    .map(c -> ConsulRegistration.start(
                            c,
                            config.name(),
                            config.http().bind(),
                            port,
                            config.http().tls().isPresent()))
                    .orElse(null);
            return new Worker(config, store, engine, api, redis, alerts, consul, workerLock);
        } catch (RuntimeException e) {
            if (http != null) http.abandon(api::stop);
            else if (api != null) api.stop();
            if (engine != null) engine.stop();
            if (redis != null) redis.close();
            if (store != null) store.close();
            if (alerts != null) alerts.close();
            workerLock.close();
            throw e;
        }
    }

    /**
     * What a shell job's process starts with; {@code JOBWARDEN_HTTP_PORT} lets a job call its own instance on the port
     * it serves (after {@code --port}), which the job cannot read from the service's environment or the file.
     */
    private static ShellEnvironment shellEnvironment(JobwardenConfig config) {
        ShellEnvironment environment = new ShellEnvironment(
                config.environment().variables(), config.environment().referenced());
        int port = config.http().port();
        // Port 0 (tests) is known only once bound, after the runners are built: no variable beats a wrong one.
        return port == 0 ? environment : environment.withPublished("JOBWARDEN_HTTP_PORT", Integer.toString(port));
    }

    /** A worker started after a crash says so: operators hear of restarts and crash loops without reading logs. */
    private static void announceRestart(AlertWebhook alerts, String instance, SupervisorStatus supervisor) {
        if (supervisor.restarts() == 0) return;
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("instance", instance);
        f.put("restarts", supervisor.restarts());
        f.put("cause", supervisor.lastCause());
        f.put("crashLoop", supervisor.crashLoop());
        alerts.send(supervisor.crashLoop() ? "worker.crash-loop" : "worker.restarted", f);
    }

    /**
     * Applies a config read again to this running worker: its jobs are written to the store as a start would write
     * them; every other setting differing from the running one is named in the answer, not applied. Refused, with
     * nothing changed, when a job names a group this worker does not have: it would never get a slot.
     *
     * @throws InvalidInputException naming each such job's {@code jobs[i].group}
     */
    public synchronized ConfigReload reload(JobwardenConfig fresh) {
        Map<String, GroupSpec> running = engine.settings().groups();
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < fresh.jobs().size(); i++) {
            String group = fresh.jobs().get(i).group();
            if (group != null && !running.containsKey(group))
                errors.add(new FieldError(
                        "jobs[" + i + "].group",
                        "group '" + group + "' is new; groups take effect on a restart, so this job would never run"
                                + " until then"));
        }
        if (!errors.isEmpty()) throw new InvalidInputException(errors);
        List<String> restart = restartRequired(started, fresh);
        return new ConfigReload(engine.syncConfigJobs(fresh.jobs()), restart);
    }

    /** The top-level keys whose values a running worker took at its start and cannot change in place. */
    static List<String> restartRequired(JobwardenConfig running, JobwardenConfig fresh) {
        List<String> keys = new ArrayList<>();
        differs(keys, "name", running.name(), fresh.name());
        differs(keys, "http", running.http(), fresh.http());
        differs(keys, "store", running.store(), fresh.store());
        differs(keys, "cluster", running.cluster(), fresh.cluster());
        differs(keys, "security", running.security(), fresh.security());
        differs(keys, "supervisor", running.supervisor(), fresh.supervisor());
        differs(keys, "logging", running.logging(), fresh.logging());
        differs(keys, "threads", running.threads(), fresh.threads());
        differs(keys, "shutdown-timeout", running.shutdownTimeout(), fresh.shutdownTimeout());
        differs(keys, "misfire-threshold", running.misfireThreshold(), fresh.misfireThreshold());
        // The file's jobs are read with the new one at once; jobs sent through the API keep the old default.
        differs(keys, "cron-dialect", running.cronDialect(), fresh.cronDialect());
        differs(keys, "plugins", running.pluginsDir(), fresh.pluginsDir());
        differs(keys, "groups", writtenGroups(running), writtenGroups(fresh));
        differs(keys, "alerts", running.alerts(), fresh.alerts());
        differs(keys, "history", running.history(), fresh.history());
        differs(keys, "registry", running.registry(), fresh.registry());
        return keys;
    }

    /**
     * The groups as the file sets them: the default group's size follows {@code threads} unless set, and that
     * is a threads change, not a groups one.
     */
    private static Map<String, List<Integer>> writtenGroups(JobwardenConfig config) {
        Map<String, List<Integer>> groups = new java.util.HashMap<>();
        for (GroupSpec g : config.groups().values()) {
            boolean followsThreads = g.name().equals(GroupSpec.DEFAULT) && g.maxConcurrent() == config.threads();
            groups.put(g.name(), List.of(followsThreads ? -1 : g.maxConcurrent(), g.priority()));
        }
        return groups;
    }

    private static void differs(List<String> keys, String key, Object running, Object fresh) {
        if (!java.util.Objects.equals(running, fresh)) keys.add(key);
    }

    public Jobwarden engine() {
        return engine;
    }

    public int httpPort() {
        return api.port();
    }

    /** Graceful: the API stops answering, the engine finishes or cancels its runs, then connections close. */
    public void stop() {
        try {
            // First: Consul stops sending traffic here before the API stops answering.
            if (consul != null) consul.close();
            ApiEndpointFile.remove(started.dataDir());
            api.stop();
        } finally {
            engine.stop();
            if (redis != null) redis.close();
            store.close();
            if (alerts != null) alerts.close();
            // Last: a worker started after this one must not recover runs this one is still finishing.
            workerLock.close();
        }
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "localhost";
        }
    }
}
