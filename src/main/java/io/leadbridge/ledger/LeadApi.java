package io.leadbridge.ledger;

import io.leadbridge.web.Problems;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Map;

/** GET /api/v1/leads (filtered, paged) and GET /api/v1/leads/{ref} (one lead with its timeline). */
@RestController
public class LeadApi {

    static final int MAX_PAGE_SIZE = 500;

    private final LeadLedger ledger;
    private final LeadViews views;

    public LeadApi(LeadLedger ledger, LeadViews views) {
        this.ledger = ledger;
        this.views = views;
    }

    @GetMapping("/api/v1/leads")
    public Page<Map<String, Object>> list(@RequestParam(required = false) List<LeadState> state,
                                          @RequestParam(required = false) String town,
                                          @RequestParam(required = false) String dept,
                                          @RequestParam(defaultValue = "false") boolean overdue,
                                          @RequestParam(defaultValue = "0") int page,
                                          @RequestParam(defaultValue = "50") int size) {
        checkPage(page, size);
        return ledger.list(new LeadFilter(state, town, dept, null, false, overdue), page, size).map(views::summary);
    }

    @GetMapping("/api/v1/leads/{ref}")
    public ResponseEntity<?> one(@PathVariable String ref) {
        return ledger.findByRef(ref)
                .<ResponseEntity<?>>map(lead -> ResponseEntity.ok(views.detail(lead)))
                .orElseGet(() -> Problems.response(Problems.problem(404, "Not found", "no lead " + ref)));
    }

    public static void checkPage(int page, int size) {
        if (page < 0) {
            throw new IllegalArgumentException("page: must be 0 or more");
        }
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("size: must be from 1 to " + MAX_PAGE_SIZE);
        }
    }
}
