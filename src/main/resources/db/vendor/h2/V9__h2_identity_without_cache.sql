-- H2 only: identity values without a cache. With a cache, H2 keeps the next values of its identity
-- sequences in memory and writes them lazily; after a kill -9 it handed out ids again that
-- committed rows already had (status_outbox, found by CrashTest). Without a cache each value is
-- written as it is taken. (PostgreSQL logs its sequences ahead: a crash leaves a gap, never a repeat.)
ALTER TABLE lead ALTER COLUMN id SET NO CACHE;
ALTER TABLE lead_history ALTER COLUMN id SET NO CACHE;
ALTER TABLE delivery_attempt ALTER COLUMN id SET NO CACHE;
ALTER TABLE catalogue_activation ALTER COLUMN id SET NO CACHE;
ALTER TABLE feedback ALTER COLUMN id SET NO CACHE;
ALTER TABLE status_outbox ALTER COLUMN id SET NO CACHE;
ALTER TABLE lead_note ALTER COLUMN id SET NO CACHE;
ALTER TABLE audit_log ALTER COLUMN id SET NO CACHE;
ALTER TABLE term_suggestion ALTER COLUMN id SET NO CACHE;
