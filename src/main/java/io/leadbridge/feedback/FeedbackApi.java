package io.leadbridge.feedback;

import io.leadbridge.access.ApiClient;
import io.leadbridge.web.BridgeUnavailableException;
import io.leadbridge.web.Problems;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import io.leadbridge.ledger.LeadApi;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** POST /api/v1/cases/{case_no}/feedback: a department answers about its own current dispatch. */
@RestController
public class FeedbackApi {

    private static final int MAX_BYTES = 64 * 1024;
    private final ProducerTemplate producer;
    private final JdbcClient jdbc;

    public FeedbackApi(ProducerTemplate producer, JdbcClient jdbc) {
        this.producer = producer;
        this.jdbc = jdbc;
    }

    /** Feedback received, newest first; status=REFUSED lists what was kept for review. */
    @GetMapping("/api/v1/feedback")
    public List<Map<String, Object>> list(@RequestParam(required = false) String status,
                                          @RequestParam(defaultValue = "100") int size) {
        LeadApi.checkPage(0, size);
        return jdbc.sql("SELECT id, case_no, dept_code, type, channel, status, errors, payload, received_at FROM feedback"
                        + (status == null ? "" : " WHERE status = ?") + " ORDER BY id DESC LIMIT ?")
                .params(status == null ? List.of(size) : List.of(status, size))
                .query((rs, n) -> {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("id", rs.getLong("id"));
                    row.put("caseNo", rs.getString("case_no"));
                    row.put("deptCode", rs.getString("dept_code"));
                    row.put("type", rs.getString("type"));
                    row.put("channel", rs.getString("channel"));
                    row.put("status", rs.getString("status"));
                    row.put("errors", rs.getString("errors"));
                    row.put("payload", rs.getString("payload"));
                    row.put("receivedAt", rs.getObject("received_at", java.time.OffsetDateTime.class));
                    return row;
                })
                .list();
    }

    @PostMapping("/api/v1/cases/{caseNo}/feedback")
    public ResponseEntity<?> feedback(@PathVariable String caseNo, HttpServletRequest request,
                                      @RequestAttribute(ApiClient.REQUEST_ATTRIBUTE) ApiClient client) throws IOException {
        byte[] body = request.getInputStream().readNBytes(MAX_BYTES + 1);
        FeedbackResult result;
        try {
            result = producer.requestBodyAndHeaders("direct:feedback", body,
                    Map.of("feedbackChannel", "HTTP", "feedbackClient", client.name(), "feedbackCaseNo", caseNo),
                    FeedbackResult.class);
        } catch (CamelExecutionException e) {
            throw new BridgeUnavailableException("the feedback could not be stored now: try again later", e.getCause());
        }
        if (result.isRefused()) {
            var problem = Problems.problem(result.status(), result.title(), result.problems());
            return Problems.response(problem);
        }
        return ResponseEntity.ok(Map.of("outcome", result.outcome(), "caseNo", result.caseNo(), "state", result.state()));
    }
}
