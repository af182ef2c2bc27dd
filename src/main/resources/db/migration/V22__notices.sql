-- Notices to a department about a case it holds (contracts README, "Notices to a department"): ADDENDUM when
-- another report of the same business is merged into the case, URGE when a coordinator urges it (督办).
-- Delivered like a case (the same route, circuits and sweep), by Idempotency-Key
-- <case_no>-<dispatch_seq>-<kind>-<notice_no>; kept beside the dispatch outbox, which stays one row per case.
CREATE TABLE notice (
    case_no      VARCHAR(32)   NOT NULL,
    dispatch_seq INT           NOT NULL,
    kind         VARCHAR(16)   NOT NULL,
    notice_no    INT           NOT NULL,
    lead_id      BIGINT        NOT NULL REFERENCES lead (id),
    dept_code    VARCHAR(32)   NOT NULL,
    status       VARCHAR(16)   NOT NULL,
    attempts     INT           NOT NULL DEFAULT 0,
    last_error   VARCHAR(2000),
    body         VARCHAR(8000) NOT NULL,
    -- an URGE's new deadline (null: none set; the case's own deadline stands)
    deadline     TIMESTAMP WITH TIME ZONE,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    queued_at    TIMESTAMP WITH TIME ZONE,
    finished_at  TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (case_no, dispatch_seq, kind, notice_no)
);
CREATE INDEX notice_waiting_idx ON notice (status, queued_at, created_at);
CREATE INDEX notice_lead_idx ON notice (lead_id);

-- an attempt at a notice names it (kind-n); null for the case itself
ALTER TABLE delivery_attempt ADD COLUMN notice VARCHAR(24);
