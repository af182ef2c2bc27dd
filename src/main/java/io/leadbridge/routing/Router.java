package io.leadbridge.routing;

import io.leadbridge.config.BridgeProperties;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The content-based router: routing-rules.md §3, on the catalogue in use at the call. */
@Component
public class Router {

    private final CatalogueStore catalogues;
    private final String generalDepartment;

    public Router(CatalogueStore catalogues, BridgeProperties properties) {
        this.catalogues = catalogues;
        this.generalDepartment = properties.getGeneralDepartment();
    }

    public RoutingDecision decide(LeadText lead) {
        // One catalogue for the whole decision, whatever a reload does meanwhile.
        Catalogue catalogue = catalogues.current();
        List<Match> matches = new ArrayList<>();
        Set<CatalogueEntry> entries = new LinkedHashSet<>();
        for (Map.Entry<String, String> field : Map.of(
                "subject.name", lead.subjectName(),
                "businessScope", lead.businessScope(),
                "description", lead.description()).entrySet()) {
            for (Catalogue.Found found : catalogue.find(TextNormalizer.normalize(field.getValue()))) {
                CatalogueEntry e = found.term().entry();
                entries.add(e);
                matches.add(new Match(field.getKey(), found.term().text(), found.start(), found.end(), e.keyword(),
                        emptyToNull(e.industryCode()), emptyToNull(e.deptCode()), e.priority()));
            }
        }
        matches.sort(java.util.Comparator.comparingInt((Match m) -> fieldOrder(m.field())).thenComparingInt(Match::start));
        String hazard = entries.stream().anyMatch(CatalogueEntry::major) ? "MAJOR" : "NORMAL";
        return decide(lead.licenseState(), entries, hazard, List.copyOf(matches), catalogue.version());
    }

    private RoutingDecision decide(String licenseState, Set<CatalogueEntry> entries, String hazard,
                                   List<Match> matches, String version) {
        if ("PERMIT_NO_LICENSE".equals(licenseState)) {
            return routed(generalDepartment, RoutingDecision.Reason.PERMIT_NO_LICENSE, hazard, matches, version);
        }
        List<CatalogueEntry> permits = entries.stream().filter(CatalogueEntry::isPermitEntry).toList();
        if (!permits.isEmpty()) {
            int top = permits.stream().mapToInt(CatalogueEntry::priority).max().orElseThrow();
            Set<String> departments = new TreeSet<>();
            permits.stream().filter(e -> e.priority() == top).forEach(e -> departments.add(e.deptCode()));
            if (departments.size() == 1) {
                return routed(departments.iterator().next(), RoutingDecision.Reason.KEYWORD, hazard, matches, version);
            }
            return new RoutingDecision(RoutingDecision.Decision.DISPUTED, null, RoutingDecision.Reason.CONFLICT,
                    List.copyOf(departments), hazard, matches, version);
        }
        if (entries.stream().anyMatch(CatalogueEntry::isGeneralEntry)) {
            if ("LICENSE_NO_PERMIT".equals(licenseState)) {
                return disputed(RoutingDecision.Reason.NO_PERMIT_RULE, hazard, matches, version);
            }
            return routed(generalDepartment, RoutingDecision.Reason.GENERAL_INDUSTRY, hazard, matches, version);
        }
        return disputed(RoutingDecision.Reason.NO_MATCH, hazard, matches, version);
    }

    private static RoutingDecision routed(String dept, RoutingDecision.Reason reason, String hazard,
                                          List<Match> matches, String version) {
        return new RoutingDecision(RoutingDecision.Decision.ROUTED, dept, reason, List.of(), hazard, matches, version);
    }

    private static RoutingDecision disputed(RoutingDecision.Reason reason, String hazard, List<Match> matches, String version) {
        return new RoutingDecision(RoutingDecision.Decision.DISPUTED, null, reason, List.of(), hazard, matches, version);
    }

    private static int fieldOrder(String field) {
        return switch (field) {
            case "subject.name" -> 0;
            case "businessScope" -> 1;
            default -> 2;
        };
    }

    private static String emptyToNull(String s) {
        return s.isEmpty() ? null : s;
    }
}
