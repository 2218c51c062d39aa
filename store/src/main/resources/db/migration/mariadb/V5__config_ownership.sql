-- The hash of the config file's definition a job was last written from. A job edited through the API keeps it, so
-- a later sync can tell "the file still says what it said then" (the API edit stands) from "the file changed".
ALTER TABLE ${prefix}jobs ADD COLUMN config_hash VARCHAR(64);
-- Every revision of the config file's jobs any node has synced, numbered in the order they were first synced: a
-- node whose file is an older revision than the newest one leaves the config jobs alone.
CREATE TABLE ${prefix}config_revisions (
    revision        VARCHAR(64) NOT NULL PRIMARY KEY,
    ordinal         BIGINT NOT NULL,
    first_synced_at BIGINT NOT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
