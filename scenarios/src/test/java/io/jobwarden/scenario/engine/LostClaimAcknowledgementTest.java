package io.jobwarden.scenario.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobwarden.engine.JobSpec;
import io.jobwarden.engine.Jobwarden;
import io.jobwarden.engine.OverlapPolicy;
import io.jobwarden.engine.RunState;
import io.jobwarden.engine.spi.JobStore;
import io.jobwarden.engine.spi.RunRecord;
import io.jobwarden.store.JobStores;
import io.jobwarden.store.StoreOptions;
import io.jobwarden.testkit.SettableClock;
import io.jobwarden.testkit.SteppedEngine;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, item 5: a claim is committed, but the acknowledgement of the commit never reaches the node (the
 * connection drops right after the database committed). The RUNNING row is the node's, yet the node never started
 * the run; under {@code overlap: queue} nothing of the job would run again. The node reconciles its own RUNNING
 * rows with what it runs at every heartbeat.
 */
class LostClaimAcknowledgementTest {
    @TempDir
    Path dir;

    /** Connections that, once armed, commit the next claim (a transaction writing a RUNNING run) and then fail. */
    static final class LossyDataSource implements DataSource {
        final AtomicBoolean loseNextClaim = new AtomicBoolean();
        final AtomicInteger lost = new AtomicInteger();
        private final String url;

        LossyDataSource(String url) {
            this.url = url;
        }

        @Override
        public Connection getConnection() throws SQLException {
            Connection real = DriverManager.getConnection(url);
            AtomicBoolean claiming = new AtomicBoolean();
            return (Connection) Proxy.newProxyInstance(
                    Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                        String name = method.getName();
                        if (name.equals("prepareStatement")
                                && args[0] instanceof String sql
                                && sql.contains("runs (job_id, fire_at, attempt, state, node_id")) claiming.set(true);
                        // sqlite: switching autocommit back on is the commit (see Transactions).
                        boolean commits = name.equals("commit")
                                || (name.equals("setAutoCommit")
                                        && Boolean.TRUE.equals(args[0])
                                        && !real.getAutoCommit());
                        Object result;
                        try {
                            result = method.invoke(real, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                        if (commits && claiming.getAndSet(false) && loseNextClaim.compareAndSet(true, false)) {
                            lost.incrementAndGet();
                            throw new SQLException("connection reset: the commit's acknowledgement was lost", "08006");
                        }
                        return result;
                    });
        }

        @Override
        public Connection getConnection(String user, String password) throws SQLException {
            return getConnection();
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {}

        @Override
        public void setLoginTimeout(int seconds) {}

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return false;
        }
    }

    @Test
    void aClaimWhoseCommitWasNotAcknowledgedIsAbandonedAndTheQueueMovesOn() {
        SettableClock clock = new SettableClock(Instant.parse("2026-01-01T00:00:30Z"));
        LossyDataSource lossy = new LossyDataSource("jdbc:sqlite:" + dir.resolve("jobwarden.db"));
        JobStore store = JobStores.forDataSource(lossy, StoreOptions.defaults().withClock(clock));
        JobSpec queued = JobSpec.builder("q", "0 * * * * ?", "java")
                .overlap(OverlapPolicy.QUEUE)
                .build();
        AtomicInteger ran = new AtomicInteger();
        try (SteppedEngine engine = SteppedEngine.start(Jobwarden.builder(store)
                .clock(clock)
                .nodeName("n")
                .lease(Duration.ofSeconds(30))
                .task(queued, ctx -> ran.incrementAndGet()))) {
            clock.set(Instant.parse("2026-01-01T00:01:00Z"));
            lossy.loseNextClaim.set(true);
            try {
                engine.pass();
            } catch (RuntimeException e) {
                // The pass fails, or the store retried the claim and found nothing left to claim: either way the
                // node does not run the fire it claimed.
            }
            assertThat(lossy.lost).hasValue(1);
            assertThat(store.runningRuns())
                    .as("committed, though the node never heard")
                    .hasSize(1);
            assertThat(engine.busy()).isZero();

            // Within the grace (a lease) the row is left alone: a claim may still be on its way to the dispatcher.
            clock.set(Instant.parse("2026-01-01T00:01:20Z"));
            engine.passAndAwaitIdle();
            assertThat(store.runningRuns()).hasSize(1);

            clock.set(Instant.parse("2026-01-01T00:02:00Z"));
            engine.passAndAwaitIdle();
            engine.passAndAwaitIdle();

            List<RunRecord> runs = store.runs("q", 10, null).stream()
                    .sorted(Comparator.comparingLong(RunRecord::runId))
                    .toList();
            assertThat(runs).extracting(RunRecord::state).containsExactly(RunState.ABANDONED, RunState.SUCCEEDED);
            assertThat(runs.get(0).fireAt()).isEqualTo(Instant.parse("2026-01-01T00:01:00Z"));
            assertThat(runs.get(0).error()).contains("acknowledgement was lost");
            assertThat(runs.get(1).fireAt()).isEqualTo(Instant.parse("2026-01-01T00:02:00Z"));
            assertThat(ran).hasValue(1);
        } finally {
            store.close();
        }
    }
}
