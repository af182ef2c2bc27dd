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
import java.util.TreeMap;
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
 * town's block grows with its rate: a block used up within {@code bridge.case-numbers.grow-within} (a minute) of
 * its reservation makes the next one twice as large, up to {@code bridge.case-numbers.block-max} (1,000); one that
 * lasted longer makes the next one half as large, down to {@code block}. At a city's daily rates a block stays at 20;
 * under a backlog a restart skips at most a large block's rest a town (of 99,999 a day).
 *
 * <p>The intake reserves a lot's or a chunk's numbers before its transaction opens ({@link #reserveAhead}): a
 * reservation inside it made H2 store the lot's pages written so far, and the lot's commit stored them again.
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
    /** This instance's blocks per town, the one numbers are drawn from first. */
    private final Map<String, Town> towns = new HashMap<>();

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

    /**
     * Makes sure this instance holds at least {@code counts} numbers of each town for {@code day}, reserving what is
     * missing in one transaction, before the caller opens its own: a lot of leads or a batch file's chunk then draws its
     * numbers from memory, and no reservation commits while its transaction is open (on H2 that commit would store the
     * lot's pages written so far, stored again at the lot's commit). Numbers reserved and not drawn stay for the next
     * leads. A town whose numbers another thread drew meanwhile reserves again when it runs out, as without this.
     */
    public synchronized void reserveAhead(Map<String, Integer> counts, LocalDate day) {
        String dayText = day.format(DAY);
        Map<String, Integer> sizes = new TreeMap<>(); // one order of the towns' rows in every instance: no deadlock
        counts.forEach((townCode, count) -> {
            Town town = towns.computeIfAbsent(townCode, c -> new Town());
            int missing = count - town.left(dayText);
            if (missing > 0) {
                sizes.put(townCode, Math.max(missing, nextSize(town.newest, dayText)));
            }
        });
        if (sizes.isEmpty()) {
            return;
        }
        Map<String, Integer> lasts = reserve(() -> {
            Map<String, Integer> reserved = new HashMap<>();
            sizes.forEach((townCode, size) -> reserved.put(townCode, reserveIn(townCode, dayText, size)));
            return reserved;
        });
        sizes.forEach((townCode, size) -> towns.get(townCode).add(block(townCode, dayText, size, lasts.get(townCode))));
    }

    /** The next number of this instance's blocks for the town and day; a new block when they are used up or of another day. */
    private synchronized int take(String townCode, String day) {
        Town town = towns.computeIfAbsent(townCode, c -> new Town());
        Block current = town.current(day);
        if (current == null) {
            int size = nextSize(town.newest, day);
            current = block(townCode, day, size, reserve(() -> reserveIn(townCode, day, size)));
            town.add(current);
        }
        return current.next++;
    }

    /**
     * The size of a town's next block when the last one is used up (or about to be): twice the last if that was reserved
     * within grow-within, else half (a new day's first block too: yesterday's last went slowly); within block..block-max.
     */
    private int nextSize(Block last, String day) {
        if (last == null) {
            return block;
        }
        boolean fast = last.day.equals(day) && nanoTime.getAsLong() - last.reservedAt < growWithinNanos;
        return fast ? Math.min(blockMax, last.size * 2) : Math.max(block, last.size / 2);
    }

    /** Runs a reservation in a transaction of its own (committed at once, so no caller holds the rows). */
    private <T> T reserve(java.util.function.Supplier<T> reservation) {
        try {
            return ownTransaction.execute(s -> reservation.get());
        } catch (DuplicateKeyException raced) {
            // another instance wrote the day's first block meanwhile: the row is there now
            return ownTransaction.execute(s -> reservation.get());
        }
    }

    /** The block of {@code size} numbers ending at {@code last}, reserved now. */
    private Block block(String townCode, String day, int size, int last) {
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

    /** A town's blocks not yet used up, in the order reserved, and the newest block (its size and time set the next's). */
    private static final class Town {
        final java.util.ArrayDeque<Block> blocks = new java.util.ArrayDeque<>();
        Block newest;

        void add(Block reserved) {
            blocks.addLast(reserved);
            newest = reserved;
        }

        /** The block to draw the day's next number from, dropping those used up or of an earlier day; null when none. */
        Block current(String day) {
            blocks.removeIf(b -> b.next > b.last || b.day.compareTo(day) < 0);
            return blocks.stream().filter(b -> b.day.equals(day)).findFirst().orElse(null);
        }

        /** The numbers left for the day. */
        int left(String day) {
            current(day);
            return blocks.stream().filter(b -> b.day.equals(day)).mapToInt(b -> b.last - b.next + 1).sum();
        }
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
