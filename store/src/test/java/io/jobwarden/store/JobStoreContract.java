package io.jobwarden.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.jobwarden.engine.JobSpec;
import io.jobwarden.engine.MisfirePolicy;
import io.jobwarden.engine.OverlapPolicy;
import io.jobwarden.engine.RetryPolicy;
import io.jobwarden.engine.RunState;
import io.jobwarden.engine.spi.ClaimRequest;
import io.jobwarden.engine.spi.ClaimedRun;
import io.jobwarden.engine.spi.FirePlan;
import io.jobwarden.engine.spi.JobOrigin;
import io.jobwarden.engine.spi.NodeInfo;
import io.jobwarden.engine.spi.PlannedFire;
import io.jobwarden.engine.spi.RetryDecider;
import io.jobwarden.engine.spi.RunCompletion;
import io.jobwarden.engine.spi.RunRecord;
import io.jobwarden.engine.spi.StoredJob;
import io.jobwarden.engine.spi.WaitingFire;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link io.jobwarden.engine.spi.JobStore} must show, run once per database. A subclass names
 * its {@link StoreTarget}; the suite works in tables of its own prefix and drops them afterwards.
 */
public abstract class JobStoreContract extends PrefixedStoreFixture {
    protected static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    protected static final String NODE = "node-a";
    protected static final Map<String, Integer> SLOTS = Map.of("default", 100);
    private static final Duration LONG_LEASE = Duration.ofHours(1);

    // ---- helpers -----------------------------------------------------------------------------------------------

    protected static JobSpec job(String id) {
        return job(id, OverlapPolicy.ALLOW, "default", null);
    }

    protected static JobSpec job(String id, OverlapPolicy overlap, String group, Integer priority) {
        return JobSpec.builder(id, "@every 1m", "shell")
                .zone(ZoneOffset.UTC)
                .settings(Map.of("command", List.of("true")))
                .overlap(overlap)
                .group(group)
                .priority(priority)
                .build();
    }

    static NodeInfo node(String id, String name) {
        return new NodeInfo(id, name, "host-" + name, T0, null, null, 0);
    }

    protected List<ClaimedRun> claim(String nodeId, Instant now) {
        return store.claim(new ClaimRequest(nodeId, now, SLOTS, 100));
    }

    protected static RunCompletion done(
            ClaimedRun run, String nodeId, RunState state, Instant retryAt, Instant nextFireAt) {
        return new RunCompletion(
                run.runId(),
                run.jobId(),
                run.fireAt(),
                nodeId,
                state,
                run.claimedAt().plusSeconds(1),
                state == RunState.SUCCEEDED ? 0 : 1,
                "out of " + run.runId(),
                state == RunState.SUCCEEDED ? null : "boom",
                retryAt,
                nextFireAt);
    }

    protected static RunCompletion succeeded(ClaimedRun run, String nodeId) {
        return done(run, nodeId, RunState.SUCCEEDED, null, null);
    }

    /** Creates the job and one pending fire due at {@code fireAt}. */
    protected void jobWithFire(JobSpec spec, Instant fireAt) {
        store.createJob(spec, JobOrigin.API, null);
        assertThat(store.addFire(spec.id(), fireAt, null)).isTrue();
    }

    private static final RetryDecider NO_RETRY = (spec, attempt, state, now) -> null;

