-- Tamper evidence: each audit row carries the hash of the row before it and its own hash over
-- both; audit_head holds the latest hash and is locked while a row is added, so the chain stays
-- one line even with several instances.
ALTER TABLE audit_log ADD COLUMN prev_hash VARCHAR(64);
ALTER TABLE audit_log ADD COLUMN row_hash VARCHAR(64);
CREATE TABLE audit_head (
    id        INT PRIMARY KEY,
    last_hash VARCHAR(64) NOT NULL
);
INSERT INTO audit_head (id, last_hash) VALUES (1, 'GENESIS');
