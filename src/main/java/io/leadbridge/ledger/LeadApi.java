package io.leadbridge.ledger;

import java.util.Optional;

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
                                          @RequestParam(defaultValue = "false") boolean related,
                                          @RequestParam(defaultValue = "0") int page,
                                          @RequestParam(defaultValue = "50") int size) {
        checkPage(page, size);
        return ledger.list(new LeadFilter(state, town, dept, null, false, overdue, related), page, size).map(views::summary);
    }

    /**
     * A lead by its ref (an eventId, or invalid-{id}). By eventId: the valid lead when there is one, with
     * the refused inputs that carried the same eventId ("refused": their refs, latest first); when there are
     * only refused inputs, the latest of them, with the others.
     */
    @GetMapping("/api/v1/leads/{ref}")
    public ResponseEntity<?> one(@PathVariable String ref) {
        Optional<LeadRecord> lead = ledger.findByRef(ref);
        List<LeadLedger.Refused> refused = ref.startsWith("invalid-") ? List.of() : ledger.refused(ref);
        if (lead.isEmpty() && !refused.isEmpty()) {
            lead = ledger.findByRef(refused.get(0).ref());
        }
        if (lead.isEmpty()) {
            return Problems.response(Problems.problem(404, "Not found", "no lead " + ref));
        }
        Map<String, Object> detail = new java.util.LinkedHashMap<>(views.detail(lead.get()));
        if (!refused.isEmpty()) {
            detail.put("refused", refused);
        }
        return ResponseEntity.ok(detail);
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
