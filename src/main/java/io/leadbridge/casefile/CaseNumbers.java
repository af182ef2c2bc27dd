package io.leadbridge.casefile;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;

/**
 * case_no = QW + town code + dispatch date + a five-digit sequence per town and day, unique across instances.
 *
 * <p>An instance reserves the numbers of a town and day a block at a time ({@code bridge.case-numbers.block}, 20) in a
 * short transaction of its own, and hands them out from memory. Drawn in the caller's transaction, as before stop 36,
 * the town's and day's row stayed locked until that transaction ended: a batch file's chunk of 200 leads held it for
 * the whole chunk, and every push for the same town waited behind it (steady pushes beside a batch file: answers p99
 * 4.0 s, max 6.5 s; docs/performance.md). The price: numbers are unique and rise within an instance, but not
 * gapless: a block's unused numbers are skipped at a restart, and a number taken by a transaction that rolled back
 * is not given again; between instances numbers interleave by block.
 */
@Component
public class CaseNumbers {

    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;
    private static final int MOST = 99_999;

    private final JdbcClient jdbc;
    private final TransactionTemplate ownTransaction;
    private final int block;
    /** This instance's block per town: the day it is for, the next number to give, the last one reserved. */
    private final Map<String, Block> blocks = new HashMap<>();

    public CaseNumbers(JdbcClient jdbc, PlatformTransactionManager transactions,
                       @Value("${bridge.case-numbers.block:20}") int block) {
        if (block < 1) {
            throw new IllegalArgumentException("bridge.case-numbers.block: must be at least 1, was " + block);
        }
        this.jdbc = jdbc;
        this.block = block;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    public String next(String townCode, LocalDate day) {
        String dayText = day.format(DAY);
        return "QW" + townCode + dayText + String.format("%05d", take(townCode, dayText));
    }

    /** The next number of this instance's block for the town and day; a new block when it is used up or of another day. */
    private synchronized int take(String townCode, String day) {
        Block current = blocks.get(townCode);
        if (current == null || !current.day.equals(day) || current.next > current.last) {
            current = reserve(townCode, day);
            blocks.put(townCode, current);
        }
        return current.next++;
    }

    /** Reserves the next block in a transaction of its own (committed at once, so no caller holds the row). */
    private Block reserve(String townCode, String day) {
        int last;
        try {
            last = ownTransaction.execute(s -> reserveIn(townCode, day));
        } catch (DuplicateKeyException raced) {
            // another instance wrote the day's first block meanwhile: the row is there now
            last = ownTransaction.execute(s -> reserveIn(townCode, day));
        }
        int first = last - block + 1;
        if (first > MOST) {
            throw new IllegalStateException("case numbers for town " + townCode + " on " + day + " are used up");
        }
        return new Block(day, first, Math.min(last, MOST));
    }

    private int reserveIn(String townCode, String day) {
        if (jdbc.sql("UPDATE case_sequence SET last_seq = last_seq + ? WHERE town_code = ? AND case_day = ?")
                .params(block, townCode, day).update() == 0) {
            jdbc.sql("INSERT INTO case_sequence (town_code, case_day, last_seq) VALUES (?, ?, ?)").params(townCode, day, block).update();
        }
        return jdbc.sql("SELECT last_seq FROM case_sequence WHERE town_code = ? AND case_day = ?")
                .params(townCode, day).query(Integer.class).single();
    }

    private static final class Block {
        final String day;
        int next;
        final int last;

        Block(String day, int next, int last) {
            this.day = day;
            this.next = next;
            this.last = last;
        }
    }
}
