-- case_no is UNIQUE (V1), which indexes it already; V3's second index on it only cost writes
-- (on H2 every update of a lead row rewrites each of the table's indexes).
DROP INDEX lead_case_no_idx;
