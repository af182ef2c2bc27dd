-- A timeline line in the reader's language (issue 18, point 5): the console says detail_code as
-- detail.<code> of its messages with detail_args (a JSON array of io.leadbridge.ledger.Detail.Arg);
-- detail stays the English the API shows. Older lines have no code and are shown as their English.
ALTER TABLE lead_history ADD COLUMN detail_code VARCHAR(40);
ALTER TABLE lead_history ADD COLUMN detail_args TEXT;