    private int rowsOf(String table, String where) throws SQLException {
        try (Connection c = target().connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + prefix + table + " WHERE " + where)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    // ---- jobs --------------------------------------------------------------------------------------------------

    @Test
    void createJobAddsOnceAndReadsBackTheSameDefinition() {
        JobSpec rich = JobSpec.builder("billing.nightly_1", "0 0 2 * * ?", "shell")
                .zone(ZoneId.of("Asia/Shanghai"))
                .settings(Map.of("command", List.of("/bin/echo", "hi"), "env", Map.of("A", "1"), "workdir", "/tmp"))
                .timeout(Duration.ofMinutes(10))
                .retry(new RetryPolicy(3, Duration.ofSeconds(30), Duration.ofMinutes(10)))
                .overlap(OverlapPolicy.QUEUE)
                .misfire(MisfirePolicy.CATCH_UP)
                .group("batch")
                .priority(7)
                .description("the nightly bill")
                .build();

        assertThat(store.createJob(rich, JobOrigin.CONFIG, T0)).isTrue();
        assertThat(store.createJob(job("billing.nightly_1"), JobOrigin.API, T0.plusSeconds(5)))
                .isFalse();

        StoredJob stored = store.job("billing.nightly_1").orElseThrow();
        assertThat(stored.spec()).isEqualTo(rich);
        assertThat(stored.origin()).isEqualTo(JobOrigin.CONFIG);
        assertThat(stored.paused()).isFalse();
        assertThat(stored.nextFireAt()).isEqualTo(T0);
        assertThat(stored.version()).isPositive();
        assertThat(stored.updatedAt()).isNotNull();
        assertThat(store.job("missing")).isEmpty();
    }

    @Test
    void putJobCreatesOrReplacesKeepingPausedStateAndHistory() {
        store.putJob(job("j"), JobOrigin.CONFIG, T0);
        StoredJob first = store.job("j").orElseThrow();
        jobRunsOnce("j", T0);
        store.setPaused("j", true, null);
        long pausedVersion = store.job("j").orElseThrow().version();

        JobSpec replaced = job("j", OverlapPolicy.SKIP, "batch", 9);
        store.putJob(replaced, JobOrigin.API, T0.plusSeconds(60));

        StoredJob now = store.job("j").orElseThrow();
        assertThat(now.spec()).isEqualTo(replaced);
        assertThat(now.origin()).isEqualTo(JobOrigin.API);
        assertThat(now.paused()).isTrue();
        assertThat(now.nextFireAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(now.version()).isGreaterThan(pausedVersion).isGreaterThan(first.version());
        assertThat(store.runs("j", 10, null)).hasSize(1);
    }

    @Test
    void putJobMovesPendingFiresToTheNewGroupAndPriority() {
        store.putJob(job("j"), JobOrigin.CONFIG, null);
        store.addFire("j", T0, null);
        store.putJob(job("j", OverlapPolicy.ALLOW, "batch", 9), JobOrigin.CONFIG, null);

        assertThat(store.claim(new ClaimRequest(NODE, T0, Map.of("default", 10), 10)))
                .isEmpty();
        assertThat(store.claim(new ClaimRequest(NODE, T0, Map.of("batch", 10), 10)))
                .hasSize(1);
    }

    @Test
    void jobsAreListedInIdOrderByCodePoint() {
        for (String id : List.of("b", "B", "a", "a-1", "A")) store.createJob(job(id), JobOrigin.API, null);
        assertThat(store.jobs()).extracting(StoredJob::id).containsExactly("A", "B", "a", "a-1", "b");
    }

    @Test
    void changeMarkMovesOnEveryJobChangeIncludingDeletion() {
        List<Long> marks = new ArrayList<>();
        marks.add(store.jobsChangeMark());
        store.createJob(job("j"), JobOrigin.API, T0);
        marks.add(store.jobsChangeMark());
        store.putJob(job("j", OverlapPolicy.SKIP, "default", null), JobOrigin.API, T0);
        marks.add(store.jobsChangeMark());
        store.setPaused("j", true, null);
        marks.add(store.jobsChangeMark());
        store.setPaused("j", false, T0);
        marks.add(store.jobsChangeMark());
        long versionBeforeDelete = store.job("j").orElseThrow().version();
        store.deleteJob("j");
        marks.add(store.jobsChangeMark());

        assertThat(marks).doesNotHaveDuplicates();
        store.createJob(job("j"), JobOrigin.API, T0);
        assertThat(store.job("j").orElseThrow().version())
                .as("a new job under an old id still gets a newer version")
                .isGreaterThan(versionBeforeDelete);
        assertThat(store.createJob(job("k"), JobOrigin.API, T0)).isTrue();
        long afterCreate = store.jobsChangeMark();
        assertThat(store.createJob(job("k"), JobOrigin.API, T0)).isFalse();
        assertThat(store.deleteJob("nope")).isFalse();
        assertThat(store.jobsChangeMark())
                .as("refused changes leave the mark alone")
                .isEqualTo(afterCreate);
    }

    @Test
    void deleteDropsPendingFiresAndKeepsHistory() throws SQLException {
        store.createJob(job("j"), JobOrigin.API, T0);
        jobRunsOnce("j", T0.minusSeconds(60));
        store.addFire("j", T0, null);

        assertThat(store.deleteJob("j")).isTrue();

        assertThat(store.job("j")).isEmpty();
        assertThat(store.pendingFires(T0)).isZero();
        assertThat(rowsOf("fires", "job_id = 'j'")).isZero();
        assertThat(claim(NODE, T0)).isEmpty();
        assertThat(store.runs("j", 10, null))
                .hasSize(1)
                .allSatisfy(r -> assertThat(r.state()).isEqualTo(RunState.SUCCEEDED));
        assertThat(store.deleteJob("j")).isFalse();
    }

    @Test
    void pausedJobIsNeitherPlannedNorClaimedUntilResumed() {
        store.createJob(job("j"), JobOrigin.API, T0.minusSeconds(10));
        store.addFire("j", T0.minusSeconds(30), "manual");
        assertThat(store.setPaused("j", true, null)).isTrue();
        store.addFire("j", T0.minusSeconds(20), "manual while paused");

        List<String> planned = new ArrayList<>();
        assertThat(store.planDue(T0, 10, (job, now) -> {
                    planned.add(job.id());
                    return new FirePlan(List.of(), null);
                }))
                .isZero();
        assertThat(planned).isEmpty();
        assertThat(claim(NODE, T0)).isEmpty();
        assertThat(store.pendingFires(T0))
                .as("paused fires wait, they are not queue depth")
                .isZero();
        assertThat(store.job("j").orElseThrow().paused()).isTrue();

        assertThat(store.setPaused("j", false, T0.plusSeconds(600))).isTrue();
        StoredJob resumed = store.job("j").orElseThrow();
        assertThat(resumed.paused()).isFalse();
        assertThat(resumed.nextFireAt()).isEqualTo(T0.plusSeconds(600));
        assertThat(claim(NODE, T0)).extracting(ClaimedRun::note).containsExactly("manual", "manual while paused");
        assertThat(store.setPaused("missing", true, null)).isFalse();
    }

    // ---- planning ----------------------------------------------------------------------------------------------

    @Test
    void planDuePlansDueJobsOldestFirstUpToTheLimitAndMovesTheirNextFire() {
        store.createJob(job("late"), JobOrigin.API, T0.minusSeconds(60));
        store.createJob(job("later"), JobOrigin.API, T0.minusSeconds(30));
        store.createJob(job("on-time"), JobOrigin.API, T0);
        store.createJob(job("future"), JobOrigin.API, T0.plusSeconds(1));
        store.createJob(job("none"), JobOrigin.API, null);

        List<StoredJob> asked = new ArrayList<>();
        var planner = (io.jobwarden.engine.spi.FirePlanner) (job, now) -> {
            asked.add(job);
            return new FirePlan(
                    List.of(new PlannedFire(job.nextFireAt(), "planned")),
                    job.nextFireAt().plusSeconds(3600));
        };
        assertThat(store.planDue(T0, 2, planner)).isEqualTo(2);
        assertThat(asked).extracting(StoredJob::id).containsExactly("late", "later");
        assertThat(asked.get(0).nextFireAt()).isEqualTo(T0.minusSeconds(60));
        assertThat(asked.get(0).spec()).isEqualTo(job("late"));

        assertThat(store.planDue(T0, 10, planner)).isEqualTo(1);
        assertThat(store.planDue(T0, 10, planner)).isZero();
        assertThat(asked).extracting(StoredJob::id).containsExactly("late", "later", "on-time");
        assertThat(store.job("late").orElseThrow().nextFireAt()).isEqualTo(T0.plusSeconds(3540));
        assertThat(store.job("future").orElseThrow().nextFireAt()).isEqualTo(T0.plusSeconds(1));
        assertThat(store.pendingFires(T0)).isEqualTo(3);
        assertThat(claim(NODE, T0))
                .extracting(ClaimedRun::jobId, ClaimedRun::fireAt, ClaimedRun::note)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("late", T0.minusSeconds(60), "planned"),
                        org.assertj.core.groups.Tuple.tuple("later", T0.minusSeconds(30), "planned"),
                        org.assertj.core.groups.Tuple.tuple("on-time", T0, "planned"));
    }

    @Test
    void planDueCreatesSeveralFiresAndLeavesAnExistingFireAlone() {
        store.createJob(job("j"), JobOrigin.API, T0.minusSeconds(120));
        assertThat(store.addFire("j", T0.minusSeconds(120), "manual")).isTrue();

        int planned = store.planDue(
                T0,
                10,
                (job, now) -> new FirePlan(
                        List.of(
                                new PlannedFire(T0.minusSeconds(120), "catch-up"),
                                new PlannedFire(T0.minusSeconds(60), "catch-up"),
                                new PlannedFire(T0.minusSeconds(60), "catch-up")),
                        null));

        assertThat(planned).isEqualTo(1);
        assertThat(store.job("j").orElseThrow().nextFireAt()).isNull();
        assertThat(claim(NODE, T0))
                .extracting(ClaimedRun::fireAt, ClaimedRun::note)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(T0.minusSeconds(120), "manual"),
                        org.assertj.core.groups.Tuple.tuple(T0.minusSeconds(60), "catch-up"));
    }

