package io.leadbridge.feedback;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadbridge.config.GroupCommit;
import io.leadbridge.config.Hashes;
import io.leadbridge.config.UnreadableMessages;
import io.leadbridge.contracts.ContractSchema;
import io.leadbridge.lead.FieldProblem;
import io.leadbridge.lead.LeadReader;
import io.leadbridge.lead.PersonalData;
import io.leadbridge.ledger.LeadLedger;
import io.leadbridge.ledger.LeadRecord;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import org.apache.camel.Body;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * The one intake of department feedback, by HTTP or from css.feedback: checked against the
 * schema, then against the case (whose department, which dispatch, which state), applied in one
 * transaction. Every feedback is kept in table feedback; a refused one with its reasons.
 *
 * <p>Feedback that arrives together (the queue's consumers, HTTP calls) is applied in one transaction by the shared
 * {@link GroupCommit}, up to {@code bridge.feedback.group-commit} at a time; each caller waits for that commit, so a
 * queue message still leaves its queue only once its feedback is applied, and an HTTP call is answered from what is
 * recorded. Within a lot a case's feedbacks are applied in the order of their {@code at}. A feedback refused inside
 * a lot changed nothing (the checks come before any write) and leaves the others applied. On H2 every commit writes
 * every B-tree page it changed: one commit per feedback was most of what H2 wrote through a lead's lifecycle
 * (docs/performance.md, "Feedback in lots").
 */
@Component
public class FeedbackIntake {

    private static final Logger LOG = LoggerFactory.getLogger(FeedbackIntake.class);

    private final LeadReader reader;
    private final ContractSchema schema = ContractSchema.load(ContractSchema.FEEDBACK);
    private final LeadLedger ledger;
    private final CaseTransitions transitions;
    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final MeterRegistry meters;
    /** Null when bridge.feedback.group-commit is 1: each feedback in a transaction of its own. */
    private final GroupCommit<Applying, FeedbackResult> group;

    /** A checked feedback on its way to the ledger. */
    private record Applying(JsonNode feedback, String channel, String text) {
    }

    public FeedbackIntake(LeadReader reader, LeadLedger ledger, CaseTransitions transitions, JdbcClient jdbc,
                          PlatformTransactionManager transactions, Clock clock, MeterRegistry meters,
                          @Value("${bridge.feedback.group-commit:50}") int groupSize,
                          @Value("${bridge.feedback.group-linger:50ms}") Duration linger) {
        this.reader = reader;
        this.ledger = ledger;
        this.transitions = transitions;
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
        this.meters = meters;
        this.group = groupSize > 1 ? new GroupCommit<>("feedback-group-commit", groupSize, linger,
                Integer.MAX_VALUE, GroupCommit.OutOfReach.FAIL_ALL, new Lots()) : null;
    }

    @PreDestroy
    void stop() throws InterruptedException {
        if (group != null) {
            group.stop();
        }
    }

    /**
     * @param client   the department whose key sent it (HTTP), or null (the queue)
     * @param pathCase the case_no of the URL (HTTP), or null
     */
    public FeedbackResult accept(@Body byte[] body, @Header("feedbackChannel") String channel,
                                 @Header("feedbackClient") String client, @Header("feedbackCaseNo") String pathCase,
                                 @Header(UnreadableMessages.PROPERTY) String unreadable) {
        FeedbackResult result = unreadable != null
                ? FeedbackResult.refused(400, "Unreadable message", pathCase, "message", "unreadable message: " + unreadable)
                : check(body, client, pathCase);
        JsonNode feedback = result == null ? reader.read(body).lead() : null;
        if (result == null) {
            Applying applying = new Applying(feedback, channel, new String(body, StandardCharsets.UTF_8));
            result = group != null ? joined(applying) : alone(applying);
        }
        if (result.isRefused()) {
            keepRefused(body, channel, feedback, result);
        }
        meters.counter("bridge.feedback", "channel", String.valueOf(channel), "outcome", result.outcome()).increment();
        return result;
    }

    /** Hands the feedback to the group commit and waits for its lot's commit; the lot's failure is the caller's. */
    private FeedbackResult joined(Applying applying) {
        try {
            return group.submit(applying).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while its feedback was being applied", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** One feedback in a transaction of its own. */
    private FeedbackResult alone(Applying applying) {
        return transaction.execute(tx -> refusedOrApplied(applying));
    }

    private FeedbackResult refusedOrApplied(Applying applying) {
        try {
            return apply(applying.feedback(), applying.channel(), applying.text());
        } catch (FeedbackRefusal refusal) {
            return refusal.result;
        }
    }

    /** Checked feedbacks as one lot of the group commit (tests: which feedbacks share a lot is otherwise up to timing). */
    List<FeedbackResult> applyTogether(List<JsonNode> feedbacks, String channel) {
        return new Lots().together(feedbacks.stream().map(f -> new Applying(f, channel, f.toString())).toList());
    }

    /**
     * A lot of feedbacks in one transaction, in the order of their leads' ids (the delivery recorder's lots lock leads in
     * that order too, so the two cannot deadlock over two leads) and a case's in the order of their {@code at}; the
     * results in the lot's order.
     */
    private final class Lots implements GroupCommit.Work<Applying, FeedbackResult> {

        @Override
        public List<FeedbackResult> together(List<Applying> lot) {
            Map<String, Long> ids = new HashMap<>();
            jdbc.sql("SELECT case_no, id FROM lead WHERE case_no IN (:cases)")
                    .param("cases", lot.stream().map(FeedbackIntake::caseNo).distinct().toList())
                    .query(rs -> {
                        ids.put(rs.getString(1), rs.getLong(2));
                    });
            List<Applying> ordered = lot.stream().sorted(Comparator
                    .comparingLong((Applying a) -> ids.getOrDefault(caseNo(a), Long.MAX_VALUE))
                    .thenComparing(IN_A_CASE)).toList();
            Map<Applying, FeedbackResult> results = new IdentityHashMap<>();
            transaction.executeWithoutResult(tx -> ordered.forEach(a -> results.put(a, refusedOrApplied(a))));
            return lot.stream().map(results::get).toList();
        }

        @Override
        public FeedbackResult alone(Applying applying) {
            return FeedbackIntake.this.alone(applying);
        }

        /** A failed lot's feedbacks, each alone, still in a case's order. */
        @Override
        public Comparator<Applying> aloneOrder() {
            return IN_A_CASE;
        }
    }

    /** By case, and a case's feedbacks by their {@code at} (a fixed-width local time: as text it sorts as time). */
    private static final Comparator<Applying> IN_A_CASE = Comparator.comparing(FeedbackIntake::caseNo)
            .thenComparing(a -> a.feedback().path("at").asText());

    private static String caseNo(Applying applying) {
        return applying.feedback().path("case_no").asText();
    }

    private FeedbackResult check(byte[] body, String client, String pathCase) {
        LeadReader.Read read = reader.read(body);
        if (read.rejection() != null) {
            return FeedbackResult.refused(read.rejection().status(), read.rejection().title(), pathCase, read.rejection().problems());
        }
        JsonNode feedback = read.lead();
        List<FieldProblem> problems = new ArrayList<>(schema.validate(feedback));
        String type = feedback.path("type").asText();
        if ("CLOSED".equals(type) && !feedback.hasNonNull("outcome")) {
            problems.add(new FieldProblem("outcome", "is required when type is CLOSED"));
        }
        if ("OBJECTION".equals(type) && !feedback.path("objection").isObject()) {
            problems.add(new FieldProblem("objection", "is required when type is OBJECTION"));
        }
        String caseNo = feedback.path("case_no").asText(null);
        if (pathCase != null && caseNo != null && !pathCase.equals(caseNo)) {
            problems.add(new FieldProblem("case_no", "is " + caseNo + " but the URL names case " + pathCase));
        }
        if (!problems.isEmpty()) {
            return FeedbackResult.refused(400, "Invalid feedback", caseNo, problems);
        }
        String dept = feedback.path("dept_code").asText();
        if (client != null && !client.equals(dept)) {
            return FeedbackResult.refused(403, "Forbidden", caseNo, "dept_code",
                    "the key of " + client + " cannot send feedback for " + dept);
        }
        return null;
    }

    private FeedbackResult apply(JsonNode feedback, String channel, String text) {
        String caseNo = feedback.get("case_no").asText();
        String dept = feedback.get("dept_code").asText();
        LeadRecord lead = ledger.lockByCaseNo(caseNo).orElseThrow(() -> refuse(404, "Not found", caseNo, "case_no",
                "no case " + caseNo));
        if (!dept.equals(lead.deptCode())) {
            throw refuse(403, "Forbidden", caseNo, "dept_code", "case " + caseNo + " is not with " + dept);
        }
        int seq = feedback.has("dispatch_seq") ? feedback.get("dispatch_seq").asInt() : lead.dispatchSeq();
        if (lead.dispatchSeq() == null || seq != lead.dispatchSeq()) {
            throw refuse(409, "Superseded dispatch", caseNo, "dispatch_seq", "dispatch " + seq + " of case " + caseNo
                    + " is superseded: the current dispatch is " + lead.dispatchSeq() + " (to " + lead.deptCode() + ")");
        }
        String key = appliedKey(feedback, seq);
        boolean replay = jdbc.sql("SELECT COUNT(*) FROM feedback WHERE applied_key = ?").param(key).query(Long.class).single() > 0;
        if (replay) {
            return FeedbackResult.duplicate(caseNo, lead.state().name());
        }
        String refusal = transitions.refusal(lead, feedback.get("type").asText());
        if (refusal != null) {
            throw refuse(409, "Not allowed now", caseNo, "type", refusal);
        }
        String state = transitions.apply(lead, feedback).name();
        jdbc.sql("INSERT INTO feedback (case_no, dept_code, type, channel, status, applied_key, payload, received_at)"
                        + " VALUES (?, ?, ?, ?, 'APPLIED', ?, ?, ?)")
                .params(caseNo, dept, feedback.get("type").asText(), channel, key, text, OffsetDateTime.now(clock)).update();
        LOG.info("case {} dispatch {}: {} from {} ({}) → {}", caseNo, seq, feedback.get("type").asText(), dept, channel, state);
        return FeedbackResult.applied(caseNo, state);
    }

    private void keepRefused(byte[] body, String channel, JsonNode feedback, FeedbackResult result) {
        String errors = result.problems().stream().map(p -> p.field() + ": " + p.problem()).reduce((a, b) -> a + "; " + b)
                .orElse(result.title());
        jdbc.sql("INSERT INTO feedback (case_no, dept_code, type, channel, status, errors, payload, received_at)"
                        + " VALUES (?, ?, ?, ?, 'REFUSED', ?, ?, ?)")
                .params(truncate(result.caseNo(), 64), feedback == null ? null : truncate(feedback.path("dept_code").asText(null), 64),
                        feedback == null ? null : truncate(feedback.path("type").asText(null), 16), channel,
                        result.status() + " " + result.title() + ": " + errors,
                        new String(body, StandardCharsets.UTF_8).replace('\u0000', '\uFFFD'), OffsetDateTime.now(clock))
                .update();
        LOG.warn("feedback by {} for case {} refused ({} {}): {}", channel, PersonalData.scrub(result.caseNo()), result.status(),
                result.title(), PersonalData.scrub(errors));
    }

    private static String appliedKey(JsonNode feedback, int seq) {
        String identity = feedback.get("case_no").asText() + "|" + seq + "|" + feedback.get("type").asText() + "|"
                + feedback.get("at").asText() + "|" + feedback.path("outcome").asText("") + "|"
                + feedback.path("objection").path("reason_code").asText("");
        return Hashes.sha256(identity.getBytes(StandardCharsets.UTF_8));
    }

    private static FeedbackRefusal refuse(int status, String title, String caseNo, String field, String problem) {
        return new FeedbackRefusal(FeedbackResult.refused(status, title, caseNo, field, problem));
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
