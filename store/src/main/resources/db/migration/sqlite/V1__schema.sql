-- Instants are INTEGER epoch milliseconds: exact to the millisecond, and they sort the same on every dialect.

CREATE TABLE ${prefix}jobs (
    id           TEXT    NOT NULL PRIMARY KEY,
    spec         TEXT    NOT NULL,
    origin       TEXT    NOT NULL,
    paused       INTEGER NOT NULL,
    next_fire_at INTEGER,
    group_name   TEXT    NOT NULL,
    priority     INTEGER NOT NULL,
    overlap      TEXT    NOT NULL,
    version      INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
);
CREATE INDEX ${prefix}jobs_due ON ${prefix}jobs (next_fire_at, id) WHERE paused = FALSE AND next_fire_at IS NOT NULL;

-- One row, bumped in the same transaction as every job change, so a deletion moves it too.
CREATE TABLE ${prefix}change_mark (
    id   INTEGER PRIMARY KEY,
    mark INTEGER NOT NULL
);
INSERT INTO ${prefix}change_mark (id, mark) VALUES (1, 0);

-- A fire exists once: the primary key is the final guard against running it twice.
-- priority, group_name, overlap and paused are copies of the job's, kept so claiming reads one table.
CREATE TABLE ${prefix}fires (
    job_id     TEXT    NOT NULL,
    fire_at    INTEGER NOT NULL,
    state      TEXT    NOT NULL,
    attempt    INTEGER NOT NULL,
    due_at     INTEGER NOT NULL,
    priority   INTEGER NOT NULL,
    group_name TEXT    NOT NULL,
    overlap    TEXT    NOT NULL,
    paused     INTEGER NOT NULL,
    note       TEXT,
    owner_node TEXT,
    PRIMARY KEY (job_id, fire_at)
) WITHOUT ROWID;
-- In claim order, so a claim reads the first rows of its group and stops; only claimable rows are in it.
CREATE INDEX ${prefix}fires_claimable ON ${prefix}fires (group_name, priority DESC, due_at, job_id, fire_at) WHERE state = 'PENDING' AND paused = FALSE;
-- Keyed like the primary key: a cached plan that picks it for a single-fire update still finds one row, not a scan.
CREATE INDEX ${prefix}fires_running ON ${prefix}fires (job_id, fire_at) WHERE state = 'RUNNING';

-- AUTOINCREMENT: run ids are never reused, even after the newest row is deleted, so run_id is a fencing token.
CREATE TABLE ${prefix}runs (
    run_id     INTEGER PRIMARY KEY AUTOINCREMENT,
    job_id     TEXT    NOT NULL,
    fire_at    INTEGER NOT NULL,
    attempt    INTEGER NOT NULL,
    state      TEXT    NOT NULL,
    node_id    TEXT,
    started_at INTEGER,
    ended_at   INTEGER,
    exit_code  INTEGER,
    output     TEXT,
    error      TEXT,
    note       TEXT
);
CREATE INDEX ${prefix}runs_job ON ${prefix}runs (job_id, run_id DESC);
-- On run_id, not node_id: a cached plan for "end run ? if RUNNING on node ?" that picked an index on node_id
-- would scan every running run of the node for each row of a batch.
CREATE INDEX ${prefix}runs_running ON ${prefix}runs (run_id) WHERE state = 'RUNNING';

CREATE TABLE ${prefix}nodes (
    node_id      TEXT    NOT NULL PRIMARY KEY,
    name         TEXT    NOT NULL,
    host         TEXT,
    started_at   INTEGER NOT NULL,
    heartbeat_at INTEGER NOT NULL,
    lease_until  INTEGER NOT NULL
);
