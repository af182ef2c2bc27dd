-- A suggested term is accepted into the catalogue's draft or rejected by the city office (issue 18 point 4).
ALTER TABLE term_suggestion ADD COLUMN decision VARCHAR(16);
ALTER TABLE term_suggestion ADD COLUMN decided_by VARCHAR(64);
ALTER TABLE term_suggestion ADD COLUMN decided_at TIMESTAMP WITH TIME ZONE;
