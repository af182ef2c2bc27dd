-- Same business, same place (issue 17): the place a lead is about, folded (town code + address without
-- the town's name, width, script, spacing and floor words), to find earlier reports by an index.
ALTER TABLE lead ADD COLUMN place_key VARCHAR(300);
CREATE INDEX lead_place_idx ON lead (place_key, id);

-- A lead linked to an earlier report of the same business: DUPLICATE (merged into that case while it was
-- open: the lead is MERGED, case_no names the case) or REPEAT (reported again after the case was closed:
-- a case of its own, whose repeat_of are the earlier case numbers, one row each). The score and why say
-- which fields agreed; linked_by is the check ("triage") or a person.
CREATE TABLE lead_link (
    lead_id   BIGINT       NOT NULL REFERENCES lead (id),
    linked_id BIGINT       NOT NULL REFERENCES lead (id),
    relation  VARCHAR(16)  NOT NULL,
    case_no   VARCHAR(32),
    score     DECIMAL(5, 2) NOT NULL,
    why       VARCHAR(500) NOT NULL,
    linked_at TIMESTAMP WITH TIME ZONE NOT NULL,
    linked_by VARCHAR(64)  NOT NULL,
    PRIMARY KEY (lead_id, linked_id)
);
CREATE INDEX lead_link_linked_idx ON lead_link (linked_id);
CREATE INDEX lead_link_case_idx ON lead_link (case_no, relation);
