-- The SLA check reads only the cases whose next deadline has passed (issue 19): sla_due is the earliest
-- deadline of an open case that is not flagged yet (accept while not accepted, close while open), null
-- otherwise; the database keeps it as the lead moves. The check reads the index from ClockConfig.BEGINNING
-- to now, not every open case (150,000 of a million-lead ledger) each minute.
-- H2 computes a generated column at each write; PostgreSQL stores it (STORED), same expression.
ALTER TABLE lead ADD COLUMN sla_due TIMESTAMP WITH TIME ZONE GENERATED ALWAYS AS (
        CASE WHEN state IN ('ROUTED', 'DISPATCHED') AND overdue_accept_at IS NULL AND overdue_close_at IS NULL
               THEN CASE WHEN deadline_finish < deadline_accept THEN deadline_finish ELSE COALESCE(deadline_accept, deadline_finish) END
             WHEN state IN ('ROUTED', 'DISPATCHED') AND overdue_accept_at IS NULL THEN deadline_accept
             WHEN state IN ('ROUTED', 'DISPATCHED', 'ACCEPTED', 'IN_PROGRESS') AND overdue_close_at IS NULL THEN deadline_finish END);
CREATE INDEX lead_sla_due_idx ON lead (sla_due);
