-- Lists that read only what they show (issue 19): what a lead needs a person for (the console's work
-- queue and /api/v1/review) and whether it is overdue now are columns the database keeps up to date
-- (generated from the lead's state and flags), each indexed with the order lists are shown in.
-- PostgreSQL: generated columns are STORED; H2's migration of the same version has the same expressions.
ALTER TABLE lead ADD COLUMN review_cause VARCHAR(40) GENERATED ALWAYS AS (
        CASE WHEN state = 'INVALID' THEN CASE WHEN reason = 'CONFLICT' THEN 'CONFLICT' ELSE 'INVALID' END WHEN state = 'DELIVERY_FAILED' THEN 'DELIVERY_FAILED'
        WHEN state = 'DISPUTED' AND review_flag = 'BOUNCED' THEN 'BOUNCED' WHEN state = 'DISPUTED' THEN COALESCE(reason, 'DISPUTED')
        WHEN review_flag = 'NEW_VERSION_AFTER_DISPATCH' AND state NOT IN ('CLOSED', 'DISMISSED') THEN review_flag END) STORED;
-- 1 when the lead needs a person (review_cause is not null), else null: the review list's index key
ALTER TABLE lead ADD COLUMN needs_person INT GENERATED ALWAYS AS (
        CASE WHEN state IN ('INVALID', 'DELIVERY_FAILED', 'DISPUTED')
          OR (review_flag = 'NEW_VERSION_AFTER_DISPATCH' AND state NOT IN ('CLOSED', 'DISMISSED')) THEN 1 END) STORED;
ALTER TABLE lead ADD COLUMN overdue_now INT GENERATED ALWAYS AS (
        CASE WHEN (overdue_accept_at IS NOT NULL AND state IN ('ROUTED', 'DISPATCHED'))
        OR (overdue_close_at IS NOT NULL AND state IN ('ROUTED', 'DISPATCHED', 'ACCEPTED', 'IN_PROGRESS')) THEN 1 END) STORED;
