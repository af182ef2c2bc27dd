package io.leadbridge.review;

import io.leadbridge.ledger.LeadApi;
import io.leadbridge.ledger.LeadFilter;
import io.leadbridge.ledger.LeadLedger;
import io.leadbridge.ledger.LeadViews;
import io.leadbridge.ledger.Page;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Map;

/**
 * GET /api/v1/review: the leads that need a person. DISPUTED (reason NO_MATCH, CONFLICT,
 * NO_PERMIT_RULE), DELIVERY_FAILED, INVALID, and leads flagged for review (a new version after
 * dispatch). Filter by reason (any of those words) and town.
 */
@RestController
public class ReviewApi {


    private final LeadLedger ledger;
    private final LeadViews views;

    public ReviewApi(LeadLedger ledger, LeadViews views) {
        this.ledger = ledger;
        this.views = views;
    }

    @GetMapping("/api/v1/review")
    public Page<Map<String, Object>> review(@RequestParam(required = false) List<String> reason,
                                            @RequestParam(required = false) String town,
                                            @RequestParam(defaultValue = "0") int page,
                                            @RequestParam(defaultValue = "50") int size) {
        LeadApi.checkPage(page, size);
        return ledger.list(new LeadFilter(null, town, null, reason, true), page, size).map(views::summary);
    }
}
