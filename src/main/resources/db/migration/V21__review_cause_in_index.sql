-- The review list across the city (issue 19): the leads that need a person are read from the review index
-- alone, without their rows, and sorted by age; a cause filters them there too when the index carries it.
-- With review_cause outside the index a city-wide list of one cause read every needing row (688 ms p95 at
-- 1,000,000 leads, 36,321 needing a person). A trailing column keeps the town lists' order.
DROP INDEX lead_review_idx;
CREATE INDEX lead_review_idx ON lead (needs_person, town_code, received_at, id, review_cause);
