-- Versions up to 2^63-1 (the lead contract: Smart-Grid may use epoch milliseconds); INT wrapped them.
ALTER TABLE lead ALTER COLUMN version SET DATA TYPE BIGINT;
