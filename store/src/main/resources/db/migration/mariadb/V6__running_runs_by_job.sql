-- The overlap check of every claimed fire looks for its job's runs in progress; MariaDB has no partial indexes, so
-- the index is on the job and the state.
CREATE INDEX ${prefix}runs_running_job ON ${prefix}runs (job_id, state, started_at);
