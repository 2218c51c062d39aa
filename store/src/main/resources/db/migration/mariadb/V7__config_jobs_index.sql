-- Every node's start lists the config file's jobs that the store holds, to delete those the file no longer has.
-- Without an index that was a read of the whole jobs table (26 ms for 20,000 jobs on PostgreSQL, every start, however
-- few of them came from a file). MariaDB has no partial indexes; this one holds the origin and, as every secondary
-- index does, the id, so the list is read from it alone.
CREATE INDEX ${prefix}jobs_origin ON ${prefix}jobs (origin);
