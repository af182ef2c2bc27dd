package io.leadbridge.feedback;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadbridge.config.Hashes;
import io.leadbridge.config.UnreadableMessages;
import io.leadbridge.contracts.ContractSchema;
import io.leadbridge.lead.FieldProblem;
import io.leadbridge.lead.LeadReader;
import io.leadbridge.lead.PersonalData;
import io.leadbridge.ledger.LeadLedger;
import io.leadbridge.ledger.LeadRecord;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Body;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The one intake of department feedback, by HTTP or from css.feedback: checked against the
 * schema, then against the case (whose department, which dispatch, which state), applied in one
 * transaction. Every feedback is kept in table feedback; a refused one with its reasons.
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

    public FeedbackIntake(LeadReader reader, LeadLedger ledger, CaseTransitions transitions, JdbcClient jdbc,
                          PlatformTransactionManager transactions, Clock clock, MeterRegistry meters) {
        this.reader = reader;
        this.ledger = ledger;
        this.transitions = transitions;
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
        this.meters = meters;
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
            try {
                result = transaction.execute(tx -> apply(feedback, channel, new String(body, StandardCharsets.UTF_8)));
            } catch (FeedbackRefusal refusal) {
                result = refusal.result;
            }
        }
        if (result.isRefused()) {
            keepRefused(body, channel, feedback, result);
        }
        meters.counter("bridge.feedback", "channel", String.valueOf(channel), "outcome", result.outcome()).increment();
        return result;
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
