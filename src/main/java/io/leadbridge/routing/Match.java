package io.leadbridge.routing;

import com.fasterxml.jackson.annotation.JsonInclude;

/** One term found in a lead field (routing-rules.md §4); offsets index the normalised field. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Match(String field, String term, int start, int end, String keyword,
                    String industryCode, String deptCode, int priority) {
}
