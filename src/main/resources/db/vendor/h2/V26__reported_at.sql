-- When the inspector reported the lead (its reportedAt), beside when the bridge received it: the console's
-- date filters take either (issue 18). Written by intake from the bound lead; the leads already held get it
-- from their payload here (H2 has no JSON functions: the field read with a regular expression; a valid
-- lead's reportedAt is an RFC 3339 date-time, the schema says so). Invalid inputs have none.
ALTER TABLE lead ADD COLUMN reported_at TIMESTAMP WITH TIME ZONE;
UPDATE lead SET reported_at = CAST(REGEXP_SUBSTR(payload,
        '"reportedAt"\s*:\s*"([0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+(Z|[+-][0-9]{2}:[0-9]{2}))"', 1, 1, NULL, 1)
    AS TIMESTAMP WITH TIME ZONE)
WHERE event_key IS NOT NULL;
