package io.jobwarden.bench.peer;

import io.jobwarden.bench.ledger.ExecutionLedger;
import io.jobwarden.engine.ValidationErrors;
import io.jobwarden.engine.run.RunContext;
import io.jobwarden.engine.run.TaskResult;
import io.jobwarden.engine.run.TaskRunner;
import java.util.Map;

/** Jobwarden's runner for the benchmark's no-op job type: the run only records itself in the ledger. */
final class LedgerRunner implements TaskRunner {
    static final String TYPE = "bench-noop";

    private final ExecutionLedger ledger;

    LedgerRunner(ExecutionLedger ledger) {
        this.ledger = ledger;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public void validate(Map<String, Object> settings, ValidationErrors errors) {
        // The no-op job has no settings to check.
    }

    @Override
    public TaskResult run(RunContext context) {
        ledger.executed(context.jobId(), context.fireTime());
        return TaskResult.succeeded(null);
    }
}
