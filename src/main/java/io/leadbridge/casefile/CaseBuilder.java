package io.leadbridge.casefile;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadbridge.config.ClockConfig;
import io.leadbridge.lead.Lead;
import io.leadbridge.reference.Towns;
import io.leadbridge.routing.CatalogueEntry;
import io.leadbridge.routing.Match;
import io.leadbridge.routing.RoutingDecision;
import io.leadbridge.sla.SlaClock;
import org.springframework.stereotype.Component;

import java.time.OffsetDateTime;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Turns a Smart-Grid lead into a collaborative-supervision case (collaborative-case.schema.json):
 * snake_case, code tables, Asia/Shanghai local times, deadlines in working days.
 */
@Component
public class CaseBuilder {

    private static final Map<String, String> CLUE_TYPES = Map.of(
            "NO_LICENSE_NO_PERMIT", "01", "LICENSE_NO_PERMIT", "02", "PERMIT_NO_LICENSE", "03",
            "NO_LICENSE", "04", "UNKNOWN", "99");

    /** What the case is sent as: the department, how it was chosen and what the catalogue said. */
    public record Assignment(String deptCode, String mode, String hazard, CatalogueEntry industry,
                             Set<String> matchedKeywords, String catalogueVersion) {

        public boolean major() {
            return "MAJOR".equals(hazard);
        }

        public static Assignment auto(RoutingDecision decision) {
            Set<String> keywords = new LinkedHashSet<>();
            decision.matches().stream().map(Match::keyword).forEach(keywords::add);
            return new Assignment(decision.department(), "AUTO", decision.hazard(), decision.industry(), keywords,
                    decision.catalogueVersion());
        }
    }

    private final ObjectMapper json;
    private final Towns towns;

    public CaseBuilder(ObjectMapper json, Towns towns) {
        this.json = json;
        this.towns = towns;
    }

    public ObjectNode build(Lead lead, Assignment assignment, String caseNo, int dispatchSeq,
                            OffsetDateTime receivedAt, OffsetDateTime dispatchedAt, SlaClock.Deadlines deadlines) {
        Lead.Grid grid = lead.grid();
        Lead.Subject subject = lead.subject();
        String townCode = grid.townCode();
        ObjectNode c = json.createObjectNode();
        c.put("case_no", caseNo);
        c.put("source_system", "ZHIWANG");
        c.put("source_id", lead.eventId());
        c.put("source_version", lead.version());
        c.put("dispatch_seq", dispatchSeq);
        c.put("clue_type", CLUE_TYPES.getOrDefault(String.valueOf(lead.licenseState()), "99"));
        c.put("dept_code", assignment.deptCode());
        c.put("dispatch_mode", assignment.mode());
        c.put("town_code", townCode);
        putText(c, "town_name", towns.contains(townCode) ? towns.name(townCode) : grid.townName());
        putText(c, "community_name", grid.communityName());
        putText(c, "grid_code", grid.gridCode());
        putText(c, "subject_name", subject.name());
        putText(c, "operator_name", subject.operatorName());
        putText(c, "operator_phone", subject.operatorPhone());
        putText(c, "operator_id_no", subject.operatorIdNumber());
        c.put("address", subject.address());
        if (subject.location() != null && subject.location().known()) {
            c.put("longitude", subject.location().lng());
            c.put("latitude", subject.location().lat());
        }
        CatalogueEntry industry = assignment.industry();
        if (industry != null) {
            putText(c, "industry_code", industry.industryCode());
            putText(c, "industry_name", industry.industryName());
            putText(c, "permit_name", industry.permitName());
        }
        ArrayNode keywords = c.putArray("matched_keywords");
        assignment.matchedKeywords().forEach(keywords::add);
        c.put("hazard_level", assignment.hazard());
        putText(c, "business_scope", lead.businessScope());
        putText(c, "description", lead.description());
        c.put("found_time", ClockConfig.local(lead.reportedAt()));
        c.put("escalated_time", ClockConfig.local(receivedAt));
        c.put("dispatch_time", ClockConfig.local(dispatchedAt));
        c.put("deadline_accept", ClockConfig.local(deadlines.accept()));
        c.put("deadline_finish", ClockConfig.local(deadlines.finish()));
        ArrayNode attachments = c.putArray("attachments");
        for (Lead.Attachment a : lead.attachments()) {
            ObjectNode out = attachments.addObject();
            putText(out, "type", a.type());
            out.put("url", a.url());
        }
        c.put("catalogue_version", assignment.catalogueVersion());
        return c;
    }

    private static void putText(ObjectNode node, String field, String value) {
        if (value != null && !value.isEmpty()) {
            node.put(field, value);
        }
    }
}
