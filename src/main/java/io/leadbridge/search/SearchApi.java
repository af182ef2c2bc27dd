package io.leadbridge.search;

import io.leadbridge.ledger.LeadApi;
import io.leadbridge.ledger.LeadViews;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Map;

/**
 * GET /api/v1/leads?q=... (with town, page and size): the leads found by business name, address, operator or
 * inspector (folded for script and width), or by a whole eventId or case number; oldest first. {@code total}
 * counts candidates up to {@link SearchIndex#COUNT_LIMIT}; {@code more} says there were more.
 */
@RestController
public class SearchApi {

    /** A page of leads found. */
    public record Result(List<Map<String, Object>> items, int page, int size, long total, boolean more) {
    }

    private final SearchIndex index;
    private final LeadViews views;

    public SearchApi(SearchIndex index, LeadViews views) {
        this.index = index;
        this.views = views;
    }

    @GetMapping(value = "/api/v1/leads", params = "q")
    public Result search(@RequestParam String q, @RequestParam(required = false) String town,
                         @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size,
                         @RequestParam Map<String, String> all) {
        for (String other : List.of("state", "dept", "overdue", "related")) {
            if (all.containsKey(other)) {
                throw new IllegalArgumentException(other + ": not with q (a search takes town, page and size)");
            }
        }
        LeadApi.checkPage(page, size);
        SearchIndex.Found found = index.find(q, SearchIndex.Within.town(blankToNull(town)), page, size);
        return new Result(found.page().items().stream().map(views::summary).toList(), page, size, found.page().total(),
                found.more());
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
