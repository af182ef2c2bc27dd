package io.leadbridge.casefile;

import io.leadbridge.support.BridgeTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Case numbers on the real database, two instances' worth of {@link CaseNumbers} side by side: unique, rising within
 * an instance, reserved a block at a time; and a lead's transaction that drew a number and is still open does not hold
 * the town's counter (a batch file's chunk made pushes for its towns wait seconds while it did).
 */
@BridgeTest
class CaseNumbersTest {

    static final String TOWN = "441900121";

    @Autowired
    JdbcClient jdbc;
    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void twoInstancesGetUniqueNumbersABlockAtATime() {
        LocalDate day = LocalDate.of(2031, 3, 1);
        CaseNumbers a = fixed(5);
        CaseNumbers b = fixed(5);
        List<String> numbers = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            numbers.add(a.next(TOWN, day));
            numbers.add(b.next(TOWN, day));
        }
        assertThat(new HashSet<>(numbers)).hasSize(14);
        assertThat(numbers).allMatch(n -> n.matches("QW" + TOWN + "20310301\\d{5}"));
        // a's first block is 1-5, b's 6-10, a's second 11-15, b's second 16-20
        assertThat(numbers.subList(0, 4)).containsExactly(number(day, 1), number(day, 6), number(day, 2), number(day, 7));
        assertThat(numbers.get(10)).isEqualTo(number(day, 11));
        assertThat(numbers.get(11)).isEqualTo(number(day, 16));
        assertThat(jdbc.sql("SELECT last_seq FROM case_sequence WHERE town_code = ? AND case_day = '20310301'").param(TOWN)
                .query(Integer.class).single()).isEqualTo(20);
        // another day starts again at 1
        assertThat(a.next(TOWN, day.plusDays(1))).isEqualTo(number(day.plusDays(1), 1));
    }

    @Test
    void anOpenTransactionThatDrewANumberDoesNotHoldTheTown() throws Exception {
        LocalDate day = LocalDate.of(2031, 4, 2);
        CaseNumbers chunk = fixed(1);
        CaseNumbers push = fixed(1);
        CountDownLatch drawn = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        // a batch file's chunk: draws a number in its transaction and stays open
        CompletableFuture<String> chunkNumber = CompletableFuture.supplyAsync(() -> new TransactionTemplate(transactions).execute(s -> {
            String n = chunk.next(TOWN, day);
            drawn.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return n;
        }));
        try {
            assertThat(drawn.await(10, TimeUnit.SECONDS)).isTrue();
            // a push meanwhile, in a transaction of its own: not behind the chunk (H2 would wait for its lock otherwise)
            CompletableFuture<String> pushNumber = CompletableFuture.supplyAsync(() ->
                    new TransactionTemplate(transactions).execute(s -> push.next(TOWN, day)));
            assertThat(pushNumber.get(Duration.ofSeconds(5).toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(number(day, 2));
        } finally {
            release.countDown();
        }
        assertThat(chunkNumber.get(10, TimeUnit.SECONDS)).isEqualTo(number(day, 1));
    }

    @Test
    void aTownsBlockGrowsWhileItsNumbersGoFastAndShrinksWhenTheyGoSlowly() {
        LocalDate day = LocalDate.of(2031, 5, 3);
        AtomicLong now = new AtomicLong();
        CaseNumbers numbers = new CaseNumbers(jdbc, transactions, 2, 8, Duration.ofSeconds(10), now::get);
        // blocks of 2, 4, 8, 8 while each is used up within a second of its reservation
        for (int i = 0; i < 22; i++) {
            numbers.next(TOWN, day);
            now.addAndGet(Duration.ofMillis(40).toNanos());
        }
        assertThat(lastReserved(day)).isEqualTo(2 + 4 + 8 + 8);
        numbers.next(TOWN, day); // the 23rd: a block of 8 (the 4th) used up within 10 s
        assertThat(lastReserved(day)).isEqualTo(2 + 4 + 8 + 8 + 8);
        // the rest of that block (24-30) goes slowly: the next is half as large
        for (int i = 0; i < 7; i++) {
            now.addAndGet(Duration.ofSeconds(2).toNanos());
            numbers.next(TOWN, day);
        }
        assertThat(numbers.next(TOWN, day)).isEqualTo(number(day, 31));
        assertThat(lastReserved(day)).isEqualTo(30 + 4);
    }

    @Test
    void numbersReservedAheadOfALotAreDrawnWithoutAnotherReservation() {
        LocalDate day = LocalDate.of(2031, 6, 4);
        String other = "441900122";
        AtomicLong now = new AtomicLong();
        CaseNumbers numbers = new CaseNumbers(jdbc, transactions, 4, 64, Duration.ofSeconds(10), now::get);
        assertThat(numbers.next(TOWN, day)).isEqualTo(number(day, 1)); // a block of 4: 2-4 left
        // a lot of 10 leads of the town and 3 of another: 7 more (a block of 8, the last went fast) and a first block of 4
        numbers.reserveAhead(Map.of(TOWN, 10, other, 3), day);
        assertThat(lastReserved(TOWN, day)).isEqualTo(12);
        assertThat(lastReserved(other, day)).isEqualTo(4);
        List<String> drawn = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            drawn.add(numbers.next(TOWN, day));
        }
        // the first block's rest, then the new one's, and no reservation while the lot drew
        assertThat(drawn).containsExactlyElementsOf(IntStream.rangeClosed(2, 11).mapToObj(n -> number(day, n)).toList());
        assertThat(numbers.next(other, day)).isEqualTo("QW" + other + "2031060400001");
        assertThat(lastReserved(TOWN, day)).isEqualTo(12);
        // enough left: nothing reserved
        numbers.reserveAhead(Map.of(TOWN, 1, other, 3), day);
        assertThat(lastReserved(TOWN, day)).isEqualTo(12);
        assertThat(lastReserved(other, day)).isEqualTo(4);
        assertThat(numbers.next(TOWN, day)).isEqualTo(number(day, 12));
    }

    private int lastReserved(LocalDate day) {
        return lastReserved(TOWN, day);
    }

    private int lastReserved(String town, LocalDate day) {
        return jdbc.sql("SELECT last_seq FROM case_sequence WHERE town_code = ? AND case_day = ?")
                .params(town, day.format(DateTimeFormatter.BASIC_ISO_DATE)).query(Integer.class).single();
    }

    /** A block of a fixed size, as before it grew with the rate. */
    private CaseNumbers fixed(int block) {
        return new CaseNumbers(jdbc, transactions, block, block, Duration.ofSeconds(10), System::nanoTime);
    }

    private static String number(LocalDate day, int seq) {
        return "QW" + TOWN + day.format(DateTimeFormatter.BASIC_ISO_DATE) + String.format("%05d", seq);
    }
}
