package io.leadbridge.intake;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * How far each batch file has been read (table batch_progress). The intake advances it in the
 * transaction of each line's lead, so the two never disagree, whatever moment the bridge dies.
 */
@Repository
public class BatchProgress {

    /** Where a file stands: the last line taken in, and the counts so far. */
    public record Position(long linesDone, long leadLines, long badLines) {
    }

    private final JdbcClient jdbc;
    private final Clock clock;

    public BatchProgress(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** The position of a file met before (a crash mid-file), or empty for a new one, which is then registered. */
    public Optional<Position> resumeOrStart(String fileKey, String fileName) {
        Optional<Position> known = position(fileKey);
        if (known.isEmpty()) {
            OffsetDateTime now = OffsetDateTime.now(clock);
            jdbc.sql("INSERT INTO batch_progress (file_key, file_name, lines_done, lead_lines, bad_lines, started_at, updated_at)"
                    + " VALUES (?, ?, 0, 0, 0, ?, ?)").params(fileKey, fileName, now, now).update();
        }
        return known;
    }

    /** In the lead's transaction: line {@code lineNo} of the file is taken in. */
    public void advance(String fileKey, long lineNo, boolean bad) {
        jdbc.sql("UPDATE batch_progress SET lines_done = ?, lead_lines = lead_lines + 1, bad_lines = bad_lines + ?,"
                        + " updated_at = ? WHERE file_key = ? AND lines_done < ?")
                .params(lineNo, bad ? 1 : 0, OffsetDateTime.now(clock), fileKey, lineNo).update();
    }

    /** In the transaction of a chunk of lines: all of them up to {@code lastLineNo} are taken in. */
    public void advanceChunk(String fileKey, long lastLineNo, long leadLines, long badLines) {
        jdbc.sql("UPDATE batch_progress SET lines_done = ?, lead_lines = lead_lines + ?, bad_lines = bad_lines + ?,"
                        + " updated_at = ? WHERE file_key = ? AND lines_done < ?")
                .params(lastLineNo, leadLines, badLines, OffsetDateTime.now(clock), fileKey, lastLineNo).update();
    }

    public Optional<Position> position(String fileKey) {
        return jdbc.sql("SELECT lines_done, lead_lines, bad_lines FROM batch_progress WHERE file_key = ?")
                .param(fileKey).query((rs, n) -> new Position(rs.getLong(1), rs.getLong(2), rs.getLong(3))).optional();
    }

    public void finished(String fileKey) {
        jdbc.sql("DELETE FROM batch_progress WHERE file_key = ?").param(fileKey).update();
    }
}
