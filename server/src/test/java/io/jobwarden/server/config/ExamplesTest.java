package io.jobwarden.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobwarden.engine.JobSpec;
import io.jobwarden.server.http.auth.Role;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The example files newcomers copy must load, with the job types the product ships. */
class ExamplesTest {
    private static final Path EXAMPLES = Path.of("..", "examples");

    @Test
    void the_newcomers_example_loads_as_an_embedded_loopback_instance() {
        JobwardenConfig c =
                new ConfigLoader(JobTypes.defaults(), Map.of()).load(EXAMPLES.resolve("jobwarden.yml"), null);

        assertThat(c.store().url())
                .isEqualTo(
                        "jdbc:sqlite:" + EXAMPLES.toAbsolutePath().normalize().resolve("data/jobwarden.db"));
        assertThat(c.http().bind()).isEqualTo("127.0.0.1");
        assertThat(c.http().port()).isEqualTo(8080);
        assertThat(c.jobs()).extracting(JobSpec::id).contains("hello");
        JobSpec hello = c.job("hello").orElseThrow();
        assertThat(hello.schedule()).isEqualTo("*/5 * * * * ?");
        assertThat(hello.settings().get("command").toString()).contains("JOBWARDEN_FIRE_TIME");
        assertThat(c.jobs()).anySatisfy(j -> assertThat(j.retry().max()).isPositive());
        assertThat(c.jobs()).anySatisfy(j -> assertThat(j.group()).isNotEqualTo("default"));
    }

    /** A job that calls its own instance follows the port it serves on, so {@code run --port P} records no failures. */
    @Test
    void the_health_check_job_of_both_example_configs_follows_the_instances_port() {
        for (Path file : List.of(EXAMPLES.resolve("jobwarden.yml"), Path.of("..", "conf", "jobwarden.yml"))) {
            JobwardenConfig c = new ConfigLoader(JobTypes.defaults(), Map.of()).load(file, null);
            assertThat(c.job("check-health"))
                    .as(file.toString())
                    .hasValueSatisfying(j ->
                            assertThat(j.settings().get("command").toString()).contains("$JOBWARDEN_HTTP_PORT/health"));
            assertThat(c.jobs())
                    .as("no job in %s names the port", file)
                    .allSatisfy(j -> assertThat(j.settings().toString()).doesNotContain("8080"));
        }
    }

    @Test
    void the_cluster_example_loads_with_its_environment() {
        Map<String, String> env = Map.of(
                "DB_HOST", "db.internal",
                "DB_PASSWORD", "db-password-123",
                "REDIS_HOST", "cache.internal",
                "JOBWARDEN_OPS_TOKEN", "ops-token-0123456789abcdef",
                "JOBWARDEN_VIEWER_TOKEN", "viewer-token-0123456789abcdef",
                "JOBWARDEN_CONTROL_SECRET", "control-secret-0123456789abcdef");

        JobwardenConfig c =
                new ConfigLoader(JobTypes.defaults(), env).load(EXAMPLES.resolve("cluster-postgres.yml"), null);

        assertThat(c.store().dialect()).isEqualTo("postgresql");
        assertThat(c.store().url()).contains("db.internal");
        assertThat(c.cluster().enabled()).isTrue();
        assertThat(c.cluster().lock()).isEqualTo(ClusterLock.REDIS);
        assertThat(c.security().tokens()).extracting(TokenSection::role).contains(Role.OPERATOR, Role.VIEWER);
        assertThat(c.secrets())
                .extracting(Secret::reveal)
                .contains("db-password-123", "control-secret-0123456789abcdef");
        assertThat(c.jobs()).isNotEmpty();
        assertThat(List.copyOf(c.groups().keySet())).hasSizeGreaterThan(1);
    }
}
