-- Instants are BIGINT epoch milliseconds: portable, exact to the millisecond, and they sort the same everywhere.
-- Ids use the "C" collation so that ordering and equality are by code point, as on SQLite and MariaDB.

CREATE TABLE ${prefix}jobs (
    id           VARCHAR(128) COLLATE "C" PRIMARY KEY,
    spec         TEXT         NOT NULL,
    origin       VARCHAR(16)  NOT NULL,
    paused       BOOLEAN      NOT NULL,
    next_fire_at BIGINT,
    group_name   VARCHAR(128) NOT NULL,
    priority     INTEGER      NOT NULL,
    overlap      VARCHAR(8)   NOT NULL,
    version      BIGINT       NOT NULL,
    updated_at   BIGINT       NOT NULL
);
CREATE INDEX ${prefix}jobs_due ON ${prefix}jobs (next_fire_at, id) WHERE paused = FALSE AND next_fire_at IS NOT NULL;

-- One row, bumped in the same transaction as every job change, so a deletion moves it too.
CREATE TABLE ${prefix}change_mark (
    id   INTEGER PRIMARY KEY,
    mark BIGINT  NOT NULL
);
INSERT INTO ${prefix}change_mark (id, mark) VALUES (1, 0);

-- A fire exists once: the primary key is the final guard against running it twice.
-- priority, group_name, overlap and paused are copies of the job's, kept so claiming reads one table.
CREATE TABLE ${prefix}fires (
    job_id     VARCHAR(128) COLLATE "C" NOT NULL,
    fire_at    BIGINT       NOT NULL,
    state      VARCHAR(8)   NOT NULL,
    attempt    INTEGER      NOT NULL,
    due_at     BIGINT       NOT NULL,
    priority   INTEGER      NOT NULL,
    group_name VARCHAR(128) NOT NULL,
    overlap    VARCHAR(8)   NOT NULL,
    paused     BOOLEAN      NOT NULL,
    note       TEXT,
    owner_node VARCHAR(255),
    PRIMARY KEY (job_id, fire_at)
);
-- In claim order, so a claim reads the first rows of its group and stops; only claimable rows are in it.
CREATE INDEX ${prefix}fires_claimable ON ${prefix}fires (group_name, priority DESC, due_at, job_id, fire_at) WHERE state = 'PENDING' AND paused = FALSE;
-- Keyed like the primary key: a cached plan that picks it for a single-fire update still finds one row, not a scan.
CREATE INDEX ${prefix}fires_running ON ${prefix}fires (job_id, fire_at) WHERE state = 'RUNNING';

-- run_id only grows, so it doubles as the fencing token of a claim.
CREATE TABLE ${prefix}runs (
    run_id     BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    job_id     VARCHAR(128) COLLATE "C" NOT NULL,
    fire_at    BIGINT       NOT NULL,
    attempt    INTEGER      NOT NULL,
    state      VARCHAR(16)  NOT NULL,
    node_id    VARCHAR(255),
    started_at BIGINT,
    ended_at   BIGINT,
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
    node_id      VARCHAR(255) PRIMARY KEY,
    name         VARCHAR(255) NOT NULL,
    host         VARCHAR(255),
    started_at   BIGINT       NOT NULL,
    heartbeat_at BIGINT       NOT NULL,
    lease_until  BIGINT       NOT NULL
);
