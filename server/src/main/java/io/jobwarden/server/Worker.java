package io.jobwarden.server;

import io.jobwarden.engine.GroupSpec;
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
import io.jobwarden.store.JobStores;
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
    private final InstanceLock workerLock;

    /**
     * How long a new worker waits for the worker lock of one on its way out: a worker the supervisor just killed, or
     * one orphaned by a killed supervisor, which halts a few seconds after it notices.
     */
    static final Duration PREVIOUS_WORKER_PATIENCE = Duration.ofSeconds(30);

    private Worker(
            JobStore store,
            Jobwarden engine,
            ApiServer api,
            RedisFireGuard redis,
            AlertWebhook alerts,
            InstanceLock workerLock) {
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
        AlertWebhook alerts = config.alerts()
                .webhook()
                .map(w ->
                        new AlertWebhook(w.url(), w.secret().map(Secret::reveal).orElse(null)))
                .orElse(null);
        try {
            if (alerts != null) announceRestart(alerts, config.name(), supervisor);
            // Before anything is recovered or claimed: the processes a dead worker's jobs left must not outlive it.
            // Only now that this process holds the worker lock is every other worker of this name known to be dead,
            // so killing what they left, and the engine's recovery of an earlier process's runs, are safe.
            ProcessLedger ledger =
                    new ProcessLedger(config.dataDir().resolve("processes").resolve(config.name()));
            int orphans = ledger.reapLeftovers();
            if (orphans > 0) log.warn("killed {} job process trees left by a worker that died", orphans);
            var s = config.store();
            store = JobStores.open(
                    s.url(),
                    s.user().orElse(null),
                    s.password().map(p -> p.reveal()).orElse(null),
                    StoreOptions.defaults().withMaxPoolSize(s.poolSize()));
            String nodeName = config.name() + "@" + host();
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            JobwardenBuilder builder = Jobwarden.builder(store)
                    .nodeName(nodeName)
                    .threads(config.threads())
                    .runners(Runners.defaults(
                            config.pluginsDir(),
                            ledger,
                            new ShellEnvironment(
                                    config.environment().variables(),
                                    config.environment().referenced()),
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
                    .history(config.history());
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
            ApiServer api = new ApiServer(engine, HttpSettingsMapper.from(config), control, registry, health)
                    .withJobPolicy(HttpSettingsMapper.jobPolicy(config))
                    .start();
            log.info(
                    "instance {} is up: store {}, http {}:{}",
                    config.name(),
                    store.describe(),
                    config.http().bind(),
                    api.port());
            return new Worker(store, engine, api, redis, alerts, workerLock);
        } catch (RuntimeException e) {
            if (engine != null) engine.stop();
            if (redis != null) redis.close();
            if (store != null) store.close();
            if (alerts != null) alerts.close();
            workerLock.close();
            throw e;
        }
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

    public Jobwarden engine() {
        return engine;
    }

    public int httpPort() {
        return api.port();
    }

    /** Graceful: the API stops answering, the engine finishes or cancels its runs, then connections close. */
    public void stop() {
        try {
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
