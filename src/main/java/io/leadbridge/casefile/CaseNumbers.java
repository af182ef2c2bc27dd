package io.leadbridge.casefile;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

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
 *
 * <p>Each reservation is a commit of its own, and on H2 a commit stores every page changed since the last one: at a
 * fixed 20 a batch file's chunk of 200 leads over 35 towns made about ten commits instead of one, and a lot of 16
 * pushes one more in two (H2 wrote twice as many times for a 3,000-line file; pushes ran a quarter slower). So a
 * town's block grows with its rate: a block used up within
 * {@code bridge.case-numbers.grow-within} (a minute) of its reservation makes the next one twice as large, up to
 * {@code bridge.case-numbers.block-max} (1,000); one that lasted longer makes the next one half as large, down to
 * {@code block}. At a city's daily rates a block stays at 20; under a backlog a restart skips at most a large block's
 * rest a town (of 99,999 a day).
 */
@Component
public class CaseNumbers {

    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;
    private static final int MOST = 99_999;

    private final JdbcClient jdbc;
    private final TransactionTemplate ownTransaction;
    private final int block;
    private final int blockMax;
    private final long growWithinNanos;
    private final LongSupplier nanoTime;
    /** This instance's block per town: the day it is for, the next number to give, the last one reserved. */
    private final Map<String, Block> blocks = new HashMap<>();

    @Autowired
    public CaseNumbers(JdbcClient jdbc, PlatformTransactionManager transactions,
                       @Value("${bridge.case-numbers.block:20}") int block,
                       @Value("${bridge.case-numbers.block-max:1000}") int blockMax,
                       @Value("${bridge.case-numbers.grow-within:60s}") Duration growWithin) {
        this(jdbc, transactions, block, blockMax, growWithin, System::nanoTime);
    }

    /** With the time a block lasted measured by {@code nanoTime} (tests). */
    CaseNumbers(JdbcClient jdbc, PlatformTransactionManager transactions, int block, int blockMax, Duration growWithin,
                LongSupplier nanoTime) {
        if (block < 1) {
            throw new IllegalArgumentException("bridge.case-numbers.block: must be at least 1, was " + block);
        }
        if (blockMax < block) {
            throw new IllegalArgumentException("bridge.case-numbers.block-max: must be at least block (" + block
                    + "), was " + blockMax);
        }
        this.jdbc = jdbc;
        this.block = block;
        this.blockMax = blockMax;
        this.growWithinNanos = growWithin.toNanos();
        this.nanoTime = nanoTime;
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
            current = reserve(townCode, day, nextSize(current));
            blocks.put(townCode, current);
        }
        return current.next++;
    }

    /** Twice the last block if it was used up within grow-within of its reservation, else half; within block..block-max. */
    private int nextSize(Block last) {
        if (last == null) {
            return block;
        }
        boolean fast = last.next > last.last && nanoTime.getAsLong() - last.reservedAt < growWithinNanos;
        return fast ? Math.min(blockMax, last.size * 2) : Math.max(block, last.size / 2);
    }

    /** Reserves the next block in a transaction of its own (committed at once, so no caller holds the row). */
    private Block reserve(String townCode, String day, int size) {
        int last;
        try {
            last = ownTransaction.execute(s -> reserveIn(townCode, day, size));
        } catch (DuplicateKeyException raced) {
            // another instance wrote the day's first block meanwhile: the row is there now
            last = ownTransaction.execute(s -> reserveIn(townCode, day, size));
        }
        int first = last - size + 1;
        if (first > MOST) {
            throw new IllegalStateException("case numbers for town " + townCode + " on " + day + " are used up");
        }
        return new Block(day, first, Math.min(last, MOST), size, nanoTime.getAsLong());
    }

    private int reserveIn(String townCode, String day, int size) {
        if (jdbc.sql("UPDATE case_sequence SET last_seq = last_seq + ? WHERE town_code = ? AND case_day = ?")
                .params(size, townCode, day).update() == 0) {
            jdbc.sql("INSERT INTO case_sequence (town_code, case_day, last_seq) VALUES (?, ?, ?)").params(townCode, day, size).update();
        }
        return jdbc.sql("SELECT last_seq FROM case_sequence WHERE town_code = ? AND case_day = ?")
                .params(townCode, day).query(Integer.class).single();
    }

    private static final class Block {
        final String day;
        int next;
        final int last;
        /** how many were reserved, and when (System.nanoTime): the next block's size follows how fast this one went */
        final int size;
        final long reservedAt;

        Block(String day, int next, int last, int size, long reservedAt) {
            this.day = day;
            this.next = next;
            this.last = last;
            this.size = size;
            this.reservedAt = reservedAt;
        }
    }
}
