-- H2 only: identity caches of 10,000 instead of 32. Each time a cache runs out, H2 writes the
-- sequence in a commit of its own, and with WRITE_DELAY=0 that commit stores every changed page
-- of the database: with four timeline rows per lead, a store every eight leads. The profile put
-- three quarters of H2's stores there. A large cache is as safe as a small one here: every
-- identity is restarted above its table's highest id at each start (H2IdentityRepair).
ALTER TABLE lead ALTER COLUMN id SET CACHE 10000;
ALTER TABLE lead_history ALTER COLUMN id SET CACHE 10000;
ALTER TABLE delivery_attempt ALTER COLUMN id SET CACHE 10000;
ALTER TABLE catalogue_activation ALTER COLUMN id SET CACHE 10000;
ALTER TABLE feedback ALTER COLUMN id SET CACHE 10000;
ALTER TABLE status_outbox ALTER COLUMN id SET CACHE 10000;
ALTER TABLE lead_note ALTER COLUMN id SET CACHE 10000;
ALTER TABLE audit_log ALTER COLUMN id SET CACHE 10000;
ALTER TABLE term_suggestion ALTER COLUMN id SET CACHE 10000;
