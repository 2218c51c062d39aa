package io.jobwarden.server.http;

import io.javalin.Javalin;
import io.javalin.http.HandlerType;
import io.javalin.router.Endpoint;
import io.javalin.router.ParsedEndpoint;
import io.javalin.security.RouteRole;
import io.javalin.util.JavalinBindException;
import io.jobwarden.engine.Jobwarden;
import io.jobwarden.server.http.auth.AccessGuard;
import io.jobwarden.server.http.auth.BearerAuthenticator;
import io.jobwarden.server.http.auth.Role;
import io.jobwarden.server.http.control.ControlRoutes;
import io.jobwarden.server.http.dashboard.DashboardRoutes;
import io.jobwarden.server.http.dashboard.RunStatsRoutes;
import io.jobwarden.server.http.dashboard.WhoAmIRoutes;
import io.jobwarden.server.http.health.HealthChecks;
import io.jobwarden.server.http.health.HealthContributor;
import io.jobwarden.server.http.health.HealthRoutes;
import io.jobwarden.server.http.jobs.ApiJobPolicy;
import io.jobwarden.server.http.jobs.JobRoutes;
import io.jobwarden.server.http.jobs.NodeRoutes;
import io.jobwarden.server.http.metrics.EngineGauges;
import io.jobwarden.server.http.metrics.JvmMeters;
import io.jobwarden.server.http.metrics.MetricsRoutes;
import io.jobwarden.server.http.openapi.OpenApiRoutes;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.UnknownHostException;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP interface of docs/api.md over one engine node: the job registry under {@code /api},
 * {@code /health}, {@code /metrics}, the signed {@code /control} and the dashboard at {@code /}.
 *
 * <pre>{@code
 * PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
 * Jobwarden engine = Jobwarden.builder(store).listener(new RunMetrics(registry)) ... .start();
 * ApiServer api = new ApiServer(engine, settings, controlActions, registry, List.of()).start();
 * ...
 * api.stop();
 * }</pre>
 *
 * <p>A worker prepares its server while its engine starts, and starts it with the engine once that runs:
 *
 * <pre>{@code
 * ApiServer api = new ApiServer(settings, controlActions, registry, List.of());
 * // on another thread, while the store opens and the engine starts:
 * api.prepare();
 * // then:
 * api.start(engine);
 * }</pre>
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ApiServer.class);
    static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(5);
    /** A connection silent this long is closed: a stalled client must not hold a thread or socket for ever. */
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(20);
    /**
     * Request bodies arriving slower than this are cut off. Real clients send a 64 KiB body in far less than a
     * second; a trickle of bytes is a client holding a thread hostage.
     */
    static final long MIN_REQUEST_BYTES_PER_SECOND = 1024;

    private Jobwarden engine;
    private final HttpSettings settings;
    private final ControlActions control;
    private final PrometheusMeterRegistry registry;
    private List<HealthContributor> extraHealth;
    private final Clock clock;
    private ApiJobPolicy jobPolicy = ApiJobPolicy.defaults();
    private Javalin app;
    /** Made by {@link #prepare()}, not listening yet; handed over to {@link #app} by the start. */
    private Javalin prepared;
    /** Holds the connector's bind until {@link #start(Jobwarden, List)} has put the routes in. */
    private final ListenGate gate = new ListenGate();
    /** The start another thread runs ({@link #willStartAhead()}), or null when the start runs the server itself. */
    private AheadStart ahead;

    private BearerAuthenticator authenticator;
    private JsonCodec json;
    private HealthChecks healthChecks;
    private EngineGauges gauges;
    private JvmMeters jvmMeters;

    /**
     * @param control     what {@code /control} restart and stop do; {@link ControlActions#NONE} refuses them
     * @param registry    the registry the {@link io.jobwarden.server.http.metrics.RunMetrics} listener writes to
     * @param extraHealth components added to {@code /health}, e.g. redis
     */
    public ApiServer(
            Jobwarden engine,
            HttpSettings settings,
            ControlActions control,
            PrometheusMeterRegistry registry,
            List<HealthContributor> extraHealth) {
        this(engine, settings, control, registry, extraHealth, Clock.systemUTC());
    }

    /**
     * A server whose engine, and the components it adds to {@code /health}, are given at
     * {@link #start(Jobwarden, List)}, so that {@link #prepare()} can come first.
     */
    public ApiServer(HttpSettings settings, ControlActions control, PrometheusMeterRegistry registry) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.control = Objects.requireNonNull(control, "control");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.extraHealth = List.of();
        this.clock = Clock.systemUTC();
    }

    /** @param clock the clock {@code /control} timestamps are checked against */
    public ApiServer(
            Jobwarden engine,
            HttpSettings settings,
            ControlActions control,
            PrometheusMeterRegistry registry,
            List<HealthContributor> extraHealth,
            Clock clock) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.control = Objects.requireNonNull(control, "control");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.extraHealth = List.copyOf(extraHealth);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** What jobs created or changed through the API may be; {@link ApiJobPolicy#defaults()} unless set before start. */
    public synchronized ApiServer withJobPolicy(ApiJobPolicy policy) {
        if (app != null || prepared != null) throw new IllegalStateException("already prepared");
        this.jobPolicy = Objects.requireNonNull(policy, "policy");
        return this;
    }

    /**
     * Listens, or throws {@link HttpStartupException} saying what to change: an open API (no tokens) on a
     * non-loopback address, an unreadable keystore, a port in use.
     */
    public synchronized ApiServer start() {
        if (engine == null) throw new IllegalStateException("no engine: use start(engine, extraHealth)");
        return start(engine, extraHealth);
    }

    /**
     * {@link #start()} with the engine this server answers for, given now that it runs, and the components added to
     * {@code /health} (e.g. redis); the preparation is done first unless {@link #prepare()} did it already.
     */
    public synchronized ApiServer start(Jobwarden engine, List<HealthContributor> extraHealth) {
        if (app != null) throw new IllegalStateException("already started");
        this.engine = Objects.requireNonNull(engine, "engine");
        this.extraHealth = List.copyOf(extraHealth);
        if (prepared == null && ahead != null)
            throw new IllegalStateException("the server is being prepared on another thread: wait for it first");
        if (prepared == null) prepare();
        Javalin created = prepared;
        prepared = null;
        AheadStart startedAhead = ahead;
        ahead = null;
        gauges = new EngineGauges(engine, registry, System.getenv());
        new HealthRoutes(
                        engine,
                        settings.diskPath(),
                        settings.diskThresholdBytes(),
                        extraHealth,
                        healthChecks,
                        json,
                        ctx -> mayReadDetails(authenticator, ctx))
                .register(created);
        new MetricsRoutes(registry, gauges)
                .register(created, settings.metricsPublic() ? new RouteRole[0] : new RouteRole[] {Role.VIEWER});
        new ControlRoutes(engine, control, settings.controlSecret(), clock, json).register(created);
        new JobRoutes(engine, json, jobPolicy).register(created);
        new ReloadRoutes(control, json).register(created);
        new NodeRoutes(engine, json).register(created);
        new WhoAmIRoutes(authenticator, json).register(created);
        new RunStatsRoutes(engine, json).register(created);
        new DashboardRoutes().register(created);
        new OpenApiRoutes().register(created);
        headLikeGet(created);
        gate.open();
        try {
            if (startedAhead == null) created.start();
            else startedAhead.await();
        } catch (JavalinBindException e) {
            release();
            throw new HttpStartupException(portInUse(settings.bind(), settings.port()), e);
        } catch (RuntimeException e) {
            release();
            throw HttpStartupException.because(
                    "the HTTP server did not start on " + settings.bind() + ":" + settings.port(), e);
        }
        app = created;
        warnOfCleartextTokens();
        log.info(
                "HTTP API listening on {} ({} tokens, control {}, metrics {})",
                url(),
                settings.tokens().size(),
                settings.controlSecret() == null ? "off" : "on",
                settings.metricsPublic() ? "public" : "viewer");
        return this;
    }

    /**
     * Has the start of this server run on another thread, ahead: that thread calls {@link #prepare()} and then the
     * returned task, which starts Javalin and Jetty, all but their listening socket (ListenGate). The socket waits for
     * {@link #start(Jobwarden, List)} to add the routes, so nothing listens before the engine runs, as before; cold,
     * the rest of that start is a tenth of a worker's, and runs while the engine starts. The task returns once the
     * server listens, or once a {@link #stop()} has given the start up; what the server's start throws, the start
     * throws. Call before that thread starts, so that the start, whenever it comes, knows the server is not its to
     * start.
     */
    public synchronized Runnable willStartAhead() {
        if (app != null || prepared != null || ahead != null)
            throw new IllegalStateException("already prepared or started");
        AheadStart start = new AheadStart();
        ahead = start;
        return () -> start.run(gate);
    }

    /** The server {@link #prepare()} made for the preparing thread to start, and how that start ended. */
    private static final class AheadStart {
        private final CompletableFuture<Void> outcome = new CompletableFuture<>();
        /** Set by prepare() on the thread that then runs {@link #run}. */
        private volatile Javalin server;

        void run(ListenGate gate) {
            Javalin created = server;
            if (created == null) {
                outcome.completeExceptionally(new IllegalStateException("the server was not prepared"));
                return;
            }
            try {
                created.start();
                if (gate.abandoned()) created.stop();
                outcome.complete(null);
            } catch (RuntimeException | Error e) {
                outcome.completeExceptionally(e);
            }
        }

        void await() {
            try {
                outcome.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException r) throw r;
                if (e.getCause() instanceof Error error) throw error;
                throw e;
            }
        }
    }

    /**
     * Everything of the start that needs no engine, and most of its time: the settings' checks (an open API on a
     * non-loopback address, the keystore), this JVM's meters, Javalin and Jetty made and configured. A worker runs it
     * while its engine starts (bench/FOOTPRINT.md, round five). Nothing listens yet; {@link #stop()} undoes it.
     *
     * @throws HttpStartupException as {@link #start()} does, for the same settings
     */
    public synchronized ApiServer prepare() {
        if (app != null || prepared != null) throw new IllegalStateException("already prepared");
        refuseOpenApiOnNetwork();
        KeyStore keyStore = settings.tls() ? HttpsConnector.loadKeystore(settings) : null;
        json = new JsonCodec(settings.maxBodyBytes());
        healthChecks = new HealthChecks(HEALTH_TIMEOUT);
        jvmMeters = new JvmMeters(registry);
        Javalin created = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.http.prefer405over404 = true;
            config.http.maxRequestSize = settings.maxBodyBytes();
            config.jetty.modifyHttpConfiguration(http -> {
                http.setSendServerVersion(false);
                http.setIdleTimeout(IDLE_TIMEOUT.toMillis());
                http.setMinRequestDataRate(MIN_REQUEST_BYTES_PER_SECOND);
                http.addCustomizer(ApiServer::dropMethodOverrides);
            });
            config.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
            config.jetty.modifyServletContextHandler(context -> context.setErrorHandler(new JsonErrorHandler()));
            config.jetty.addConnector((server, http) -> {
                ServerConnector connector = gate.connector(
                        server,
                        keyStore == null
                                ? new ConnectionFactory[] {new HttpConnectionFactory(http)}
                                : HttpsConnector.factories(http, keyStore, settings.keystorePassword()));
                connector.setHost(settings.bind());
                connector.setPort(settings.port());
                connector.setIdleTimeout(IDLE_TIMEOUT.toMillis());
                return connector;
            });
            config.requestLogger.http((ctx, ms) -> log.debug(
                    "{} {} -> {} in {} ms",
                    ctx.method(),
                    ctx.path(),
                    ctx.status().getCode(),
                    Math.round(ms)));
        });
        created.before(ctx -> ctx.header("X-Content-Type-Options", "nosniff").header("Cache-Control", "no-store"));
        authenticator = new BearerAuthenticator(settings.tokens());
        // Headers only, before any route or body: a refused request changes nothing and costs no body read.
        created.before(new BrowserGuard(authenticator, settings.bind(), settings.allowedHosts()));
        created.beforeMatched(new AccessGuard(authenticator));
        new ApiErrors(json).register(created);
        prepared = created;
        if (ahead != null) ahead.server = created;
        return this;
    }

    public synchronized void stop() {
        if (app == null) {
            // Prepared, never started: only this JVM's meters and the health checks' thread to let go, and a start
            // running ahead to give up (it stops its server itself).
            gate.abandon();
            prepared = null;
            ahead = null;
            release();
            return;
        }
        try {
            app.stop();
        } finally {
            app = null;
            release();
        }
        log.info("HTTP API stopped");
    }

    @Override
    public void close() {
        stop();
    }

    /** The port listened on: the configured one, or the one picked when it was 0. */
    public synchronized int port() {
        if (app == null) throw new IllegalStateException("not started");
        return app.port();
    }

    /** Every route this server answers (not its before-handlers), {@code HEAD} twins of {@code GET} routes included, as Javalin holds them. */
    public synchronized List<ApiRoute> routes() {
        if (app == null) throw new IllegalStateException("not started");
        return app.unsafeConfig().pvt.internalRouter.allHttpHandlers().stream()
                .map(ParsedEndpoint::getEndpoint)
                .filter(e -> e.getMethod().isHttpMethod())
                .map(e -> new ApiRoute(
                        e.getMethod().name(),
                        e.getPath(),
                        e.getRoles().stream()
                                .filter(Role.class::isInstance)
                                .map(r -> ((Role) r).configName())
                                .collect(Collectors.toSet())))
                .toList();
    }

    /** The base URL clients use, e.g. {@code https://127.0.0.1:8443}. */
    public URI url() {
        return new BindAddress(settings.bind(), port(), settings.tls()).localUrl();
    }

    private void release() {
        if (gauges != null) gauges.close();
        if (jvmMeters != null) jvmMeters.close();
        if (healthChecks != null) healthChecks.close();
        gauges = null;
        jvmMeters = null;
        healthChecks = null;
    }

    /**
     * Javalin honours {@code X-HTTP-Method-Override}, which would let a cross-site GET or form POST delete a job;
     * the headers are removed before Javalin sees the request, so the method on the request line is the method.
     */
    private static void dropMethodOverrides(Connector connector, HttpConfiguration config, Request request) {
        HttpFields fields = request.getHttpFields();
        if (!fields.contains("X-HTTP-Method-Override")
                && !fields.contains("X-HTTP-Method")
                && !fields.contains("X-Method-Override")) return;
        request.setHttpFields(HttpFields.build(fields)
                .remove("X-HTTP-Method-Override")
                .remove("X-HTTP-Method")
                .remove("X-Method-Override")
                .asImmutable());
    }

    /**
     * Javalin answers HEAD with a GET route's handler but matches no route for it, so role checks would see no
     * role and let it through; an explicit HEAD route with the GET route's roles gets the same checks and status.
     * Jetty drops the body of a HEAD answer.
     */
    private static void headLikeGet(Javalin app) {
        List<Endpoint> gets = app.unsafeConfig().pvt.internalRouter.allHttpHandlers().stream()
                .map(ParsedEndpoint::getEndpoint)
                .filter(e -> e.getMethod() == HandlerType.GET)
                .toList();
        for (Endpoint get : gets) {
            app.head(get.getPath(), get.getHandler(), get.getRoles().toArray(new RouteRole[0]));
        }
    }

    /**
     * Health details name files and the store; a caller sees them with a viewer token, or in open mode, where
     * only this machine can connect (the bind is loopback) and the browser guard has vetted the request.
     */
    private static boolean mayReadDetails(BearerAuthenticator authenticator, io.javalin.http.Context ctx) {
        if (authenticator.open()) return true;
        return authenticator
                .authenticate(ctx.header("Authorization"))
                .map(t -> t.role().includes(Role.VIEWER))
                .orElse(false);
    }

    private void warnOfCleartextTokens() {
        if (settings.tokens().isEmpty()
                || settings.tls()
                || BrowserGuard.isLoopback(BrowserGuard.hostOnly(settings.bind()))) return;
        log.warn(
                "http.bind is {} without TLS: bearer tokens would travel in clear text. Set http.tls, or bind to "
                        + "127.0.0.1 behind a TLS-terminating proxy.",
                settings.bind());
    }

    private void refuseOpenApiOnNetwork() {
        if (!settings.tokens().isEmpty()) return;
        InetAddress address;
        try {
            address = InetAddress.getByName(settings.bind());
        } catch (UnknownHostException e) {
            throw new HttpStartupException("http.bind '" + settings.bind() + "' is not an address of this host");
        }
        if (!address.isLoopbackAddress()) {
            throw new HttpStartupException(
                    "http.bind is " + settings.bind() + " but security.tokens is empty: an API without tokens "
                            + "may only listen on a loopback address. Add a token under security.tokens or bind to 127.0.0.1.");
        }
    }

    /**
     * Fails fast when {@code bind:port} is taken, before the caller starts the engine: a worker that cannot serve its
     * API must stop before it claims fires and logs that it started. The real bind in {@link #start()} still decides
     * (another process may take the port in between); port 0 and a name that does not resolve are left to it.
     *
     * @throws HttpStartupException naming the address, when another socket listens there
     */
    public static void requirePortFree(String bind, int port) {
        if (port == 0) return;
        InetAddress address;
        try {
            address = InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
            return;
        }
        try (ServerSocket probe = new ServerSocket()) {
            // As Jetty binds: a port with connections in TIME_WAIT is free to listen on.
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(address, port));
        } catch (BindException e) {
            throw new HttpStartupException(portInUse(bind, port));
        } catch (IOException e) {
            // Not a conflict this check can name; the real bind reports it.
        }
    }

    private static String portInUse(String bind, int port) {
        return "cannot listen on " + bind + ":" + port + ": the port is in use (another Jobwarden instance or "
                + "another program); stop it or choose another port with --port or http.port";
    }
}
