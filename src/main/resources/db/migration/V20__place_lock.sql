-- One row per place (lead.place_key) ever reported: the same-business check locks it (SELECT ... FOR UPDATE)
-- before it looks for earlier reports, so two instances taking reports of one place at once take turns,
-- the second seeing the first once it is committed.
CREATE TABLE place_lock (
    place_key VARCHAR(300) PRIMARY KEY
);
