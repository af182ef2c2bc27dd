-- H2 only: the same large identity cache as V13 for the tally's change notes.
ALTER TABLE tally_change ALTER COLUMN id SET CACHE 10000;
