-- Every list's filter and order from one index (issue 19; plans in docs/performance.md, "Reads"):
-- state, town, needing a person (with town) and overdue, each with received_at and id, the order lists
-- are in, so that a page is read in order and the read stops after it (no sort of every match).
-- (state, town_code) becomes (state, town_code, received_at): a town's leads in a state, counted and in
-- order (a coordinator's view); (state, received_at) serves the city's state filters. The inspector index
-- goes: the figures by inspector come from the counters (V14).
DROP INDEX lead_state_town_idx;
DROP INDEX lead_inspector_idx;
CREATE INDEX lead_state_received_idx ON lead (state, received_at, id);
CREATE INDEX lead_state_town_idx ON lead (state, town_code, received_at, id);
CREATE INDEX lead_town_received_idx ON lead (town_code, received_at, id);
-- the leads that need a person, by town, in order; a cause filters within them (a few thousand at most)
CREATE INDEX lead_review_idx ON lead (needs_person, town_code, received_at, id);
CREATE INDEX lead_overdue_idx ON lead (overdue_now, received_at, id);

-- The tally reads a lead's dispatches by lead; the dispatch sweep and a department's held-back cases
-- read pending dispatches that are not on the queue, oldest first: in proportion to those, not to
-- every pending one (a department's outage queues thousands).
CREATE INDEX dispatch_lead_idx ON dispatch (lead_id, dispatch_seq);
DROP INDEX dispatch_status_idx;
CREATE INDEX dispatch_waiting_idx ON dispatch (status, queued_at, created_at);

-- A lead's unsent updates by (event_id, sent_at): with (event_id, id) alone H2 chose the due index for
-- "event_id = ? AND sent_at IS NULL" and read every unsent update of every lead (the load harness: each
-- status recorded read the whole backlog).
DROP INDEX status_outbox_event_idx;
CREATE INDEX status_outbox_event_idx ON status_outbox (event_id, sent_at, id);

-- Status updates: only the oldest unsent update of a lead is due (next_attempt_at); the ones behind
-- it wait with next_attempt_at at the end of time until it is taken (StatusOutbox), so that the due
-- query reads what is due, not the backlog of an outage.
UPDATE status_outbox SET next_attempt_at = TIMESTAMP WITH TIME ZONE '9999-12-31 00:00:00+00'
 WHERE sent_at IS NULL AND EXISTS (SELECT 1 FROM status_outbox e WHERE e.event_id = status_outbox.event_id
                                    AND e.sent_at IS NULL AND e.id < status_outbox.id);
