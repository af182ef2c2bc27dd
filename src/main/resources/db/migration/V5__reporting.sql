-- What the monthly figures need without reading every payload: the inspector who reported a
-- lead, and whether each dispatch was chosen by the router (AUTO) or by a person (MANUAL).
ALTER TABLE lead ADD COLUMN inspector_id VARCHAR(64);
ALTER TABLE dispatch ADD COLUMN mode VARCHAR(8);
CREATE INDEX lead_inspector_idx ON lead (inspector_id);
