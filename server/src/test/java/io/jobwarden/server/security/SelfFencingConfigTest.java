package io.jobwarden.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobwarden.server.cli.Main;
import io.jobwarden.server.config.ConfigLoader;
import io.jobwarden.server.config.JobTypes;
import io.jobwarden.server.config.JobwardenConfig;
import io.jobwarden.server.config.SupervisorSection;
import io.jobwarden.server.service.SupervisorLaunch;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A supervised cluster node whose supervisor would kill a paused worker only after its lease ran out is refused at
 * start, naming both keys; nothing is started. The check is the supervisor's: {@code --no-supervisor} has none.
 */
class SelfFencingConfigTest {
    @TempDir
    Path dir;

    private Path config(String heartbeat, String lease) throws Exception {
        Path file = dir.resolve("jobwarden.yml");
        Files.writeString(
                file,
                "name: fencing\n"
                        + "http: { port: 65031 }\n"
                        + "store: { url: \"jdbc:postgresql://127.0.0.1:5432/test\", user: postgres }\n"
                        + "cluster: { enabled: true, lease: " + lease + " }\n"
                        + "supervisor: { heartbeat-timeout: " + heartbeat + " }\n");
        return file;
    }

    private static String[] run(String... args) {
        PrintStream originalErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Main.execute(args);
            return new String[] {Integer.toString(code), err.toString(StandardCharsets.UTF_8)};
        } finally {
            System.setErr(originalErr);
        }
    }

    @Test
    void aHeartbeatTimeoutThatOutlastsTheLeaseIsRefusedNamingBothKeys() throws Exception {
        String[] r = run("run", "--config", config("30s", "30s").toString(), "--data", dir.toString());
        assertThat(r[0]).isEqualTo("1");
        assertThat(r[1])
                .contains("error: supervisor.heartbeat-timeout: (30s) plus 5s")
                .contains("cluster.lease (30s)")
                .doesNotContain("Exception");
        assertThat(dir.resolve("logs").resolve("crash")).doesNotExist();
    }

    @Test
    void justInsideTheLeaseIsStillRefusedWithoutTheKillAllowance() throws Exception {
        String[] r = run("run", "--config", config("25s", "30s").toString(), "--data", dir.toString());
        assertThat(r[0]).isEqualTo("1");
        assertThat(r[1]).contains("supervisor.heartbeat-timeout").contains("cluster.lease (30s)");
    }

    @Test
    void theDefaultsSatisfyIt() throws Exception {
        Path file = dir.resolve("defaults.yml");
        Files.writeString(
                file,
                "name: fencing\nstore: { url: \"jdbc:postgresql://127.0.0.1:5432/test\", user: postgres }\n"
                        + "cluster: { enabled: true }\n");
        JobwardenConfig cfg = new ConfigLoader(JobTypes.defaults(), Map.of()).load(file, dir);
        assertThat(cfg.supervisor().heartbeatTimeout().plus(SupervisorSection.KILL_ALLOWANCE))
                .isLessThan(cfg.cluster().lease());
        SupervisorLaunch.checkLease(cfg);
    }
}
