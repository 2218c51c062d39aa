-- Instants are BIGINT epoch milliseconds: exact to the millisecond, free of session time zones, sorted the same everywhere.
-- utf8mb4_bin: ids compare and sort by code point, as on SQLite and PostgreSQL ("a" and "A" are two jobs).
-- MEDIUMTEXT for output and error: TEXT holds only 64 KiB of bytes, less than 64 KiB of characters.

CREATE TABLE ${prefix}jobs (
    id           VARCHAR(128) NOT NULL PRIMARY KEY,
    spec         MEDIUMTEXT   NOT NULL,
    origin       VARCHAR(16)  NOT NULL,
    paused       BOOLEAN      NOT NULL,
    next_fire_at BIGINT,
    group_name   VARCHAR(128) NOT NULL,
    priority     INTEGER      NOT NULL,
    overlap      VARCHAR(8)   NOT NULL,
    version      BIGINT       NOT NULL,
    updated_at   BIGINT       NOT NULL,
    INDEX ${prefix}jobs_due (paused, next_fire_at, id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- One row, bumped in the same transaction as every job change, so a deletion moves it too.
CREATE TABLE ${prefix}change_mark (
    id   INTEGER NOT NULL PRIMARY KEY,
    mark BIGINT  NOT NULL
) ENGINE = InnoDB;
INSERT INTO ${prefix}change_mark (id, mark) VALUES (1, 0);

-- A fire exists once: the primary key is the final guard against running it twice.
-- priority, group_name, overlap and paused are copies of the job's, kept so claiming reads one table.
CREATE TABLE ${prefix}fires (
    job_id     VARCHAR(128) NOT NULL,
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
    PRIMARY KEY (job_id, fire_at),
    INDEX ${prefix}fires_claimable (state, paused, group_name, priority DESC, due_at),
    INDEX ${prefix}fires_running (job_id, state)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- run_id only grows (InnoDB keeps the counter across restarts since 10.2.4), so it doubles as the fencing token.
CREATE TABLE ${prefix}runs (
    run_id     BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    job_id     VARCHAR(128) NOT NULL,
    fire_at    BIGINT       NOT NULL,
    attempt    INTEGER      NOT NULL,
    state      VARCHAR(16)  NOT NULL,
    node_id    VARCHAR(255),
    started_at BIGINT,
    ended_at   BIGINT,
    exit_code  INTEGER,
    output     MEDIUMTEXT,
    error      MEDIUMTEXT,
    note       TEXT,
    INDEX ${prefix}runs_job (job_id, run_id DESC),
    INDEX ${prefix}runs_running (state, node_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE ${prefix}nodes (
    node_id      VARCHAR(255) NOT NULL PRIMARY KEY,
    name         VARCHAR(255) NOT NULL,
    host         VARCHAR(255),
    started_at   BIGINT       NOT NULL,
    heartbeat_at BIGINT       NOT NULL,
    lease_until  BIGINT       NOT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