    @Test
    void aFailingPlannerLeavesNothingBehind() {
        store.createJob(job("ok"), JobOrigin.API, T0.minusSeconds(2));
        store.createJob(job("bad"), JobOrigin.API, T0.minusSeconds(1));
        assertThatThrownBy(() -> store.planDue(T0, 10, (job, now) -> {
                    if (job.id().equals("bad")) throw new IllegalStateException("no schedule");
                    return new FirePlan(List.of(new PlannedFire(job.nextFireAt(), null)), null);
                }))
                .isInstanceOf(IllegalStateException.class);
        assertThat(store.pendingFires(T0)).isZero();
        assertThat(store.job("ok").orElseThrow().nextFireAt()).isEqualTo(T0.minusSeconds(2));
    }

    @Test
    void aFireExistsOnce() throws SQLException {
        store.createJob(job("j"), JobOrigin.API, null);
        assertThat(store.addFire("j", T0, "one")).isTrue();
        assertThat(store.addFire("j", T0, "two")).isFalse();
        assertThat(store.addFire("missing", T0, null)).isFalse();

        try (Connection c = target().connect()) {
            c.setAutoCommit(true);
            String insert = "INSERT INTO " + prefix
                    + "fires (job_id, fire_at, state, attempt, due_at, priority, group_name, overlap, paused)"
                    + " VALUES ('j', ?, 'PENDING', 0, ?, 5, 'default', 'ALLOW', FALSE)";
            try (PreparedStatement ps = c.prepareStatement(insert)) {
                ps.setLong(1, T0.toEpochMilli());
                ps.setLong(2, T0.toEpochMilli());
                assertThatThrownBy(ps::executeUpdate)
                        .as("the database itself refuses a second row")
                        .isInstanceOf(SQLException.class);
            }
        }
        assertThat(rowsOf("fires", "job_id = 'j'")).isEqualTo(1);
        ClaimedRun run = claim(NODE, T0).get(0);
        store.complete(List.of(succeeded(run, NODE)));
        assertThat(store.addFire("j", T0, "again"))
                .as("a done fire still exists")
                .isFalse();
        assertThat(claim(NODE, T0)).isEmpty();
    }

    // ---- claiming ----------------------------------------------------------------------------------------------

    @Test
    void claimRecordsARunningRunPerFire() {
        jobWithFire(job("j"), T0.minusSeconds(5));
        store.addFire("j", T0.plusSeconds(5), null);

        List<ClaimedRun> claimed = claim(NODE, T0);

        assertThat(claimed).hasSize(1);
        ClaimedRun run = claimed.get(0);
        assertThat(run.spec()).isEqualTo(job("j"));
        assertThat(run.fireAt()).isEqualTo(T0.minusSeconds(5));
        assertThat(run.attempt()).isEqualTo(1);
        assertThat(run.claimedAt()).isEqualTo(T0);
        RunRecord record = store.run(run.runId()).orElseThrow();
        assertThat(record.state()).isEqualTo(RunState.RUNNING);
        assertThat(record.nodeId()).isEqualTo(NODE);
        assertThat(record.attempt()).isEqualTo(1);
        assertThat(record.startedAt()).isEqualTo(T0);
        assertThat(record.endedAt()).isNull();
        assertThat(claim(NODE, T0))
                .as("claimed once; the other fire is not due")
                .isEmpty();
        assertThat(claim(NODE, T0.plusSeconds(5))).hasSize(1);
    }

    @Test
    void claimTakesHighestPriorityFirstThenOldestDue() {
        jobWithFire(job("low", OverlapPolicy.ALLOW, "default", 1), T0.minusSeconds(300));
        jobWithFire(job("mid", OverlapPolicy.ALLOW, "default", null), T0.minusSeconds(200));
        jobWithFire(job("high", OverlapPolicy.ALLOW, "default", 9), T0.minusSeconds(10));
        jobWithFire(job("high-older", OverlapPolicy.ALLOW, "default", 9), T0.minusSeconds(20));

        assertThat(store.claim(new ClaimRequest(NODE, T0, SLOTS, 3)))
                .extracting(ClaimedRun::jobId)
                .containsExactly("high-older", "high", "mid");
        assertThat(store.claim(new ClaimRequest(NODE, T0, SLOTS, 3)))
                .extracting(ClaimedRun::jobId)
                .containsExactly("low");
    }

    @Test
    void claimRespectsFreeSlotsPerGroupAndLeavesOtherGroupsAlone() {
        for (int i = 0; i < 3; i++) jobWithFire(job("a" + i, OverlapPolicy.ALLOW, "a", null), T0.minusSeconds(10 - i));
        for (int i = 0; i < 2; i++) jobWithFire(job("b" + i, OverlapPolicy.ALLOW, "b", null), T0.minusSeconds(10 - i));

        assertThat(store.claim(new ClaimRequest(NODE, T0, Map.of("a", 2, "b", 0), 10)))
                .extracting(ClaimedRun::jobId)
                .containsExactly("a0", "a1");
        assertThat(store.claim(new ClaimRequest(NODE, T0, Map.of("a", 5), 1)))
                .extracting(ClaimedRun::jobId)
                .containsExactly("a2");
        assertThat(store.claim(new ClaimRequest(NODE, T0, Map.of("default", 5), 10)))
                .isEmpty();
        assertThat(store.claim(new ClaimRequest(NODE, T0, Map.of("b", 5), 10)))
                .extracting(ClaimedRun::jobId)
                .containsExactly("b0", "b1");
    }

    @Test
    void nextDueIsTheEarliestUnpausedJobFireOrPendingFire() {
        assertThat(store.nextDue(T0)).isEmpty();
        store.createJob(job("later"), JobOrigin.API, T0.plusSeconds(60));
        store.createJob(job("sooner"), JobOrigin.API, T0.plusSeconds(30));
        assertThat(store.nextDue(T0)).contains(T0.plusSeconds(30));
        store.addFire("later", T0.plusSeconds(10), "manual trigger");
        assertThat(store.nextDue(T0)).contains(T0.plusSeconds(10));
        store.setPaused("later", true, null);
        assertThat(store.nextDue(T0))
                .as("a paused job's fires wait for its resume")
                .contains(T0.plusSeconds(30));
        jobWithFire(job("waiting"), T0.minusSeconds(5));
        assertThat(store.nextDue(T0))
                .as("a fire due and waiting does not hide the next one ahead")
                .contains(T0.plusSeconds(30));
        assertThat(store.nextDue(T0.plusSeconds(30)))
                .as("strictly after; paused jobs never")
                .isEmpty();
    }

    // ---- claiming ahead of the instant ------------------------------------------------------------------------

    private List<ClaimedRun> claimAhead(String nodeId, Instant now, Duration ahead) {
        return store.claim(new ClaimRequest(nodeId, now, SLOTS, 100, false, ahead));
    }

