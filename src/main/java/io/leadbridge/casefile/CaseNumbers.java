package io.leadbridge.casefile;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;

/**
 * case_no = QW + town code + dispatch date + a five-digit sequence per town and day, drawn
 * from the database in the caller's transaction, so numbers are unique across instances.
 */
@Component
public class CaseNumbers {

    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

    private final JdbcClient jdbc;
    private final TransactionTemplate savepoint;

    public CaseNumbers(JdbcClient jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.savepoint = new TransactionTemplate(transactions);
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
    }

    public String next(String townCode, LocalDate day) {
        String dayText = day.format(DAY);
        int seq = increment(townCode, dayText);
        if (seq > 99_999) {
            throw new IllegalStateException("case numbers for town " + townCode + " on " + dayText + " are used up");
        }
        return "QW" + townCode + dayText + String.format("%05d", seq);
    }

    private int increment(String townCode, String day) {
        if (bump(townCode, day)) {
            return current(townCode, day);
        }
        try {
            // The first case of the day for this town; a savepoint so a lost race does not spoil the transaction.
            savepoint.executeWithoutResult(s -> jdbc.sql("INSERT INTO case_sequence (town_code, case_day, last_seq) VALUES (?, ?, 1)")
                    .params(townCode, day).update());
            return 1;
        } catch (DuplicateKeyException raced) {
            bump(townCode, day);
            return current(townCode, day);
        }
    }

    private boolean bump(String townCode, String day) {
        return jdbc.sql("UPDATE case_sequence SET last_seq = last_seq + 1 WHERE town_code = ? AND case_day = ?")
                .params(townCode, day).update() == 1;
    }

    private int current(String townCode, String day) {
        return jdbc.sql("SELECT last_seq FROM case_sequence WHERE town_code = ? AND case_day = ?")
                .params(townCode, day).query(Integer.class).single();
    }
}
