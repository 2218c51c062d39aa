package io.jobwarden.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobwarden.engine.JobSpec;
import io.jobwarden.engine.spi.ConfigSyncResult;
import io.jobwarden.engine.spi.JobOrigin;
import io.jobwarden.engine.spi.StoredJob;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** docs/semantics.md, "Config jobs and API edits": who owns a config job, and files of different ages. */
public abstract class ConfigSyncContract extends PrefixedStoreFixture {
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    @Override
    protected List<String> tables() {
        return List.of("runs", "fires", "jobs", "nodes", "config_revisions");
    }

    private static JobSpec job(String id, String output) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("command", List.of("echo", output));
        settings.put("workdir", "/tmp");
        return withSettings(id, settings);
    }

    /** The same definition with its settings in the other order: equal, and must hash the same. */
    private static JobSpec reordered(String id, String output) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("workdir", "/tmp");
        settings.put("command", List.of("echo", output));
        return withSettings(id, settings);
    }

    private static JobSpec withSettings(String id, Map<String, Object> settings) {
        return JobSpec.builder(id, "@every 1m", "shell")
                .zone(ZoneOffset.UTC)
                .settings(settings)
                .group("default")
                .priority(5)
                .build();
    }

    private ConfigSyncResult sync(JobSpec... file) {
        return store.syncConfigJobs(List.of(file), (spec, existing) -> T0);
    }

    private StoredJob stored(String id) {
        return store.job(id).orElseThrow();
    }

    private static List<String> commandOf(StoredJob job) {
        @SuppressWarnings("unchecked")
        List<String> command = (List<String>) job.spec().settings().get("command");
        return command;
    }

    /**
     * Every start lists the store's config jobs. Read from the table, that listing cost each start a read of every job
     * (26 ms for 20,000 jobs on PostgreSQL, 20,000 made through the API and none from a file).
     */
    @Test
    void theStartListsTheConfigJobsFromAnIndexOfThemNotFromEveryJob() throws SQLException {
        for (int i = 0; i < 50; i++) store.createJob(job("api-" + i, "x"), JobOrigin.API, T0);
        sync(job("from-file", "x"));
        assertThat(target().indexRead(new Tables(prefix).sql(ConfigJobSync.CONFIG_JOB_IDS)))
                .as("the index the listing of config jobs reads")
                .hasValueSatisfying(index -> assertThat(index).isIn(prefix + "jobs_config", prefix + "jobs_origin"));
    }

    @Test
    void anApiEditOfAConfigJobStandsWhileTheFilesDefinitionIsUnchanged() {
        assertThat(sync(job("a", "file")).created()).containsExactly("a");
        store.putJob(job("a", "edited"), JobOrigin.API, T0);

        ConfigSyncResult again = sync(reordered("a", "file"));

        assertThat(again.newerRevision()).isNull();
        assertThat(again.keptApiEdits()).containsExactly("a");
        assertThat(again.replaced()).isEmpty();
        assertThat(stored("a").origin()).isEqualTo(JobOrigin.API);
        assertThat(commandOf(stored("a"))).containsExactly("echo", "edited");
    }

    @Test
    void aChangeOfTheFilesDefinitionTakesTheJobBackFromTheApi() {
        sync(job("a", "file"));
        store.putJob(job("a", "edited"), JobOrigin.API, T0);

        ConfigSyncResult changed = sync(job("a", "file v2"));

        assertThat(changed.replaced()).containsExactly("a");
        assertThat(stored("a").origin()).isEqualTo(JobOrigin.CONFIG);
        assertThat(commandOf(stored("a"))).containsExactly("echo", "file v2");
    }

    @Test
    void anUnchangedConfigJobIsNotWrittenAgain() {
        sync(job("a", "file"));
        long version = stored("a").version();

        ConfigSyncResult again = sync(job("a", "file"));

        assertThat(again.created()).isEmpty();
        assertThat(again.replaced()).isEmpty();
        assertThat(stored("a").version()).isEqualTo(version);
    }

    @Test
    void newJobsAreCreatedInBatchesWithVersionsOfTheirOwnAboveEveryEarlierChange() {
        store.putJob(job("api", "before"), JobOrigin.API, T0);
        long before = stored("api").version();
        // More than one batch of inserts (JobRows.createAll sends 500 at a time).
        JobSpec[] file = new JobSpec[1_200];
        for (int i = 0; i < file.length; i++) file[i] = job(String.format("j%04d", i), "run " + i);

        ConfigSyncResult first = sync(file);

        assertThat(first.created()).hasSize(file.length).startsWith("j0000").endsWith("j1199");
        List<Long> versions = new java.util.ArrayList<>();
        for (JobSpec spec : file) {
            StoredJob job = stored(spec.id());
            assertThat(job.spec()).isEqualTo(spec);
            assertThat(job.origin()).isEqualTo(JobOrigin.CONFIG);
            assertThat(job.nextFireAt()).isEqualTo(T0);
            versions.add(job.version());
        }
        assertThat(versions).doesNotHaveDuplicates().allMatch(v -> v > before).isSorted();
        store.putJob(job("api", "after"), JobOrigin.API, T0);
        assertThat(stored("api").version()).isGreaterThan(versions.get(versions.size() - 1));

        // Each stored with its file hash: a restart with the same file writes nothing.
        ConfigSyncResult again = sync(file);
        assertThat(again.created()).isEmpty();
        assertThat(again.replaced()).isEmpty();
        assertThat(stored("j0600").version()).isEqualTo(versions.get(600));
    }

    @Test
    void aStoredDefinitionThatIsNotTheFilesIsWrittenAgainThoughItsFileHashIsUnchanged() throws SQLException {
        sync(job("a", "file"), job("b", "other"));
        // As an older release's encoding, or a hand edit of the table, would leave it: the row's own definition is
        // no longer the one its file hash was taken from.
        try (Connection c = target().connect();
                Statement s = c.createStatement()) {
            c.setAutoCommit(true);
            s.executeUpdate("UPDATE " + prefix + "jobs SET spec = (SELECT spec FROM (SELECT spec FROM " + prefix
                    + "jobs WHERE id = 'b') other) WHERE id = 'a'");
        }
        assertThat(commandOf(stored("a"))).containsExactly("echo", "other");

        ConfigSyncResult again = sync(job("a", "file"), job("b", "other"));

        assertThat(again.replaced()).containsExactly("a");
        assertThat(commandOf(stored("a"))).containsExactly("echo", "file");
    }

    @Test
    void aNodeWithAnOlderFileNeitherRevertsNorDeletesWhatANewerFileWrote() {
        sync(job("a", "v1"), job("b", "v1"));
        ConfigSyncResult newer = sync(job("a", "v2"), job("c", "v2"));
        assertThat(newer.replaced()).containsExactly("a");
        assertThat(newer.created()).containsExactly("c");
        assertThat(newer.deleted()).containsExactly("b");

        ConfigSyncResult stale = sync(job("b", "v1"), job("a", "v1"));

        assertThat(stale.newerRevision()).isEqualTo(newer.revision());
        assertThat(stale.created()).isEmpty();
        assertThat(stale.deleted()).isEmpty();
        assertThat(commandOf(stored("a"))).containsExactly("echo", "v2");
        assertThat(store.job("c")).isPresent();
        assertThat(store.job("b")).isEmpty();
    }

    @Test
    void aDeliberateReloadOfAnOlderFileRollsBackAndMakesItTheNewest() {
        sync(job("a", "v1"), job("b", "v1"));
        ConfigSyncResult newer = sync(job("a", "v2"), job("c", "v2"));

        ConfigSyncResult rollback =
                store.syncConfigJobs(List.of(job("a", "v1"), job("b", "v1")), (spec, existing) -> T0, true);

        assertThat(rollback.newerRevision()).isNull();
        assertThat(rollback.replaced()).containsExactly("a");
        assertThat(rollback.created()).containsExactly("b");
        assertThat(rollback.deleted()).containsExactly("c");
        assertThat(commandOf(stored("a"))).containsExactly("echo", "v1");
        // The rolled-back file is now the newest: a node still on the other one is the out-of-date one.
        assertThat(sync(job("a", "v2"), job("c", "v2")).newerRevision()).isEqualTo(rollback.revision());
        assertThat(newer.revision()).isNotEqualTo(rollback.revision());
    }

    @Test
    void aFileNoNodeHasSyncedBeforeIsTheNewestAndDeletesOnlyConfigJobs() {
        sync(job("a", "v1"), job("b", "v1"));
        store.putJob(job("api-only", "x"), JobOrigin.API, T0);
        store.putJob(job("b", "edited"), JobOrigin.API, T0);

        ConfigSyncResult next = sync(job("c", "v3"));

        assertThat(next.newerRevision()).isNull();
        assertThat(next.deleted()).containsExactly("a");
        assertThat(store.job("api-only")).as("an API job").isPresent();
        assertThat(store.job("b")).as("an API-owned config job").isPresent();
        assertThat(store.job("c")).isPresent();
    }

    @Test
    void theRevisionIsTheSameWhateverTheOrderOfTheFilesJobs() {
        ConfigSyncResult first = sync(job("a", "1"), job("b", "1"));
        ConfigSyncResult second = sync(reordered("b", "1"), job("a", "1"));
        assertThat(second.revision()).isEqualTo(first.revision());
        assertThat(second.newerRevision()).isNull();
    }
}
