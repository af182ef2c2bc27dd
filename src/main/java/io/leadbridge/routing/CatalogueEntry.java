package io.leadbridge.routing;

import java.util.List;

/** One row of the keyword catalogue (routing-rules.md §1). */
public record CatalogueEntry(
        int line,
        String keyword,
        List<String> aliases,
        String industryCode,
        String industryName,
        String permitName,
        String deptCode,
        int priority,
        boolean major,
        String note) {

    public boolean isPermitEntry() {
        return !deptCode.isEmpty();
    }

    public boolean isGeneralEntry() {
        return deptCode.isEmpty() && !industryCode.isEmpty();
    }
}
