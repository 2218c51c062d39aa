-- Every node's start lists the config file's jobs that the store holds, to delete those the file no longer has.
-- Without an index that was a read of the whole jobs table at every start, however few of them came from a file (on
-- PostgreSQL, 26 ms for 20,000 jobs). Partial: jobs made through the API, however many, add nothing to it.
CREATE INDEX ${prefix}jobs_config ON ${prefix}jobs (id) WHERE origin = 'CONFIG';
