-- Signatures of /control requests already acted on, kept until their timestamp leaves the accepted window,
-- so a captured request is refused after a restart and on every node sharing the store.
-- The primary key makes "first use" one INSERT that only one caller can win.
CREATE TABLE ${prefix}control_used (
    signature_hash VARCHAR(64) NOT NULL PRIMARY KEY,
    expires_at     BIGINT      NOT NULL,
    INDEX ${prefix}control_used_expiry (expires_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
