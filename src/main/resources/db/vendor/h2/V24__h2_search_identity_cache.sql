-- H2 only: the same large identity cache as V13 for the search index's notes.
ALTER TABLE search_pending ALTER COLUMN id SET CACHE 10000;
