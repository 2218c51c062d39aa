package io.jobwarden.server.cli;

import static io.jobwarden.server.FileConfiguredInstance.ADMIN;
import static io.jobwarden.server.FileConfiguredInstance.OPERATOR;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jobwarden.server.FileConfiguredInstance;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code jobwarden reload} against a real worker whose config file the test rewrites. */
class ReloadCommandTest {
    static final String ONE = "    - { id: one, schedule: \"0 0 3 * * ?\", type: shell, command: [\"/bin/true\"] }\n";
    static final String TWO = "    - { id: two, schedule: \"0 0 3 * * ?\", type: shell, command: [\"/bin/true\"] }\n";

    record Result(int code, String out, String err) {}

    static Result reload(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new ReloadCommand(env));
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void printsWhatChangedAndABrokenFilesErrorsOnePerLineWithExit1(@TempDir Path dir) throws Exception {
        try (FileConfiguredInstance live = FileConfiguredInstance.start(dir, true, ONE)) {
            live.writeJobs(ONE.replace("0 0 3", "0 0 4") + TWO);
            Result good = reload(Map.of(), "--url", live.url(), "--token", ADMIN);
            assertThat(good.code()).as(good.err()).isZero();
            assertThat(good.out()).isEqualTo("added: two\nreplaced: one\n");

            Result unchanged = reload(Map.of(ApiTarget.TOKEN_ENV, ADMIN), "--url", live.url(), "--timeout", "1m30s");
            assertThat(unchanged.out()).isEqualTo("reloaded: no job changed\n");

            live.writeRaw(live.text().replace("name: reloadable\n", "name: reloadable\nthreads: 4\n"));
            Result restart = reload(Map.of(), "--url", live.url(), "--token", ADMIN, "--json");
            assertThat(new ObjectMapper()
                            .readTree(restart.out())
                            .path("restartRequired")
                            .toString())
                    .isEqualTo("[\"threads\"]");

            live.writeJobs(
                    ONE + "    - { id: bad, schedule: \"0 0 61 * * ?\", type: shell, timeout: 2x, command: [x] }\n");
            Result broken = reload(Map.of(), "--url", live.url(), "--token", ADMIN);
            assertThat(broken.code()).isEqualTo(1);
            assertThat(broken.out()).isEmpty();
            List<String> lines = broken.err().lines().toList();
            assertThat(lines).hasSize(2);
            assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("error: jobs[1].schedule: "));
            assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("error: jobs[1].timeout: "));
            assertThat(live.storedSchedules()).isEqualTo(Map.of("one", "0 0 4 * * ?", "two", "0 0 3 * * ?"));

            Result operator = reload(Map.of(), "--url", live.url(), "--token", OPERATOR);
            assertThat(operator.code()).isEqualTo(1);
            assertThat(operator.err()).startsWith("error: Authorization: token 'ops' has role operator");
        }
    }

    @Test
    void byNameFindsTheUrlTheInstancePublishedInItsDataDirectory(@TempDir Path dir) throws Exception {
        String file;
        try (FileConfiguredInstance live = FileConfiguredInstance.start(dir, true, ONE)) {
            file = live.file.toString();
            assertThat(dir.resolve("data/api-url")).hasContent(live.url());
            live.writeJobs(ONE + TWO);

            Result byName = reload(Map.of(), "--name", "reloadable", "--config", file, "--token", ADMIN);
            assertThat(byName.code()).as(byName.err()).isZero();
            assertThat(byName.out()).isEqualTo("added: two\n");

            Result both = reload(Map.of(), "--name", "reloadable", "--url", live.url(), "--config", file);
            assertThat(both.code()).isEqualTo(1);
            assertThat(both.err()).isEqualTo("error: --name and --url both say which instance; use one\n");

            // Another name run from the same file has a data directory of its own: nothing is published there.
            Result other = reload(Map.of(), "--name", "other", "--config", file, "--token", ADMIN);
            assertThat(other.code()).isEqualTo(1);
            assertThat(other.err())
                    .isEqualTo("error: --name: no instance 'other' has its API up with this config and data directory"
                            + " (no " + dir.resolve("data/other/api-url") + "); start it, or give --url\n");
        }
        assertThat(dir.resolve("data/api-url")).as("removed on a graceful stop").doesNotExist();
        Result stopped = reload(Map.of(), "--name", "reloadable", "--config", file, "--token", ADMIN);
        assertThat(stopped.code()).isEqualTo(1);
    }

    @Test
    void byNameAloneFindsTheInstalledServiceInItsInstanceDirectory() throws Exception {
        Path root = Path.of(io.jobwarden.platform.InstanceDirectory.POSIX_ROOT);
        org.junit.jupiter.api.Assumptions.assumeTrue(
                io.jobwarden.platform.PlatformKind.current() == io.jobwarden.platform.PlatformKind.SYSTEMD
                        && (java.nio.file.Files.isWritable(root) || java.nio.file.Files.isWritable(root.getParent())),
                "needs write access to " + root + " (CI runs as root)");
        String name = "reload-test-" + ProcessHandle.current().pid();
        Path instance = root.resolve(name);
        boolean rootExisted = java.nio.file.Files.isDirectory(root);
        try {
            // A service whose config gives another name keeps its data in data/<name>; one whose config gives the same
            // name in data/. Both are found; here the first.
            java.nio.file.Files.createDirectories(instance.resolve("data").resolve(name));
            java.nio.file.Files.writeString(
                    instance.resolve("data").resolve(name).resolve("api-url"), "http://127.0.0.1:9\n");
            Result r = reload(Map.of(), "--name", name, "--token", ADMIN);
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err()).startsWith("error: cannot reach http://127.0.0.1:9");

            Result missing = reload(Map.of(), "--name", name + "x", "--token", ADMIN);
            assertThat(missing.code()).isEqualTo(1);
            assertThat(missing.err())
                    .contains(root.resolve(name + "x")
                                    .resolve("data")
                                    .resolve(name + "x")
                                    .resolve("api-url") + " or "
                            + root.resolve(name + "x").resolve("data").resolve("api-url"));
        } finally {
            try (var files = java.nio.file.Files.walk(instance)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
            if (!rootExisted) root.toFile().delete();
        }
    }

    @Test
    void anInstanceThatIsNotThereIsExit2AndTheCommandIsWiredIntoMain() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Result r = reload(Map.of(), "--url", "http://127.0.0.1:" + port);
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("error: cannot reach http://127.0.0.1:" + port + ": Connection refused\n");
        assertThat(Main.execute("reload", "--url", "http://127.0.0.1:" + port)).isEqualTo(2);
    }
}
