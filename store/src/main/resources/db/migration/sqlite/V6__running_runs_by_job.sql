-- The overlap check of every claimed fire looks for its job's runs in progress. The partial index on run_id answered
-- it only by reading every RUNNING entry, dead ones included: after a burst (thousands of runs just ended, not yet
-- vacuumed) that was a read of the whole index per fire. By job, the lookup reads that job's entries only.
CREATE INDEX ${prefix}runs_running_job ON ${prefix}runs (job_id, started_at) WHERE state = 'RUNNING';
