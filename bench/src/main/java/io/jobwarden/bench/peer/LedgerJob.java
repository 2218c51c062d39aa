package io.jobwarden.bench.peer;

import io.jobwarden.bench.ledger.ExecutionLedger;
import org.quartz.Job;
import org.quartz.JobExecutionContext;

/**
 * Quartz's no-op job: records itself in the node's ledger. Quartz makes a new instance for every run through the
 * no-argument constructor, so the ledger is reached through a static field; a node process has one ledger.
 */
public final class LedgerJob implements Job {
    static volatile ExecutionLedger ledger = new ExecutionLedger();

    @Override
    public void execute(JobExecutionContext context) {
        ledger.executed(
                context.getJobDetail().getKey().getName(),
                context.getScheduledFireTime().toInstant());
    }
}
