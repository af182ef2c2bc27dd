-- How far each batch file being read has come: advanced in the same transaction as the lead of
-- each line, so after a crash the file resumes after the last line taken in, and no line is taken twice.
-- file_key is the file's name, size and modification time; the row goes when the file is finished.
CREATE TABLE batch_progress (
    file_key   VARCHAR(400) PRIMARY KEY,
    file_name  VARCHAR(255)             NOT NULL,
    lines_done BIGINT                   NOT NULL,
    lead_lines BIGINT                   NOT NULL,
    bad_lines  BIGINT                   NOT NULL,
    started_at TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL
);
