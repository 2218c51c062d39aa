package io.jobwarden.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jobwarden.engine.FieldError;
import io.jobwarden.engine.GroupSpec;
import io.jobwarden.engine.HistoryRetention;
import io.jobwarden.engine.InvalidInputException;
import io.jobwarden.engine.JobSpec;
import io.jobwarden.server.http.auth.Role;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path base;

    private final Map<String, String> env = Map.of(
            "DB_HOST", "db.internal:5432",
            "OPS_TOKEN", "ops-token-0123456789abcdef",
            "KS_PASS", "keystore-pass-xyz",
            "PORT", "9090",
            "CLUSTER_ON", "true");

    private JobwardenConfig parse(String yaml) {
        return new ConfigLoader(List.of(), env).parse(yaml, "jobwarden.yml", base);
    }

    private List<String> errors(String yaml) {
        try {
            parse(yaml);
        } catch (InvalidInputException e) {
            return e.errors().stream().map(FieldError::toString).toList();
        }
        throw new AssertionError("expected the config to be refused:\n" + yaml);
    }

    @Test
    void an_empty_file_gives_every_default() {
        JobwardenConfig c = parse("");

        assertThat(c.name()).isEqualTo("jobwarden");
        assertThat(c.baseDir()).isEqualTo(base.toAbsolutePath().normalize());
        assertThat(c.http().bind()).isEqualTo("127.0.0.1");
        assertThat(c.http().port()).isEqualTo(8080);
        assertThat(c.http().tls()).isEmpty();
        assertThat(c.store().url())
                .isEqualTo("jdbc:sqlite:" + base.resolve("data").resolve("jobwarden.db"));
        assertThat(c.store().embedded()).isTrue();
        assertThat(c.store().dialect()).isEqualTo("sqlite");
        assertThat(c.store().poolSize()).isEqualTo(10);
        assertThat(c.cluster().enabled()).isFalse();
        assertThat(c.cluster().lock()).isEqualTo(ClusterLock.STORE);
        assertThat(c.cluster().lease()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.cluster().pollInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.security().tokens()).isEmpty();
        assertThat(c.security().controlSecret()).isEmpty();
        assertThat(c.supervisor())
                .isEqualTo(new SupervisorSection(
                        true, Duration.ofSeconds(20), Duration.ofSeconds(5), Duration.ofMinutes(5), List.of()));
        assertThat(c.logging())
                .isEqualTo(new LoggingSection(base.resolve("logs"), 50L << 20, 14, 1L << 30, false, true, "INFO"));
        assertThat(c.threads()).isEqualTo(10);
        assertThat(c.shutdownTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.misfireThreshold()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.pluginsDir()).isEqualTo(base.resolve("plugins"));
        assertThat(c.groups()).containsOnly(Map.entry("default", new GroupSpec("default", 10, 5)));
        assertThat(c.jobs()).isEmpty();
        assertThat(c.alerts().webhook()).isEmpty();
    }

    @Test
    void a_file_of_comments_only_is_the_defaults_too() {
        assertThat(parse("# nothing yet\n")).isEqualTo(new ConfigLoader(List.of(), env).defaults(base));
    }

    @Test
    void reads_every_section() throws IOException {
        Files.createDirectories(base.resolve("tls"));
        Files.writeString(base.resolve("tls/keystore.p12"), "not really a keystore");
        JobwardenConfig c = parse("""
                name: billing-jobs
                threads: 4
                shutdown-timeout: 1m
                misfire-threshold: 10s
                plugins: lib/plugins
                http: { bind: 127.0.0.1, port: 8081, tls: { keystore: tls/keystore.p12, password: ${env:KS_PASS} } }
                store: { url: "jdbc:postgresql://${env:DB_HOST}/jobs", user: jw, password: s3cret-pw, pool-size: 20 }
                cluster: { enabled: true, lock: redis, redis: "redis://127.0.0.1:6379", lease: 20s, poll-interval: 500ms }
                security:
                  tokens: [ { name: ops, token: ${env:OPS_TOKEN}, role: operator } ]
                  control-secret: control-secret-0123456789
                supervisor: { enabled: false, heartbeat-timeout: 1m, restart-delay: 2s, max-restart-delay: 10m, jvm-options: [-Xmx512m, -XX:+UseG1GC] }
                logging: { dir: /var/log/jw, max-file-size: 10MB, max-history: 7, total-size-cap: 2GB, json: true, event-log: false, level: debug }
                groups: { realtime: { max-concurrent: 10, priority: 10 }, batch: { max-concurrent: 2 } }
                alerts: { webhook: { url: "https://hooks.example.com/jw", secret: webhook-secret-123 } }
                jobs:
                  - id: cleanup-tmp
                    schedule: "0 */5 * * * ?"
                    zone: Asia/Shanghai
                    type: shell
                    command: ["/usr/bin/find", "/tmp/x", "-mtime", "+7", "-delete"]
                    timeout: 10m
                    retry: { max: 3, backoff: 30s, max-backoff: 10m }
                    overlap: skip
                    misfire: fire-once
                    group: batch
                """);

        assertThat(c.name()).isEqualTo("billing-jobs");
        assertThat(c.threads()).isEqualTo(4);
        assertThat(c.shutdownTimeout()).isEqualTo(Duration.ofMinutes(1));
        assertThat(c.misfireThreshold()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.pluginsDir()).isEqualTo(base.resolve("lib/plugins"));
        assertThat(c.http().port()).isEqualTo(8081);
        assertThat(c.http().tls()).hasValueSatisfying(t -> {
            assertThat(t.keystore()).isEqualTo(base.resolve("tls/keystore.p12"));
            assertThat(t.password().reveal()).isEqualTo("keystore-pass-xyz");
        });
        assertThat(c.store().url()).isEqualTo("jdbc:postgresql://db.internal:5432/jobs");
        assertThat(c.store().dialect()).isEqualTo("postgresql");
        assertThat(c.store().user()).contains("jw");
        assertThat(c.store().password().map(Secret::reveal)).contains("s3cret-pw");
        assertThat(c.store().poolSize()).isEqualTo(20);
        assertThat(c.cluster())
                .isEqualTo(new ClusterSection(
                        true,
                        ClusterLock.REDIS,
                        Optional.of("redis://127.0.0.1:6379"),
                        Duration.ofSeconds(20),
                        Duration.ofMillis(500)));
        assertThat(c.security().tokens())
                .containsExactly(new TokenSection("ops", Secret.of("ops-token-0123456789abcdef"), Role.OPERATOR));
        assertThat(c.security().tokenFor("ops-token-0123456789abcdef"))
                .map(TokenSection::name)
                .contains("ops");
        assertThat(c.security().tokenFor("ops-token-0123456789abcdeX")).isEmpty();
        assertThat(c.security().controlSecret().map(Secret::reveal)).contains("control-secret-0123456789");
        assertThat(c.supervisor())
                .isEqualTo(new SupervisorSection(
                        false,
                        Duration.ofMinutes(1),
                        Duration.ofSeconds(2),
                        Duration.ofMinutes(10),
                        List.of("-Xmx512m", "-XX:+UseG1GC")));
        assertThat(c.logging())
                .isEqualTo(new LoggingSection(Path.of("/var/log/jw"), 10L << 20, 7, 2L << 30, true, false, "DEBUG"));
        assertThat(c.groups())
                .containsOnly(
                        Map.entry("realtime", new GroupSpec("realtime", 10, 10)),
                        Map.entry("batch", new GroupSpec("batch", 2, 5)),
                        Map.entry("default", new GroupSpec("default", 4, 5)));
        assertThat(c.alerts().webhook()).hasValueSatisfying(w -> {
            assertThat(w.url()).hasToString("https://hooks.example.com/jw");
            assertThat(w.secret().map(Secret::reveal)).contains("webhook-secret-123");
        });
        assertThat(c.jobs()).singleElement().satisfies(j -> {
            assertThat(j.id()).isEqualTo("cleanup-tmp");
            assertThat(j.group()).isEqualTo("batch");
            assertThat(j.timeout()).isEqualTo(Duration.ofMinutes(10));
            assertThat(j.retry().max()).isEqualTo(3);
            assertThat(j.settings())
                    .containsEntry("command", List.of("/usr/bin/find", "/tmp/x", "-mtime", "+7", "-delete"));
        });
        assertThat(c.secrets())
                .extracting(Secret::reveal)
                .containsExactlyInAnyOrder(
                        "keystore-pass-xyz",
                        "s3cret-pw",
                        "ops-token-0123456789abcdef",
                        "control-secret-0123456789",
                        "webhook-secret-123");
    }

    @Test
    void printing_the_config_shows_no_secret() {
        JobwardenConfig c = parse("""
                http: { bind: 0.0.0.0 }
                store: { url: "jdbc:postgresql://db/jobs?user=jw&password=url-password-1", password: store-password-1 }
                cluster: { redis: "redis://:redis-password-1@cache:6379" }
                security:
                  tokens: [ { name: ops, token: ${env:OPS_TOKEN}, role: admin } ]
                  control-secret: control-secret-0123456789
                alerts: { webhook: { url: "https://hooks.example.com/x?token=hook-token-1", secret: webhook-secret-123 } }
                """);

        String printed = c.toString();
        assertThat(printed)
                .doesNotContain(
                        "url-password-1",
                        "store-password-1",
                        "redis-password-1",
                        "ops-token-0123456789abcdef",
                        "control-secret-0123456789",
                        "hook-token-1",
                        "webhook-secret-123");
        assertThat(printed).contains("ops", "jdbc:postgresql://db/jobs", Secret.MASK);
    }

    @Test
    void env_references_are_substituted_anywhere_in_a_string() {
        JobwardenConfig c = parse("""
                http: { port: "${env:PORT}" }
                store: { url: "jdbc:postgresql://${env:DB_HOST}/x" }
                cluster: { enabled: ${env:CLUSTER_ON} }
                """);

        assertThat(c.http().port()).isEqualTo(9090);
        assertThat(c.store().url()).isEqualTo("jdbc:postgresql://db.internal:5432/x");
        assertThat(c.cluster().enabled()).isTrue();
    }

    @Test
    void a_job_reads_numbers_from_env_references_as_the_config_does() {
        ConfigLoader loader = new ConfigLoader(JobTypes.defaults(), Map.of("RETRIES", "4", "PRIO", " 7 "));
        JobwardenConfig c = loader.parse("""
                jobs:
                  - id: a
                    schedule: "@hourly"
                    type: shell
                    command: [echo]
                    priority: ${env:PRIO}
                    retry: { max: ${env:RETRIES}, backoff: 30s }
                """, "jobwarden.yml", base);

        assertThat(c.job("a")).hasValueSatisfying(j -> {
            assertThat(j.retry().max()).isEqualTo(4);
            assertThat(j.priority()).isEqualTo(7);
        });
    }

    @Test
    void a_jobs_settings_keep_their_references_and_the_rest_of_the_job_is_substituted() {
        Map<String, String> vars = Map.of("DB_PASS", "s3cret-db", "HOOK", "https://hooks.internal/x", "T", "5m");
        ConfigLoader loader = new ConfigLoader(JobTypes.forPlugins(base.resolve("plugins")), vars);
        JobwardenConfig c = loader.parse("""
                jobs:
                  - id: a
                    schedule: "@hourly"
                    type: shell
                    timeout: ${env:T}
                    command: ["/bin/psql", "--password=${env:DB_PASS}", "$${env:LITERAL}"]
                    env: { PGPASSWORD: ${env:DB_PASS} }
                  - { id: b, schedule: "@hourly", type: http, url: "${env:HOOK}", headers: { X-Key: "${env:DB_PASS}" } }
                """, "jobwarden.yml", base);

        assertThat(c.job("a")).hasValueSatisfying(j -> {
            assertThat(j.timeout()).isEqualTo(Duration.ofMinutes(5));
            assertThat(j.settings())
                    .containsEntry("command", List.of("/bin/psql", "--password=${env:DB_PASS}", "$${env:LITERAL}"))
                    .containsEntry("env", Map.of("PGPASSWORD", "${env:DB_PASS}"));
        });
        assertThat(c.job("b").orElseThrow().settings())
                .containsEntry("url", "${env:HOOK}")
                .containsEntry("headers", Map.of("X-Key", "${env:DB_PASS}"));
        assertThat(c.environment().referenced()).containsExactlyInAnyOrder("DB_PASS", "HOOK", "T");
        assertThat(c.toString()).doesNotContain("s3cret-db");
    }

    @Test
    void a_job_may_not_reference_an_api_token_or_an_internal_variable() {
        ConfigLoader loader = new ConfigLoader(
                JobTypes.defaults(), Map.of("OPS_TOKEN", "ops-token-0123456789", "JOBWARDEN_SUPERVISOR_TOKEN", "x"));
        assertThatThrownBy(() -> loader.parse("""
                        security: { tokens: [ { name: ops, token: "${env:OPS_TOKEN}", role: operator } ] }
                        jobs:
                          - { id: a, schedule: "@hourly", type: shell, command: [x], env: { T: "${env:OPS_TOKEN}" } }
                          - { id: b, schedule: "@hourly", type: shell, shell: "echo ${env:JOBWARDEN_SUPERVISOR_TOKEN}" }
                        """, "jobwarden.yml", base))
                .isInstanceOfSatisfying(
                        InvalidInputException.class,
                        e -> assertThat(e.errors())
                                .extracting(FieldError::toString)
                                .containsExactlyInAnyOrder(
                                        "jobs[0].env: environment variable OPS_TOKEN holds a secret of the service and is not given to jobs",
                                        "jobs[1].shell: environment variable JOBWARDEN_SUPERVISOR_TOKEN holds a secret of the service and is not given to jobs"));
    }

    @Test
    void a_job_setting_is_checked_with_its_reference_substituted() {
        ConfigLoader loader = new ConfigLoader(JobTypes.forPlugins(base.resolve("plugins")), Map.of("HOOK", "ftp://x"));
        assertThatThrownBy(() -> loader.parse("""
                        jobs:
                          - { id: b, schedule: "@hourly", type: http, url: "${env:HOOK}" }
                          - { id: c, schedule: "@hourly", type: shell, env: { P: "${env:NOPE_PASS}" }, command: [x] }
                        """, "jobwarden.yml", base))
                .isInstanceOfSatisfying(
                        InvalidInputException.class,
                        e -> assertThat(e.errors())
                                .extracting(FieldError::toString)
                                .containsExactlyInAnyOrder(
                                        "jobs[1].env.P: environment variable NOPE_PASS is not set",
                                        "jobs[0].url: 'ftp://x' must start with http:// or https://"));
    }

    @Test
    void a_job_number_that_is_not_one_is_named_with_its_path() {
        ConfigLoader loader = new ConfigLoader(JobTypes.defaults(), Map.of("RETRIES", "lots"));
        assertThatThrownBy(() -> loader.parse("""
                        jobs:
                          - { id: a, schedule: "@hourly", type: shell, command: [echo], retry: { max: ${env:RETRIES} } }
                        """, "jobwarden.yml", base))
                .hasMessage("jobs[0].retry.max: 'lots' is not a whole number");
        assertThatThrownBy(() -> loader.parse("""
                        jobs:
                          - { id: a, schedule: "@hourly", type: shell, command: [echo], retry: { max: "2000" } }
                        """, "jobwarden.yml", base))
                .hasMessage("jobs[0].retry.max: must be 0-1000");
    }

    @Test
    void a_missing_variable_is_named_with_its_path_and_nothing_else_is_said_about_that_value() {
        assertThat(errors("""
                store: { url: "jdbc:postgresql://${env:NOPE_HOST}/x" }
                http: { port: ${env:NOPE_PORT} }
                security: { control-secret: "${env:NOPE_SECRET}" }
                """))
                .containsExactly(
                        "store.url: environment variable NOPE_HOST is not set",
                        "http.port: environment variable NOPE_PORT is not set",
                        "security.control-secret: environment variable NOPE_SECRET is not set");
    }

    @Test
    void a_missing_variable_inside_a_list_is_named_with_the_index() {
        assertThat(errors("""
                supervisor: { jvm-options: [ "-Xmx1g", "-Dkey=${env:NOPE}" ] }
                """)).containsExactly("supervisor.jvm-options[1]: environment variable NOPE is not set");
    }

    @Test
    void a_doubled_dollar_writes_a_reference_literally_and_other_dollar_braces_are_left_alone() {
        JobwardenConfig c = parse("""
                supervisor: { jvm-options: [ "-Dliteral=$${env:NOT_LOOKED_UP}", "-Dshell=${HOME}" ] }
                """);

        assertThat(c.supervisor().jvmOptions()).containsExactly("-Dliteral=${env:NOT_LOOKED_UP}", "-Dshell=${HOME}");
    }

    @Test
    void a_malformed_reference_is_reported() {
        assertThat(errors("""
                name: "${env:1BAD}"
                """))
                .containsExactly(
                        "name: '${env:1BAD}' is not a valid reference; write ${env:NAME} with a name of letters, digits and _");
    }

    @Test
    void reports_every_problem_at_once_with_its_path() {
        assertThat(errors("""
                htp: { port: 8080 }
                http: { port: 70000, prot: 1 }
                security:
                  tokens:
                    - { name: ops, token: ops-token-0123456789abcdef, role: root }
                groups: { batch: { max-concurrent: 0 } }
                jobs:
                  - { id: a, schedule: "@daily", type: shell }
                  - { id: b, schedule: "@daily", type: shell }
                  - { id: c, schedule: "@daily", type: shell, timeout: 31d }
                  - { id: a, schedule: "@daily", type: shell }
                """))
                .containsExactlyInAnyOrder(
                        "htp: is not a setting; did you mean 'http'?",
                        "http.port: must be 1-65535",
                        "http.prot: is not a setting; did you mean 'port'?",
                        "security.tokens[0].role: 'root' is not one of viewer | operator | admin",
                        "groups.batch.max-concurrent: must be at least 1",
                        "jobs[2].timeout: must be positive and at most 30d",
                        "jobs[3].id: 'a' is already used by jobs[0]");
    }

    @Test
    void an_unknown_key_far_from_every_known_one_gets_no_suggestion() {
        assertThat(errors("frobnicate: 1\n")).containsExactly("frobnicate: is not a setting");
    }

    @Test
    void a_public_bind_needs_tokens() {
        assertThat(errors("http: { bind: 0.0.0.0 }\n"))
                .containsExactly(
                        "http.bind: binding to 0.0.0.0 needs security.tokens; without tokens only a loopback address is allowed");
        assertThat(errors("http: { bind: 10.1.2.3 }\n")).hasSize(1);
        assertThat(errors("http: { bind: jobs.example.com }\n")).hasSize(1);

        assertThat(parse("http: { bind: localhost }\n").http().bind()).isEqualTo("localhost");
        assertThat(parse("http: { bind: \"::1\" }\n").http().bind()).isEqualTo("::1");
        assertThat(parse("http: { bind: 127.0.0.2 }\n").http().bind()).isEqualTo("127.0.0.2");
        assertThat(parse("""
                http: { bind: 0.0.0.0 }
                security: { tokens: [ { name: ops, token: ops-token-0123456789abcdef, role: viewer } ] }
                """).http().bind()).isEqualTo("0.0.0.0");
    }

    @Test
    void a_wrong_token_entry_is_reported_without_also_blaming_the_bind() {
        assertThat(errors("""
                http: { bind: 0.0.0.0 }
                security: { tokens: [ { name: ops, token: short } ] }
                """))
                .containsExactlyInAnyOrder(
                        "security.tokens[0].role: is required; use viewer, operator or admin",
                        "security.tokens[0].token: must be at least 16 characters");
    }

    @Test
    void token_entries_are_checked_for_names_values_and_keys_without_echoing_a_token() {
        List<String> errors = errors("""
                security:
                  tokens:
                    - { name: ops, token: first-token-0123456789, role: viewer }
                    - { name: ops, token: first-token-0123456789, role: admin }
                    - { token: other-token-0123456789, role: admin, rol: x }
                    - just-a-string
                  control-secret: tooshort
                """);

        assertThat(errors)
                .containsExactlyInAnyOrder(
                        "security.tokens[1].name: 'ops' is already used by security.tokens[0]",
                        "security.tokens[1].token: is the same as security.tokens[0].token; give every client its own",
                        "security.tokens[2].name: is required",
                        "security.tokens[2].rol: is not a setting; did you mean 'role'?",
                        "security.tokens[3]: must be a mapping of settings, not text",
                        "security.tokens[3].name: is required",
                        "security.tokens[3].token: is required",
                        "security.tokens[3].role: is required; use viewer, operator or admin",
                        "security.control-secret: must be at least 16 characters");
        assertThat(String.join("\n", errors)).doesNotContain("first-token-0123456789", "tooshort");
    }

    @Test
    void values_of_the_wrong_kind_are_named() {
        assertThat(errors("""
                http: 8080
                threads: many
                shutdown-timeout: 30
                misfire-threshold: 0s
                cluster: { enabled: maybe, lease: soon }
                logging: { max-file-size: 50XB, level: loud, max-history: 0, dir: [a] }
                supervisor: { jvm-options: "-Xmx1g" }
                jobs: { id: a }
                name: "my instance"
                """))
                .containsExactlyInAnyOrder(
                        "http: must be a mapping of settings, not a number",
                        "threads: 'many' is not a whole number",
                        "shutdown-timeout: 30 has no unit; write a duration like 30s, 10m or 2h",
                        "misfire-threshold: must be longer than 0",
                        "cluster.enabled: must be true or false",
                        "cluster.lease: 'soon' is not a duration; use a whole number and a unit: 500ms, 30s, 10m, 2h, 1d, or several like 1h30m",
                        "logging.max-file-size: '50XB' is not a size; use a whole number and a unit: 512KB, 50MB, 2GB",
                        "logging.level: 'loud' is not one of TRACE | DEBUG | INFO | WARN | ERROR | OFF",
                        "logging.max-history: must be 1-3650",
                        "logging.dir: must be a single value, not a list",
                        "supervisor.jvm-options: must be a list, not text",
                        "jobs: must be a list, not a mapping",
                        "name: 'my instance' may use only letters, digits, '-' and '_', must start with a letter or digit and be at most 64 characters");
    }

    @Test
    void a_top_level_that_is_not_a_mapping_is_refused() {
        assertThat(errors("- a\n- b\n")).containsExactly("must be a mapping of settings, not a list");
    }

    /** Issue 18: Go's compound durations, in every duration key of the file and of a job. */
    @Test
    void every_duration_key_reads_compound_durations() {
        JobwardenConfig c = parse("""
                shutdown-timeout: 1m30s
                misfire-threshold: 2m30s
                cluster: { lease: 1m30s, poll-interval: 1s500ms }
                supervisor: { heartbeat-timeout: 1m15s, restart-delay: 2s500ms, max-restart-delay: 1h30m }
                security: { min-period: 1m30s }
                registry: { consul: { url: "http://127.0.0.1:8500", check-interval: 1m30s, check-timeout: 1m5s,
                                      deregister-critical-after: 1d12h } }
                jobs:
                  - { id: j, schedule: "@every 1h30m", type: shell, command: [echo], timeout: 1h30m,
                      retry: { max: 2, backoff: 2m30s, max-backoff: 1d12h } }
                """);

        assertThat(c.shutdownTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(c.misfireThreshold()).isEqualTo(Duration.ofSeconds(150));
        assertThat(c.cluster().lease()).isEqualTo(Duration.ofSeconds(90));
        assertThat(c.cluster().pollInterval()).isEqualTo(Duration.ofMillis(1500));
        assertThat(c.supervisor().heartbeatTimeout()).isEqualTo(Duration.ofSeconds(75));
        assertThat(c.supervisor().restartDelay()).isEqualTo(Duration.ofMillis(2500));
        assertThat(c.supervisor().maxRestartDelay()).isEqualTo(Duration.ofMinutes(90));
        assertThat(c.security().apiJobs().minPeriod()).isEqualTo(Duration.ofSeconds(90));
        ConsulSection consul = c.registry().consul().orElseThrow();
        assertThat(consul.checkInterval()).isEqualTo(Duration.ofSeconds(90));
        assertThat(consul.checkTimeout()).isEqualTo(Duration.ofSeconds(65));
        assertThat(consul.deregisterCriticalAfter()).isEqualTo(Duration.ofHours(36));
        JobSpec job = c.jobs().get(0);
        assertThat(job.timeout()).isEqualTo(Duration.ofMinutes(90));
        assertThat(job.retry().backoff()).isEqualTo(Duration.ofSeconds(150));
        assertThat(job.retry().maxBackoff()).isEqualTo(Duration.ofHours(36));
        assertThat(job.parsedSchedule().describe()).contains("90 minutes");
    }

    @Test
    void cross_setting_rules_are_checked() {
        assertThat(errors("""
                cluster: { enabled: true, lock: redis, lease: 5s, poll-interval: 5s }
                supervisor: { restart-delay: 1m, max-restart-delay: 30s }
                logging: { max-file-size: 2GB, total-size-cap: 1GB }
                """))
                .containsExactlyInAnyOrder(
                        "cluster.redis: is required when cluster.lock is redis",
                        "cluster.enabled: a cluster needs a shared database, but store.url is SQLite; use jdbc:postgresql: or jdbc:mariadb:",
                        "cluster.poll-interval: must be shorter than lease (5s)",
                        "supervisor.max-restart-delay: must not be shorter than restart-delay",
                        "logging.total-size-cap: must not be smaller than max-file-size");
    }

    @Test
    void the_store_and_redis_urls_are_checked_without_echoing_them() {
        List<String> errors = errors("""
                store: { url: "jdbc:oracle:thin:scott/tiger-pw@db:1521/x", pool-size: 0 }
                cluster: { redis: "tcp://:redis-pw@cache" }
                alerts: { webhook: { url: "ftp://x" } }
                """);

        assertThat(errors)
                .containsExactlyInAnyOrder(
                        "store.url: must be a JDBC URL starting with jdbc:sqlite:, jdbc:postgresql: or jdbc:mariadb:",
                        "store.pool-size: must be 1-1000",
                        "cluster.redis: must be a URL starting with redis:// or rediss://",
                        "alerts.webhook.url: must be an http:// or https:// URL");
        assertThat(String.join("\n", errors)).doesNotContain("tiger-pw", "redis-pw");
    }

    @Test
    void relative_paths_are_resolved_against_the_base_directory() {
        JobwardenConfig c = parse("""
                store: { url: "jdbc:sqlite:db/jw.db?journal_mode=WAL" }
                logging: { dir: ../shared-logs }
                """);

        assertThat(c.store().url()).isEqualTo("jdbc:sqlite:" + base.resolve("db/jw.db") + "?journal_mode=WAL");
        assertThat(c.logging().dir()).isEqualTo(base.getParent().resolve("shared-logs"));
        assertThat(c.logging().file()).isEqualTo(base.getParent().resolve("shared-logs/jobwarden.log"));
        assertThat(parse("store: { url: \"jdbc:sqlite::memory:\" }\n").store().url())
                .isEqualTo("jdbc:sqlite::memory:");
        assertThat(parse("store: { url: \"jdbc:sqlite:/abs/jw.db\" }\n").store().url())
                .isEqualTo("jdbc:sqlite:" + Path.of("/abs/jw.db"));
    }

    @Test
    void tls_needs_an_existing_keystore_and_a_password() {
        assertThat(errors("http: { tls: { keystore: missing.p12 } }\n"))
                .containsExactlyInAnyOrder(
                        "http.tls.password: is required with a keystore",
                        "http.tls.keystore: file " + base.resolve("missing.p12") + " does not exist");
        assertThat(errors("http: { tls: { password: x } }\n"))
                .containsExactly("http.tls.keystore: is required to serve HTTPS");
    }

    @Test
    void the_base_directory_is_the_data_option_else_the_config_files_directory() {
        Path file = base.resolve("etc/jobwarden.yml");

        assertThat(ConfigLoader.baseDirectory(base.resolve("var"), file)).isEqualTo(base.resolve("var"));
        assertThat(ConfigLoader.baseDirectory(null, file)).isEqualTo(base.resolve("etc"));
        assertThat(ConfigLoader.baseDirectory(null, null)).isEqualTo(Path.of("").toAbsolutePath());
    }

    @Test
    void loading_a_file_resolves_against_its_directory_and_writes_nothing() throws IOException {
        Path dir = Files.createDirectories(base.resolve("conf"));
        Path file = Files.writeString(dir.resolve("jobwarden.yml"), "name: from-file\n");

        JobwardenConfig c = new ConfigLoader(List.of(), env).load(file, null);

        assertThat(c.name()).isEqualTo("from-file");
        assertThat(c.logging().dir()).isEqualTo(dir.resolve("logs"));
        assertThat(c.store().url()).isEqualTo("jdbc:sqlite:" + dir.resolve("data/jobwarden.db"));
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
        assertThat(new ConfigLoader(List.of(), env)
                        .load(file, base.resolve("data-dir"))
                        .logging()
                        .dir())
                .isEqualTo(base.resolve("data-dir/logs"));
    }

    @Test
    void a_missing_file_or_a_directory_is_one_clear_error() {
        ConfigLoader loader = new ConfigLoader(List.of(), env);
        Path missing = base.resolve("nope.yml");

        assertThatThrownBy(() -> loader.load(missing, null))
                .isInstanceOfSatisfying(
                        InvalidInputException.class,
                        e -> assertThat(e.errors())
                                .containsExactly(new FieldError("", "config file " + missing + " does not exist")));
        assertThatThrownBy(() -> loader.load(base, null))
                .isInstanceOfSatisfying(
                        InvalidInputException.class,
                        e -> assertThat(e.errors())
                                .containsExactly(
                                        new FieldError("", "config file " + base + " is a directory, not a file")));
    }

    @Test
    void yaml_syntax_errors_give_line_and_column_and_no_excerpt_of_the_file() {
        assertThat(errors("""
                http:
                  port: 8080
                 bind: 0.0.0.0
                store: { password: hunter2-secret
                """))
                .singleElement()
                .asString()
                .startsWith("jobwarden.yml: line 3, column 2: ")
                .doesNotContain("hunter2-secret", "Exception", "\n");
        assertThat(errors("a: [1, 2\n"))
                .containsExactly(
                        "jobwarden.yml: line 2, column 1: while parsing a flow sequence: expected ',' or ']', but got <stream end>");
    }

    @Test
    void common_yaml_mistakes_get_a_hint() {
        assertThat(errors("jobs:\n  - { id: a, schedule: */5 * * * * ?, type: shell }\n"))
                .containsExactly(
                        "jobwarden.yml: line 2, column 24: a value starting with '*' must be in quotes, like schedule: \"*/5 * * * * ?\"");
        assertThat(errors("jobs:\n  - id: a\n    schedule: @every 30s\n"))
                .containsExactly(
                        "jobwarden.yml: line 3, column 15: a value starting with '@' must be in quotes, like schedule: \"@every 30s\"");
        assertThat(errors("http:\n\tport: 1\n"))
                .singleElement()
                .asString()
                .contains("line 2, column 1: a tab cannot indent YAML; indent with spaces");
        assertThat(errors("name: a\nname: b\n"))
                .singleElement()
                .asString()
                .startsWith("jobwarden.yml: line 2,")
                .endsWith("'name' appears twice in the same mapping");
        assertThat(errors("name: a: b\n")).singleElement().asString().contains("unexpected ':'");
    }

    @Test
    void the_product_example_with_unquoted_references_in_flow_mappings_parses() {
        JobwardenConfig c = parse("""
                security:
                  tokens: [ { name: ops, token: ${env:OPS_TOKEN}, role: operator } ]
                """);

        assertThat(c.security().tokens())
                .singleElement()
                .extracting(t -> t.token().reveal())
                .isEqualTo("ops-token-0123456789abcdef");
    }

    @Test
    void a_reference_in_a_key_is_shown_as_written() {
        assertThat(errors("\"${env:PORT}\": 1\n")).containsExactly("${env:PORT}: is not a setting");
    }

    @Test
    void groups_need_a_limit_and_a_valid_name_but_default_takes_the_thread_count() {
        assertThat(errors("""
                groups: { batch: { priority: 101 }, "bad name": { max-concurrent: 1 }, x: { max-concurent: 1 } }
                """))
                .containsExactlyInAnyOrder(
                        "groups.batch.max-concurrent: is required",
                        "groups.batch.priority: must be 0-100",
                        "groups.bad name: is not a valid group name; use letters, digits, '.', '_' and '-', starting with a letter or digit",
                        "groups.x.max-concurrent: is required",
                        "groups.x.max-concurent: is not a setting; did you mean 'max-concurrent'?");
        assertThat(parse("threads: 3\ngroups: { default: { priority: 7 } }\n").groups())
                .containsOnly(Map.entry("default", new GroupSpec("default", 3, 7)));
    }

    @Test
    void overrides_from_the_command_line_replace_one_value() {
        JobwardenConfig c = parse("").withHttpPort(9999);

        assertThat(c.http().port()).isEqualTo(9999);
        assertThat(c.http().bind()).isEqualTo("127.0.0.1");
    }

    @Test
    void history_retention_has_defaults_and_takes_good_values() {
        assertThat(parse("").history()).isEqualTo(new HistoryRetention(30, 1000));
        assertThat(parse("history: { keep-days: 7, keep-runs-per-job: 200 }\n").history())
                .isEqualTo(new HistoryRetention(7, 200));
        assertThat(parse("history: { keep-days: 36500, keep-runs-per-job: 1 }\n")
                        .history())
                .isEqualTo(new HistoryRetention(36500, 1));
    }

    @Test
    void bad_history_values_are_named() {
        assertThat(errors("history: { keep-days: 0, keep-runs-per-job: lots }\n"))
                .containsExactlyInAnyOrder(
                        "history.keep-days: must be 1-36500",
                        "history.keep-runs-per-job: 'lots' is not a whole number");
        assertThat(errors("history: { keep-days: -3, keep-runs-per-job: 10000001 }\n"))
                .containsExactlyInAnyOrder(
                        "history.keep-days: must be 1-36500", "history.keep-runs-per-job: must be 1-10000000");
        assertThat(errors("history: { keep-dayz: 3 }\n"))
                .containsExactly("history.keep-dayz: is not a setting; did you mean 'keep-days'?");
        assertThat(errors("history: 30\n")).containsExactly("history: must be a mapping of settings, not a number");
    }

    private JobwardenConfig parseAs(String name, String yaml) {
        return new ConfigLoader(List.of(), env).instanceName(name).parse(yaml, "jobwarden.yml", base);
    }

    @Test
    void another_name_than_the_files_gets_its_own_data_store_and_logs() {
        String yaml = "logging: { dir: /var/log/jw }\n";
        JobwardenConfig own = parse(yaml);
        JobwardenConfig a = parseAs("a", yaml);
        JobwardenConfig b = parseAs("b", yaml);

        assertThat(own.dataDir()).isEqualTo(base.resolve("data"));
        assertThat(a.dataDir()).isEqualTo(base.resolve("data/a"));
        assertThat(b.dataDir()).isEqualTo(base.resolve("data/b"));
        assertThat(a.store().url()).isEqualTo("jdbc:sqlite:" + base.resolve("data/a/jobwarden.db"));
        assertThat(b.store().url()).isEqualTo("jdbc:sqlite:" + base.resolve("data/b/jobwarden.db"));
        assertThat(own.logging().dir()).isEqualTo(Path.of("/var/log/jw"));
        assertThat(a.logging().dir()).isEqualTo(Path.of("/var/log/jw/a"));
        assertThat(a.logging().crashDir()).isEqualTo(Path.of("/var/log/jw/a/crash"));
        assertThat(a.name()).isEqualTo("a");
    }

    @Test
    void the_files_own_name_and_shared_stores_keep_their_paths() {
        assertThat(parseAs("billing", "name: billing\n").dataDir()).isEqualTo(base.resolve("data"));
        assertThat(parseAs("jobwarden", "").store().url())
                .isEqualTo("jdbc:sqlite:" + base.resolve("data/jobwarden.db"));
        // Relative files go one level down under the name; absolute ones and server databases are shared on purpose.
        assertThat(parseAs("a", "store: { url: \"jdbc:sqlite:state/x.db?busy_timeout=5\" }\n")
                        .store()
                        .url())
                .isEqualTo("jdbc:sqlite:" + base.resolve("state/a/x.db") + "?busy_timeout=5");
        assertThat(parseAs("a", "store: { url: \"jdbc:sqlite:/srv/shared.db\" }\n")
                        .store()
                        .url())
                .isEqualTo("jdbc:sqlite:/srv/shared.db");
        assertThat(parseAs("a", "store: { url: \"jdbc:postgresql://db/jw\" }\n")
                        .store()
                        .url())
                .isEqualTo("jdbc:postgresql://db/jw");
    }

    @Test
    void a_bad_name_on_the_command_line_is_named_as_such() {
        assertThat(nameErrors("a b"))
                .containsExactly(
                        "--name: 'a b' may use only letters, digits, '-' and '_', must start with a letter or digit and be at most 64 characters");
    }

    private List<String> nameErrors(String name) {
        try {
            parseAs(name, "");
        } catch (InvalidInputException e) {
            return e.errors().stream().map(FieldError::toString).toList();
        }
        throw new AssertionError("expected the name to be refused: " + name);
    }

    @Test
    void jobs_are_validated_by_the_engine_reader_and_their_runners_with_paths() {
        ConfigLoader loader = new ConfigLoader(TestRunners.all(), env);
        String yaml = """
                groups: { batch: { max-concurrent: 2 } }
                jobs:
                  - { id: ok, schedule: "0 */5 * * * ?", zone: Asia/Shanghai, type: shell, command: [true], group: batch }
                  - { id: typo, schedule: "@daily", type: shell, comand: [true] }
                  - { id: bad-schedule, schedule: "61 * * * * ?", type: http, url: "https://example.com" }
                  - { id: elsewhere, schedule: "@daily", type: ftp, zone: Mars/Base, group: nightly }
                  - { id: "has space", schedule: "@daily", type: java, class: x.Y, overlap: sometimes }
                """;

        assertThatThrownBy(() -> loader.parse(yaml, "jobwarden.yml", base))
                .isInstanceOfSatisfying(
                        InvalidInputException.class,
                        e -> assertThat(e.errors())
                                .extracting(FieldError::toString)
                                .containsExactlyInAnyOrder(
                                        "jobs[1].command: is required",
                                        "jobs[1].comand: is not a shell setting",
                                        "jobs[2].schedule: seconds field: 61 is out of range 0-59",
                                        "jobs[3].zone: 'Mars/Base' is not a time zone; use a name like Europe/Berlin or UTC",
                                        "jobs[3].type: 'ftp' is not a job type; use one of http, java, shell",
                                        "jobs[3].group: 'nightly' is not a configured group",
                                        "jobs[4].id: 'has space' may use only letters, digits, '.', '_' and '-', must start with a letter or digit and be at most 128 characters",
                                        "jobs[4].overlap: 'sometimes' is not one of skip | queue | allow"));
    }

    @Test
    void the_default_job_types_know_the_three_type_names_and_cannot_run() {
        ConfigLoader loader = new ConfigLoader(JobTypes.defaults(), env);

        JobwardenConfig c = loader.parse("""
                jobs:
                  - { id: a, schedule: "@every 30s", type: shell, command: [echo] }
                  - { id: b, schedule: "@hourly", type: http, url: "https://example.com" }
                  - { id: c, schedule: "@at 2030-01-01T00:00:00Z", type: java, class: x.Y }
                """, "jobwarden.yml", base);

        assertThat(c.jobs()).extracting(j -> j.type()).containsExactly("shell", "http", "java");
        assertThat(c.job("b")).map(j -> j.settings().get("url")).contains("https://example.com");
        assertThatThrownBy(() ->
                        loader.parse("jobs: [ { id: a, schedule: \"@daily\", type: ftp } ]", "jobwarden.yml", base))
                .hasMessage("jobs[0].type: 'ftp' is not a job type; use one of http, java, shell");
        assertThatThrownBy(() -> JobTypes.defaults().get(0).run(null)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void two_runners_for_one_type_are_a_programming_error() {
        assertThatThrownBy(() -> new ConfigLoader(
                        List.of(JobTypes.defaults().get(0), JobTypes.defaults().get(0)), env))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("shell");
    }
}
