-- The search index in one B-tree (storage issue): search_gram was keyed (gram, lead_id), which H2 keeps as two
-- B-trees (the rows by a hidden row id, and the key), so every gram written went into both. search_key holds the
-- same postings in one BIGINT (search.SearchKey: the gram's code above the lead's id). The leads on record are
-- indexed again from their text by the indexer's first passes after the upgrade (as V23 did).
CREATE TABLE search_key (
    k BIGINT PRIMARY KEY
);
DROP TABLE search_gram;
DELETE FROM search_pending;
INSERT INTO search_pending (lead_id, fresh) SELECT id, TRUE FROM lead WHERE event_key IS NOT NULL ORDER BY id;
