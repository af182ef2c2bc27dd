package io.leadbridge.routing;

import io.leadbridge.lead.FieldProblem;
import io.leadbridge.lead.LeadReader;
import io.leadbridge.web.Problems;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** POST /api/v1/routing/explain: the decision a lead would get, with every match; nothing is stored. */
@RestController
public class ExplainController {

    private final Router router;
    private final LeadReader reader;

    public ExplainController(Router router, LeadReader reader) {
        this.router = router;
        this.reader = reader;
    }

    @PostMapping("/api/v1/routing/explain")
    public ResponseEntity<?> explain(@RequestBody(required = false) byte[] body) {
        LeadReader.Read read = reader.read(body);
        if (read.rejection() != null) {
            return Problems.response(Problems.problem(read.rejection().status(), read.rejection().title(), read.rejection().problems()));
        }
        io.leadbridge.lead.Lead lead;
        try {
            lead = io.leadbridge.lead.Lead.of(read.lead());
        } catch (IllegalArgumentException e) {
            return Problems.response(Problems.problem(400, "Not a lead",
                    List.of(new FieldProblem("body", e.getMessage()))));
        }
        return ResponseEntity.ok(router.decide(LeadText.of(lead)));
    }
}