    @Test
    void aFireDueWithinTheHorizonIsClaimedToStartOnItsInstantAndOneBeyondItIsLeft() {
        jobWithFire(job("soon"), T0.plusMillis(80));
        jobWithFire(job("later"), T0.plusMillis(120));

        List<ClaimedRun> claimed = claimAhead(NODE, T0, Duration.ofMillis(100));

        assertThat(claimed).extracting(ClaimedRun::jobId).containsExactly("soon");
        ClaimedRun run = claimed.get(0);
        assertThat(run.claimedAt()).isEqualTo(T0);
        assertThat(run.startAt()).isEqualTo(T0.plusMillis(80));
        assertThat(store.run(run.runId()).orElseThrow().startedAt())
                .as("the run row records when it starts, not when it was claimed")
                .isEqualTo(T0.plusMillis(80));
        assertThat(store.pendingFires(T0.plusMillis(120))).isEqualTo(1);
        assertThat(claimAhead("node-b", T0.plusMillis(20), Duration.ofMillis(100)))
                .extracting(ClaimedRun::jobId)
                .as("a fire claimed ahead belongs to its node as a running one does")
                .containsExactly("later");
    }

    @Test
    void aFireAlreadyDueStartsAtTheClaimEvenWhenClaimingAhead() {
        jobWithFire(job("due"), T0.minusSeconds(1));
        assertThat(claimAhead(NODE, T0, Duration.ofMillis(100)))
                .extracting(ClaimedRun::startAt)
                .containsExactly(T0);
    }

