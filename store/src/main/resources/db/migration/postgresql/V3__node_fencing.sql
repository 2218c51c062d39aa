-- Set by recovery, under the row's lock, when it takes a dead node's runs: the node's next heartbeat then learns
-- it was declared dead, however late that heartbeat read the clock, and the node claims nothing until it has.
ALTER TABLE ${prefix}nodes ADD COLUMN fenced BOOLEAN NOT NULL DEFAULT FALSE;
