package io.jobwarden.bench.peer;

import io.jobwarden.bench.ledger.ExecutionLedger;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;
import org.quartz.CronScheduleBuilder;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.impl.StdSchedulerFactory;

/**
 * Quartz 2.5 with either JobStoreTX clustered on PostgreSQL (its tables from the script shipped in the quartz jar) or
 * RAMJobStore. Besides the thread count and poll interval shared by every contestant, it gets the settings its
 * documentation gives for throughput: trigger acquisition in batches as large as the thread pool (inside the lock,
 * as batches require on a JDBC store), and a misfire threshold large enough for a seeded backlog to count as on time.
 */
public final class QuartzContestant implements Contestant {
    private static final String SCHEDULER_NAME = "jobwarden-bench";

    private final Target target;

    public QuartzContestant(Target target) {
        this.target = target;
    }

    @Override
    public Target target() {
        return target;
    }

    private boolean clustered() {
        return target.kind() == Kind.QUARTZ_CLUSTER;
    }

    @Override
    public void reset() {
        if (!clustered()) return;
        target.database().dropTables(target.prefix());
        String script;
        try (InputStream in =
                Scheduler.class.getResourceAsStream("/org/quartz/impl/jdbcjobstore/tables_postgres.sql")) {
            if (in == null) throw new IllegalStateException("tables_postgres.sql is not in the quartz jar");
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        target.database().runScript(script.replaceAll("(?i)qrtz_", target.prefix()));
    }

    Properties properties(String instanceId) {
        Properties p = new Properties();
        p.setProperty("org.quartz.scheduler.instanceName", SCHEDULER_NAME);
        p.setProperty("org.quartz.scheduler.instanceId", instanceId);
        p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        p.setProperty(
                "org.quartz.scheduler.idleWaitTime",
                Long.toString(target.pollInterval().toMillis()));
        p.setProperty("org.quartz.scheduler.batchTriggerAcquisitionMaxCount", Integer.toString(target.threads()));
        p.setProperty("org.quartz.threadPool.threadCount", Integer.toString(target.threads()));
        p.setProperty(
                "org.quartz.jobStore.misfireThreshold",
                Long.toString(JobwardenContestant.MISFIRE_THRESHOLD.toMillis()));
        if (!clustered()) {
            p.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
            return p;
        }
        Database db = target.database();
        p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        p.setProperty("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
        p.setProperty("org.quartz.jobStore.tablePrefix", target.prefix());
        p.setProperty("org.quartz.jobStore.isClustered", "true");
        p.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
        p.setProperty("org.quartz.jobStore.dataSource", "bench");
        p.setProperty("org.quartz.dataSource.bench.provider", "hikaricp");
        p.setProperty("org.quartz.dataSource.bench.driver", "org.postgresql.Driver");
        p.setProperty("org.quartz.dataSource.bench.URL", db.url());
        if (db.user() != null) p.setProperty("org.quartz.dataSource.bench.user", db.user());
        if (db.password() != null) p.setProperty("org.quartz.dataSource.bench.password", db.password());
        p.setProperty("org.quartz.dataSource.bench.maxConnections", Integer.toString(target.threads() + 3));
        return p;
    }

    private Scheduler scheduler(String instanceId) {
        try {
            return new StdSchedulerFactory(properties(instanceId)).getScheduler();
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot set up Quartz: " + e.getMessage(), e);
        }
    }

    static Map<JobDetail, Set<? extends Trigger>> oneShots(List<String> ids, Instant due) {
        return ledgerJobs(
                ids, trigger -> trigger.startAt(Date.from(due)).withSchedule(SimpleScheduleBuilder.simpleSchedule()));
    }

    static Map<JobDetail, Set<? extends Trigger>> everySecond(List<String> ids) {
        return ledgerJobs(ids, trigger -> trigger.withSchedule(CronScheduleBuilder.cronSchedule("* * * * * ?")));
    }

    /** One ledger job per id, each with one trigger of that id that {@code schedule} completes. */
    private static Map<JobDetail, Set<? extends Trigger>> ledgerJobs(
            List<String> ids, Function<TriggerBuilder<Trigger>, TriggerBuilder<? extends Trigger>> schedule) {
        Map<JobDetail, Set<? extends Trigger>> jobs = new HashMap<>();
        for (String id : ids) {
            JobDetail job = JobBuilder.newJob(LedgerJob.class).withIdentity(id).build();
            Trigger trigger = schedule.apply(
                            TriggerBuilder.newTrigger().withIdentity(id).forJob(job))
                    .build();
            jobs.put(job, Set.of(trigger));
        }
        return jobs;
    }

    @Override
    public void seedOneShots(List<String> ids, Instant due) {
        if (!clustered()) throw new UnsupportedOperationException("RAMJobStore keeps jobs in the node; add them there");
        Scheduler seeder = scheduler("seeder");
        try {
            for (int from = 0; from < ids.size(); from += 1000) {
                seeder.scheduleJobs(oneShots(ids.subList(from, Math.min(ids.size(), from + 1000)), due), false);
            }
        } catch (SchedulerException e) {
            throw new IllegalStateException("seeding Quartz failed: " + e.getMessage(), e);
        } finally {
            shutdown(seeder, false);
        }
    }

    @Override
    public OptionalLong unfinished(long expected) {
        if (!clustered()) return OptionalLong.empty();
        // A one-shot trigger is deleted in the transaction that records its job complete.
        long left = target.database().count("SELECT COUNT(*) FROM " + target.prefix() + "triggers");
        return OptionalLong.of(left < 0 ? expected : left);
    }

    @Override
    public SchedulerNode node(String nodeName, ExecutionLedger ledger) {
        LedgerJob.ledger = ledger;
        return new Node(scheduler(nodeName));
    }

    private static void shutdown(Scheduler scheduler, boolean waitForJobs) {
        try {
            scheduler.shutdown(waitForJobs);
        } catch (SchedulerException e) {
            throw new IllegalStateException("Quartz did not shut down: " + e.getMessage(), e);
        }
    }

    private static final class Node implements SchedulerNode {
        private final Scheduler scheduler;

        Node(Scheduler scheduler) {
            this.scheduler = scheduler;
        }

        @Override
        public void addOneShots(List<String> ids, Instant due) {
            add(oneShots(ids, due));
        }

        @Override
        public void addEverySecond(List<String> ids) {
            add(everySecond(ids));
        }

        private void add(Map<JobDetail, Set<? extends Trigger>> jobs) {
            try {
                scheduler.scheduleJobs(jobs, false);
            } catch (SchedulerException e) {
                throw new IllegalStateException("cannot add jobs to Quartz: " + e.getMessage(), e);
            }
        }

        @Override
        public void start() {
            try {
                scheduler.start();
            } catch (SchedulerException e) {
                throw new IllegalStateException("Quartz did not start: " + e.getMessage(), e);
            }
        }

        @Override
        public void stop() {
            shutdown(scheduler, true);
        }
    }
}