    @Test
    void aNotYetDueFireOfAJobStillRunningIsNeitherClaimedNorSkippedAhead() {
        jobWithFire(job("s", OverlapPolicy.SKIP, "default", null), T0.minusSeconds(10));
        jobWithFire(job("q", OverlapPolicy.QUEUE, "default", null), T0.minusSeconds(10));
        List<ClaimedRun> running = claim(NODE, T0);
        assertThat(running).hasSize(2);
        store.addFire("s", T0.plusMillis(50), null);
        store.addFire("q", T0.plusMillis(50), null);

        assertThat(claimAhead(NODE, T0, Duration.ofMillis(100)))
                .as("the runs in progress may end before the fires' instant")
                .isEmpty();
        assertThat(store.runs("s", 10, null)).extracting(RunRecord::state).doesNotContain(RunState.SKIPPED);

        // The runs end before the instant: claimed ahead after all, to start on it.
        store.complete(List.of(succeeded(running.get(0), NODE), succeeded(running.get(1), NODE)));
        assertThat(claimAhead(NODE, T0.plusMillis(10), Duration.ofMillis(100)))
                .extracting(ClaimedRun::jobId, ClaimedRun::startAt)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("s", T0.plusMillis(50)),
                        org.assertj.core.groups.Tuple.tuple("q", T0.plusMillis(50)));
    }

    @Test
    void aRunClaimedAheadCountsAsInProgressForFiresOfItsJobDueBeforeItStarts() {
        // A manual trigger arrives between the claim and the instant of a claimed-ahead run of a skip job: it must
        // neither start beside that run nor be dropped for it.
        jobWithFire(job("s", OverlapPolicy.SKIP, "default", null), T0.plusMillis(80));
        assertThat(claimAhead(NODE, T0, Duration.ofMillis(100))).hasSize(1);
        store.addFire("s", T0.plusMillis(10), "manual trigger");

        assertThat(claimAhead("node-b", T0.plusMillis(10), Duration.ofMillis(100)))
                .isEmpty();
        assertThat(store.pendingFires(T0.plusMillis(10))).isEqualTo(1);
        assertThat(store.runs("s", 10, null)).extracting(RunRecord::state).containsExactly(RunState.RUNNING);
    }

    @Test
    void planningAheadPlansJobsDueWithinTheHorizonAndTheMisfireRuleStillReadsTheRealNow() {
        store.createJob(job("soon"), JobOrigin.API, T0.plusMillis(80));
        store.createJob(job("later"), JobOrigin.API, T0.plusMillis(200));
        List<Instant> askedAt = new ArrayList<>();
        var planner = (io.jobwarden.engine.spi.FirePlanner) (job, now) -> {
            askedAt.add(now);
            return new FirePlan(
                    List.of(new PlannedFire(job.nextFireAt(), null)),
                    job.nextFireAt().plusSeconds(60));
        };

        assertThat(store.planDue(T0, T0.plusMillis(100), 10, planner)).isEqualTo(1);
        assertThat(askedAt).containsExactly(T0);
        assertThat(store.job("soon").orElseThrow().nextFireAt())
                .isEqualTo(T0.plusMillis(80).plusSeconds(60));
        assertThat(store.job("later").orElseThrow().nextFireAt()).isEqualTo(T0.plusMillis(200));
        assertThat(store.pendingFires(T0)).as("planned, not yet due").isZero();
        assertThat(store.nextDue(T0)).contains(T0.plusMillis(80));
    }

    @Test
    void overlapSkipRecordsASkippedRunForAFireThatComesWhileTheJobRuns() {
        JobSpec spec = job("s", OverlapPolicy.SKIP, "default", null);
        jobWithFire(spec, T0.minusSeconds(20));
        store.addFire("s", T0.minusSeconds(10), "catch-up");

        List<ClaimedRun> first = claim(NODE, T0);
        assertThat(first).extracting(ClaimedRun::fireAt).containsExactly(T0.minusSeconds(20));
        store.addFire("s", T0.plusSeconds(5), null);
        assertThat(claim("node-b", T0.plusSeconds(5)))
                .as("running on another node counts too")
                .isEmpty();

        List<RunRecord> runs = store.runs("s", 10, null);
        assertThat(runs)
                .extracting(RunRecord::fireAt, RunRecord::state)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(T0.minusSeconds(20), RunState.RUNNING),
                        org.assertj.core.groups.Tuple.tuple(T0.plusSeconds(5), RunState.SKIPPED));
        RunRecord skipped = runs.stream()
                .filter(r -> r.fireAt().equals(T0.plusSeconds(5)))
                .findFirst()
                .orElseThrow();
        assertThat(skipped.note()).contains("skipped");
        assertThat(skipped.endedAt()).isNotNull();
        assertThat(store.pendingFires(T0.plusSeconds(5)))
                .as("the catch-up fire, due before the run started, waits")
                .isEqualTo(1);

        store.complete(List.of(succeeded(first.get(0), NODE)));
        store.addFire("s", T0.plusSeconds(10), null);
        List<ClaimedRun> next = claim("node-b", T0.plusSeconds(10));
        assertThat(next).extracting(ClaimedRun::fireAt).containsExactly(T0.minusSeconds(10));
        assertThat(store.runs("s", 10, null))
                .filteredOn(r -> r.fireAt().equals(T0.plusSeconds(10)))
                .extracting(RunRecord::state)
                .containsExactly(RunState.SKIPPED);
    }

    @Test
    void aFireDueBeforeTheRunningRunStartedIsNotAnOverlapSoSkipLetsItWait() {
        // A catch-up burst: three fires missed while the service was down, all due before the first of them starts.
        jobWithFire(job("c", OverlapPolicy.SKIP, "default", null), T0.minusSeconds(30));
        store.addFire("c", T0.minusSeconds(20), "catch-up");
        store.addFire("c", T0.minusSeconds(10), "catch-up");

        List<Instant> ran = new ArrayList<>();
        for (int pass = 1; pass <= 3; pass++) {
            Instant now = T0.plusSeconds(pass);
            List<ClaimedRun> claimed = claim(NODE, now);
            assertThat(claimed).as("pass %d", pass).hasSize(1);
            assertThat(claim("node-b", now)).as("pass %d, another node", pass).isEmpty();
            ran.add(claimed.get(0).fireAt());
            store.complete(List.of(succeeded(claimed.get(0), NODE)));
        }

        assertThat(ran).containsExactly(T0.minusSeconds(30), T0.minusSeconds(20), T0.minusSeconds(10));
        assertThat(store.runs("c", 10, null)).extracting(RunRecord::state).doesNotContain(RunState.SKIPPED);
        assertThat(store.pendingFires(T0.plusSeconds(10))).isZero();
    }

    @Test
    void overlapQueueKeepsEveryWaitingFire() {
        jobWithFire(job("q", OverlapPolicy.QUEUE, "default", null), T0.minusSeconds(60));
        ClaimedRun running = claim(NODE, T0).get(0);
        for (int i = 1; i <= 5; i++) store.addFire("q", T0.plusSeconds(i), null);

        assertThat(claim(NODE, T0.plusSeconds(5))).isEmpty();
        assertThat(store.pendingFires(T0.plusSeconds(5)))
                .as("no fire is dropped while it waits")
                .isEqualTo(5);
        store.complete(List.of(succeeded(running, NODE)));
        assertThat(claim(NODE, T0.plusSeconds(6)))
                .as("one at a time, oldest first")
                .extracting(ClaimedRun::fireAt)
                .containsExactly(T0.plusSeconds(1));
        assertThat(store.runs("q", 10, null)).extracting(RunRecord::state).doesNotContain(RunState.SKIPPED);
    }

    @Test
    void overlapQueueStartsTheNextFireOnlyAfterTheRunningOneEnds() {
        JobSpec spec = job("q", OverlapPolicy.QUEUE, "default", null);
        jobWithFire(spec, T0.minusSeconds(20));
        store.addFire("q", T0.minusSeconds(10), null);

        List<ClaimedRun> first = claim(NODE, T0);
        assertThat(first).extracting(ClaimedRun::fireAt).containsExactly(T0.minusSeconds(20));
        assertThat(claim("node-b", T0)).isEmpty();
        assertThat(store.pendingFires(T0)).isEqualTo(1);

        store.complete(List.of(succeeded(first.get(0), NODE)));
        assertThat(claim("node-b", T0)).extracting(ClaimedRun::fireAt).containsExactly(T0.minusSeconds(10));
    }

    @Test
    void queuedFiresDoNotCrowdOutOthers() {
        jobWithFire(job("q", OverlapPolicy.QUEUE, "default", 9), T0.minusSeconds(100));
        for (int i = 0; i < 5; i++) store.addFire("q", T0.minusSeconds(90 - i), null);
        jobWithFire(job("other", OverlapPolicy.ALLOW, "default", 1), T0);

        assertThat(store.claim(new ClaimRequest(NODE, T0, Map.of("default", 1), 1)))
                .extracting(ClaimedRun::jobId)
                .containsExactly("q");
        assertThat(store.claim(new ClaimRequest(NODE, T0, Map.of("default", 1), 1)))
                .extracting(ClaimedRun::jobId)
                .containsExactly("other");
    }

    @Test
    void overlapAllowRunsFiresSideBySide() {
        jobWithFire(job("a", OverlapPolicy.ALLOW, "default", null), T0.minusSeconds(20));
        store.addFire("a", T0.minusSeconds(10), null);
        assertThat(claim(NODE, T0)).hasSize(2);
        store.addFire("a", T0, null);
        assertThat(claim("node-b", T0)).hasSize(1);
        assertThat(store.runningRuns()).hasSize(3);
    }

    // ---- completing --------------------------------------------------------------------------------------------

    @Test
    void completeEndsTheRunAndTheFire() {
        jobWithFire(job("j"), T0);
        ClaimedRun run = claim(NODE, T0).get(0);

        assertThat(store.complete(List.of(new RunCompletion(
                        run.runId(),
                        "j",
                        T0,
                        NODE,
                        RunState.FAILED,
                        T0.plusSeconds(3),
                        2,
                        "partial output",
                        "java.lang.IllegalStateException: boom\n\tat x.y(Z.java:1)",
                        null,
                        null))))
                .isEqualTo(1);

        RunRecord record = store.run(run.runId()).orElseThrow();
        assertThat(record.state()).isEqualTo(RunState.FAILED);
        assertThat(record.endedAt()).isEqualTo(T0.plusSeconds(3));
        assertThat(record.exitCode()).isEqualTo(2);
        assertThat(record.output()).isEqualTo("partial output");
        assertThat(record.error()).startsWith("java.lang.IllegalStateException: boom");
        assertThat(store.runningRuns()).isEmpty();
        assertThat(claim(NODE, T0.plusSeconds(3600))).isEmpty();
        assertThat(store.complete(List.of(succeeded(run, NODE))))
                .as("a run ends once")
                .isZero();
        assertThat(store.complete(List.of())).isZero();
    }

    @Test
    void completeWithRetryMakesTheFirePendingAgainWithALargerRunId() {
        jobWithFire(job("j"), T0);
        ClaimedRun first = claim(NODE, T0).get(0);
        store.complete(List.of(done(first, NODE, RunState.FAILED, T0.plusSeconds(60), null)));

        assertThat(claim(NODE, T0.plusSeconds(59))).isEmpty();
        List<ClaimedRun> again = claim("node-b", T0.plusSeconds(60));
        assertThat(again).hasSize(1);
        assertThat(again.get(0).fireAt()).isEqualTo(T0);
        assertThat(again.get(0).attempt()).isEqualTo(2);
        assertThat(again.get(0).runId()).isGreaterThan(first.runId());
        assertThat(store.runs("j", 10, null))
                .extracting(RunRecord::attempt, RunRecord::state)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(2, RunState.RUNNING),
                        org.assertj.core.groups.Tuple.tuple(1, RunState.FAILED));
    }

    @Test
    void waitingFiresAreARetryDueLaterAndTriggersOfAPausedJobSoonestDueFirst() {
        jobWithFire(job("j"), T0);
        ClaimedRun first = claim(NODE, T0).get(0);
        assertThat(store.waitingFires("j")).as("a running fire is not waiting").isEmpty();
        store.complete(List.of(done(first, NODE, RunState.FAILED, T0.plusSeconds(60), null)));
        assertThat(store.setPaused("j", true, null)).isTrue();
        store.addFire("j", T0.plusSeconds(5), "manual while paused");

        assertThat(store.waitingFires("j"))
                .containsExactly(
                        new WaitingFire("j", T0.plusSeconds(5), 1, T0.plusSeconds(5), true, "manual while paused"),
                        new WaitingFire("j", T0, 2, T0.plusSeconds(60), true, null));
        assertThat(store.waitingFires("other")).isEmpty();

        store.setPaused("j", false, null);
        claim(NODE, T0.plusSeconds(60));
        assertThat(store.waitingFires("j")).as("claimed, they are runs").isEmpty();
    }

    @Test
    void completeMovesTheNextFireOfAFixedDelayJob() {
        store.createJob(job("d"), JobOrigin.API, null);
        store.addFire("d", T0, null);
        ClaimedRun run = claim(NODE, T0).get(0);
        store.complete(List.of(done(run, NODE, RunState.SUCCEEDED, null, T0.plusSeconds(31))));
        assertThat(store.job("d").orElseThrow().nextFireAt()).isEqualTo(T0.plusSeconds(31));
    }

    @Test
    void completeIsAcceptedOnlyFromTheRunsNodeWhileItRuns() {
        jobWithFire(job("j"), T0);
        store.addFire("j", T0.plusSeconds(1), null);
        List<ClaimedRun> runs = claim(NODE, T0.plusSeconds(1));

        int accepted = store.complete(List.of(
                succeeded(runs.get(0), "intruder"),
                succeeded(runs.get(1), NODE),
                new RunCompletion(999_999_999L, "j", T0, NODE, RunState.SUCCEEDED, T0, 0, null, null, null, null)));

        assertThat(accepted).isEqualTo(1);
        assertThat(store.run(runs.get(0).runId()).orElseThrow().state()).isEqualTo(RunState.RUNNING);
        assertThat(store.run(runs.get(1).runId()).orElseThrow().state()).isEqualTo(RunState.SUCCEEDED);
        assertThatThrownBy(() -> store.complete(List.of(done(runs.get(0), NODE, RunState.RUNNING, null, null))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("final");
    }

    @Test
    void completeIsRejectedForARunAlreadyAbandoned() {
        jobWithFire(job("j"), T0);
        ClaimedRun run = claim("ghost", T0).get(0); // a node that never joined: nobody holds a lease for it

        assertThat(store.recoverAbandoned(node(NODE, "a"), (spec, attempt, state, now) -> now, T0.plusSeconds(5)))
                .extracting(RunRecord::runId)
                .containsExactly(run.runId());
        assertThat(store.complete(List.of(succeeded(run, "ghost")))).isZero();
        assertThat(store.run(run.runId()).orElseThrow().state()).isEqualTo(RunState.ABANDONED);
        assertThat(claim(NODE, T0.plusSeconds(5)))
                .extracting(ClaimedRun::attempt)
                .containsExactly(2);
    }

    @Test
    void outputKeepsItsLast64KiBAndErrorsStayWhole() {
        jobWithFire(job("j"), T0);
        ClaimedRun run = claim(NODE, T0).get(0);
        String output = "x".repeat(100_000) + "\0END";
        StringBuilder trace = new StringBuilder("java.lang.StackOverflowError");
        while (trace.length() < 300_000) trace.append("\n\tat com.example.Deep.recurse(Deep.java:42) ünïcødé");

        store.complete(List.of(new RunCompletion(
                run.runId(), "j", T0, NODE, RunState.FAILED, T0, null, output, trace.toString(), null, null)));

        RunRecord record = store.run(run.runId()).orElseThrow();
        assertThat(record.output()).hasSize(64 * 1024).endsWith("x\uFFFDEND");
        assertThat(record.error()).isEqualTo(trace.toString());
        assertThat(record.exitCode()).isNull();
    }

    @Test
    void pendingFiresCountsDueUnclaimedFires() {
        assertThat(store.pendingFires(T0)).isZero();
        assertThat(store.oldestPendingDue(T0)).isEmpty();
        jobWithFire(job("j"), T0.minusSeconds(60));
        store.addFire("j", T0, null);
        store.addFire("j", T0.plusSeconds(60), null);

        assertThat(store.pendingFires(T0)).isEqualTo(2);
        assertThat(store.oldestPendingDue(T0)).contains(T0.minusSeconds(60));
        store.claim(new ClaimRequest(NODE, T0, SLOTS, 1));
        assertThat(store.pendingFires(T0)).isEqualTo(1);
        assertThat(store.oldestPendingDue(T0)).contains(T0);
    }

    private static JobSpec queued(String id, Integer maxQueued) {
        return JobSpec.builder(id, "@every 1m", "shell")
                .zone(ZoneOffset.UTC)
                .settings(Map.of("command", List.of("true")))
                .overlap(OverlapPolicy.QUEUE)
                .maxQueued(maxQueued)
                .build();
    }

    /** Plans {@code count} fires of the job one second apart from {@code from}, each with {@code note}. */
    private void planFires(String jobId, Instant from, int count, String note) {
        store.setPaused(jobId, false, from);
        store.planDue(from, 10, (job, now) -> {
            List<PlannedFire> fires = new ArrayList<>();
            for (int i = 0; i < count; i++) fires.add(new PlannedFire(from.plusSeconds(i), note));
            return new FirePlan(fires, null);
        });
    }

    @Test
    void aQueueJobKeepsAtMostMaxQueuedOrdinaryFiresWaitingAndSkipsTheOldest() {
        store.createJob(queued("q", 3), JobOrigin.API, null);
        store.addFire("q", T0, null);
        ClaimedRun running = claim(NODE, T0).get(0);

        planFires("q", T0.plusSeconds(10), 5, null);

        List<RunRecord> runs = store.runs("q", 100, null);
        assertThat(runs)
                .filteredOn(r -> r.state() == RunState.SKIPPED)
                .extracting(RunRecord::fireAt, RunRecord::note)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(T0.plusSeconds(10), "queue full: max-queued 3"),
                        org.assertj.core.groups.Tuple.tuple(T0.plusSeconds(11), "queue full: max-queued 3"));
        assertThat(store.pendingFires(T0.plusSeconds(60))).isEqualTo(3);
        store.complete(List.of(succeeded(running, NODE)));
        assertThat(claim(NODE, T0.plusSeconds(60)))
                .extracting(ClaimedRun::fireAt)
                .containsExactly(T0.plusSeconds(12));
    }

    @Test
    void theQueueBoundNeverDropsCatchUpFiresAndDefaultsTo100() {
        store.createJob(queued("q", 2), JobOrigin.API, null);
        store.addFire("q", T0, null);
        claim(NODE, T0);
        planFires("q", T0.plusSeconds(10), 5, "catch-up");
        assertThat(store.pendingFires(T0.plusSeconds(60))).isEqualTo(5);

        store.createJob(queued("d", null), JobOrigin.API, null);
        store.addFire("d", T0, null);
        claim(NODE, T0);
        planFires("d", T0.plusSeconds(10), 101, null);
        assertThat(store.runs("d", 200, null))
                .filteredOn(r -> r.state() == RunState.SKIPPED)
                .extracting(RunRecord::fireAt, RunRecord::note)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(T0.plusSeconds(10), "queue full: max-queued 100"));
    }

    @Test
    void aJobRowThisVersionCannotReadDoesNotStopPlanningForTheOthers() throws SQLException {
        store.createJob(job("a-newer"), JobOrigin.API, T0);
        store.createJob(job("b-fine"), JobOrigin.API, T0);
        try (Connection c = target().connect();
                Statement s = c.createStatement()) {
            c.setAutoCommit(true);
            s.executeUpdate("UPDATE " + prefix
                    + "jobs SET spec = '{\"id\":\"a-newer\",\"type\":\"ftp\",' WHERE id = 'a-newer'");
        }

        int planned = store.planDue(T0, 10, (job, now) -> new FirePlan(List.of(new PlannedFire(T0, null)), null));

        assertThat(planned).isEqualTo(1);
        assertThat(claim(NODE, T0)).extracting(ClaimedRun::jobId).containsExactly("b-fine");
        assertThat(store.undecodableJobs()).isEqualTo(1);
    }

    // ---- membership and recovery -------------------------------------------------------------------------------

    @Test
    void heartbeatRegistersAndRenewsAndNodesCountRunningRuns() {
        assertThat(store.heartbeat(node(NODE, "a"), LONG_LEASE)).isTrue();
        assertThat(store.heartbeat(node(NODE, "a"), LONG_LEASE)).isTrue();
        assertThat(store.heartbeat(node("node-b", "b"), LONG_LEASE)).isTrue();
        jobWithFire(job("j"), T0);
        claim(NODE, T0);

        List<NodeInfo> nodes = store.nodes();
        assertThat(nodes)
                .extracting(NodeInfo::nodeId, NodeInfo::running)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(NODE, 1), org.assertj.core.groups.Tuple.tuple("node-b", 0));
        NodeInfo a = nodes.get(0);
        assertThat(a.name()).isEqualTo("a");
        assertThat(a.host()).isEqualTo("host-a");
        assertThat(a.startedAt()).isEqualTo(T0);
        assertThat(Duration.between(a.heartbeatAt(), a.leaseUntil())).isEqualTo(LONG_LEASE);

        store.leave("node-b");
        assertThat(store.nodes()).extracting(NodeInfo::nodeId).containsExactly(NODE);
    }

    @Test
    void aLeaseExpiresOnTheDatabaseClockAndTheNextHeartbeatSaysSo() {
        assertThat(store.heartbeat(node("node-b", "b"), Duration.ofMillis(200))).isTrue();
        jobWithFire(job("j"), T0);
        ClaimedRun run = claim("node-b", T0).get(0);
        NodeInfo self = node(NODE, "a");
        store.heartbeat(self, LONG_LEASE);

        List<RunRecord> recovered = new ArrayList<>();
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> recovered.addAll(store.recoverAbandoned(self, NO_RETRY, T0)));

        assertThat(recovered)
                .extracting(RunRecord::runId, RunRecord::state, RunRecord::nodeId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(run.runId(), RunState.ABANDONED, "node-b"));
        assertThat(recovered.get(0).error()).contains("lease");
        store.addFire("j", T0.plusSeconds(1), null);
        assertThat(claim("node-b", T0.plusSeconds(1)))
                .as("a fenced node claims nothing until its heartbeat has told it")
                .isEmpty();
        assertThat(store.heartbeat(node("node-b", "b"), LONG_LEASE))
                .as("the lease had expired")
                .isFalse();
        assertThat(claim("node-b", T0.plusSeconds(1))).hasSize(1);
        assertThat(store.heartbeat(node("node-b", "b"), LONG_LEASE)).isTrue();
        assertThat(store.heartbeat(self, LONG_LEASE)).isTrue();
    }

    @Test
    void liveNodesKeepTheirRunsWhateverTheEngineClockSays() {
        store.heartbeat(node("node-b", "b"), LONG_LEASE);
        NodeInfo self = node(NODE, "a");
        store.heartbeat(self, LONG_LEASE);
        jobWithFire(job("j"), T0);
        store.addFire("j", T0.plusSeconds(1), null);
        claim("node-b", T0);
        claim(NODE, T0.plusSeconds(1));

        assertThat(store.recoverAbandoned(self, NO_RETRY, T0.plus(Duration.ofDays(365))))
                .isEmpty();
        assertThat(store.runningRuns()).hasSize(2);
    }

    @Test
    void recoverAbandonedRetriesAsTheDeciderSays() {
        NodeInfo self = node(NODE, "a");
        store.heartbeat(self, LONG_LEASE);
        JobSpec spec = job("j");
        jobWithFire(spec, T0);
        ClaimedRun run = claim("ghost", T0).get(0);
        List<String> asked = new ArrayList<>();

        List<RunRecord> recovered = store.recoverAbandoned(
                self,
                (s, attempt, state, now) -> {
                    asked.add(s.id() + "/" + attempt + "/" + state + "/" + now);
                    return now.plusSeconds(30);
                },
                T0.plusSeconds(100));

        assertThat(asked).containsExactly("j/1/ABANDONED/" + T0.plusSeconds(100));
        RunRecord abandoned = recovered.get(0);
        assertThat(abandoned.runId()).isEqualTo(run.runId());
        assertThat(abandoned.state()).isEqualTo(RunState.ABANDONED);
        assertThat(abandoned.endedAt()).isEqualTo(T0.plusSeconds(100));
        assertThat(store.run(run.runId()).orElseThrow().state()).isEqualTo(RunState.ABANDONED);
        assertThat(store.recoverAbandoned(self, NO_RETRY, T0.plusSeconds(100)))
                .as("once")
                .isEmpty();
        assertThat(claim(NODE, T0.plusSeconds(129))).isEmpty();
        ClaimedRun retry = claim(NODE, T0.plusSeconds(130)).get(0);
        assertThat(retry.attempt()).isEqualTo(2);
        assertThat(retry.fireAt()).isEqualTo(T0);
        assertThat(retry.runId()).isGreaterThan(run.runId());
    }

    @Test
    void recoverAbandonedWithoutRetryFinishesTheFire() {
        NodeInfo self = node(NODE, "a");
        store.heartbeat(self, LONG_LEASE);
        jobWithFire(job("j"), T0);
        claim("ghost", T0);

        assertThat(store.recoverAbandoned(self, NO_RETRY, T0)).hasSize(1);
        assertThat(claim(NODE, T0.plusSeconds(3600))).isEmpty();
        assertThat(store.pendingFires(T0.plusSeconds(3600))).isZero();
    }

    @Test
    void anEarlierProcessOfThisNodeIsRecoveredAtOnce() {
        NodeInfo before = new NodeInfo("box-1", "box", "box.local", T0, null, null, 0);
        NodeInfo after = new NodeInfo("box-2", "box", "box.local", T0.plusSeconds(60), null, null, 0);
        store.heartbeat(before, LONG_LEASE);
        store.heartbeat(node("node-b", "b"), LONG_LEASE);
        jobWithFire(job("j"), T0);
        store.addFire("j", T0.plusSeconds(1), null);
        ClaimedRun orphan = claim("box-1", T0).get(0);
        ClaimedRun alive = claim("node-b", T0.plusSeconds(1)).get(0);

        store.heartbeat(after, LONG_LEASE);
        List<RunRecord> recovered = store.recoverAbandoned(after, NO_RETRY, T0.plusSeconds(60));

        assertThat(recovered).extracting(RunRecord::runId).containsExactly(orphan.runId());
        assertThat(recovered.get(0).error()).contains("restarted");
        assertThat(store.run(alive.runId()).orElseThrow().state()).isEqualTo(RunState.RUNNING);
        assertThat(store.heartbeat(before, LONG_LEASE))
                .as("the earlier process, should it live, learns it is out")
                .isFalse();
    }

    // ---- history -----------------------------------------------------------------------------------------------

    /** Adds a fire at {@code fireAt}, claims and completes it; returns the run id. */
    private long jobRunsOnce(String jobId, Instant fireAt) {
        store.addFire(jobId, fireAt, null);
        ClaimedRun run = store.claim(new ClaimRequest(
                        NODE,
                        fireAt,
                        Map.of(store.job(jobId).orElseThrow().spec().group(), 10),
                        10))
                .get(0);
        store.complete(List.of(succeeded(run, NODE)));
        return run.runId();
    }

    @Test
    void historyPagesNewestFirst() {
        store.createJob(job("j"), JobOrigin.API, null);
        store.createJob(job("k"), JobOrigin.API, null);
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) ids.add(jobRunsOnce("j", T0.plusSeconds(i)));
        long k = jobRunsOnce("k", T0);

        assertThat(store.runs("j", 2, null)).extracting(RunRecord::runId).containsExactly(ids.get(4), ids.get(3));
        assertThat(store.runs("j", 2, ids.get(3))).extracting(RunRecord::runId).containsExactly(ids.get(2), ids.get(1));
        assertThat(store.runs("j", 10, ids.get(1))).extracting(RunRecord::runId).containsExactly(ids.get(0));
        assertThat(store.runs("j", 0, null)).isEmpty();
        assertThat(store.runs("nobody", 10, null)).isEmpty();
        assertThat(store.recentRuns(3, null)).extracting(RunRecord::runId).containsExactly(k, ids.get(4), ids.get(3));
        assertThat(store.recentRuns(2, ids.get(3)))
                .extracting(RunRecord::runId)
                .containsExactly(ids.get(2), ids.get(1));

        RunRecord one = store.run(ids.get(2)).orElseThrow();
        assertThat(one.jobId()).isEqualTo("j");
        assertThat(one.fireAt()).isEqualTo(T0.plusSeconds(2));
        assertThat(one.output()).isEqualTo("out of " + ids.get(2));
        assertThat(store.run(-1)).isEmpty();
    }

    @Test
    void lastRunsAndRunningRuns() {
        store.createJob(job("j"), JobOrigin.API, null);
        store.createJob(job("k"), JobOrigin.API, null);
        store.createJob(job("never"), JobOrigin.API, null);
        store.createJob(job("f"), JobOrigin.API, null);
        store.addFire("f", T0, null);
        store.complete(List.of(done(claim(NODE, T0).get(0), NODE, RunState.FAILED, null, null)));
        jobRunsOnce("j", T0);
        long lastJ = jobRunsOnce("j", T0.plusSeconds(1));
        store.addFire("k", T0, null);
        ClaimedRun k = claim(NODE, T0).get(0);

        Map<String, RunRecord> last = store.lastRunSummaries(3);
        assertThat(last).containsOnlyKeys("f", "j", "k");
        assertThat(last.get("f").error()).as("the start of the error").isEqualTo("boo");
        assertThat(last.get("j").runId()).isEqualTo(lastJ);
        assertThat(store.run(lastJ).orElseThrow().output()).as("recorded").isNotNull();
        assertThat(last.get("j").output()).as("a listing reads no output").isNull();
        assertThat(last.get("k").state()).isEqualTo(RunState.RUNNING);
        assertThat(store.runningRuns()).extracting(RunRecord::runId).containsExactly(k.runId());
    }

    // ---- health and wiring -------------------------------------------------------------------------------------

    @Test
    void pingAndDescribe() {
        assertThat(store.ping()).isPositive();
        assertThat(store.describe())
                .startsWith(target().name() + " ")
                .contains(target().url().replaceAll("\\?.*", ""));
        assertThat(store.dialect().name()).isEqualTo(target().name());
    }

    @Test
    void aStoreOverTheCallersDataSourceSeesTheSameData() {
        store.createJob(job("shared"), JobOrigin.API, T0);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(target().url());
        if (target().user() != null) {
            config.setUsername(target().user());
            config.setPassword(target().password());
        }
        config.setMaximumPoolSize(2);
        try (HikariDataSource ds = new HikariDataSource(config);
                JdbcJobStore embedded =
                        JobStores.forDataSource(ds, StoreOptions.defaults().withTablePrefix(prefix))) {
            assertThat(embedded.dialect().name()).isEqualTo(target().name());
            assertThat(embedded.job("shared")).isPresent();
            assertThat(embedded.addFire("shared", T0, null)).isTrue();
            assertThat(embedded.claim(new ClaimRequest(NODE, T0, SLOTS, 10))).hasSize(1);
            embedded.close();
            assertThat(ds.isClosed()).as("the caller's pool stays open").isFalse();
        }
        assertThat(store.runningRuns()).hasSize(1);
    }

    @Test
    void openingAgainFindsTheSchemaAndTheDataInPlace() {
        store.createJob(job("kept"), JobOrigin.API, T0);
        try (JdbcJobStore again =
                target().open(StoreOptions.defaults().withTablePrefix(prefix).withMaxPoolSize(1))) {
            assertThat(again.jobs()).extracting(StoredJob::id).containsExactly("kept");
        }
        assertThat(store.job("kept")).isPresent();
    }
}
