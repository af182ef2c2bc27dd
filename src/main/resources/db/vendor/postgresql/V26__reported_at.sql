-- When the inspector reported the lead (its reportedAt), beside when the bridge received it: the console's
-- date filters take either (issue 18). Written by intake from the bound lead; the leads already held get it
-- from their payload here. Invalid inputs (no event_key) have none, and their payload may not be JSON: the
-- cast is in SET, which is evaluated only for the rows WHERE chose (WHERE's conditions have no set order).
ALTER TABLE lead ADD COLUMN reported_at TIMESTAMP WITH TIME ZONE;
UPDATE lead SET reported_at = (payload::jsonb ->> 'reportedAt')::timestamptz
WHERE event_key IS NOT NULL;
