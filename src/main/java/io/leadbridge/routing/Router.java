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
        return decide(lead, catalogues.current());
    }

    /** The decision a given catalogue would make: what-if. */
    public RoutingDecision decide(LeadText lead, Catalogue catalogue) {
        List<Match> matches = new ArrayList<>();
        Set<CatalogueEntry> entries = new LinkedHashSet<>();
        for (Map.Entry<String, String> field : List.of(
                Map.entry("subject.name", lead.subjectName()),
                Map.entry("businessScope", lead.businessScope()),
                Map.entry("description", lead.description()))) {
            for (Catalogue.Found found : catalogue.find(TextNormalizer.normalize(field.getValue()))) {
                CatalogueEntry e = found.term().entry();
                entries.add(e);
                matches.add(new Match(field.getKey(), found.term().text(), found.start(), found.end(), e.keyword(),
                        emptyToNull(e.industryCode()), emptyToNull(e.deptCode()), e.priority()));
            }
        }
        String hazard = entries.stream().anyMatch(CatalogueEntry::major) ? "MAJOR" : "NORMAL";
        return decide(lead.licenseState(), entries, hazard, List.copyOf(matches), catalogue.version());
    }

    private RoutingDecision decide(String licenseState, Set<CatalogueEntry> entries, String hazard,
                                   List<Match> matches, String version) {
        if ("PERMIT_NO_LICENSE".equals(licenseState)) {
            CatalogueEntry industry = permits(entries).stream().findFirst()
                    .orElse(entries.stream().filter(CatalogueEntry::isGeneralEntry).findFirst().orElse(null));
            return routed(generalDepartment, RoutingDecision.Reason.PERMIT_NO_LICENSE, hazard, matches, version, industry);
        }
        List<CatalogueEntry> permits = permits(entries);
        if (!permits.isEmpty()) {
            int top = permits.stream().mapToInt(CatalogueEntry::priority).max().orElseThrow();
            List<CatalogueEntry> highest = permits.stream().filter(e -> e.priority() == top).toList();
            Set<String> departments = new TreeSet<>();
            highest.forEach(e -> departments.add(e.deptCode()));
            if (departments.size() == 1) {
                return routed(departments.iterator().next(), RoutingDecision.Reason.KEYWORD, hazard, matches, version,
                        highest.get(0));
            }
            return new RoutingDecision(RoutingDecision.Decision.DISPUTED, null, RoutingDecision.Reason.CONFLICT,
                    List.copyOf(departments), hazard, matches, version, null);
        }
        CatalogueEntry general = entries.stream().filter(CatalogueEntry::isGeneralEntry).findFirst().orElse(null);
        if (general != null) {
            if ("LICENSE_NO_PERMIT".equals(licenseState)) {
                return disputed(RoutingDecision.Reason.NO_PERMIT_RULE, hazard, matches, version);
            }
            return routed(generalDepartment, RoutingDecision.Reason.GENERAL_INDUSTRY, hazard, matches, version, general);
        }
        return disputed(RoutingDecision.Reason.NO_MATCH, hazard, matches, version);
    }

    private static List<CatalogueEntry> permits(Set<CatalogueEntry> entries) {
        return entries.stream().filter(CatalogueEntry::isPermitEntry).toList();
    }

    private static RoutingDecision routed(String dept, RoutingDecision.Reason reason, String hazard,
                                          List<Match> matches, String version, CatalogueEntry industry) {
        return new RoutingDecision(RoutingDecision.Decision.ROUTED, dept, reason, List.of(), hazard, matches, version, industry);
    }

    private static RoutingDecision disputed(RoutingDecision.Reason reason, String hazard, List<Match> matches, String version) {
        return new RoutingDecision(RoutingDecision.Decision.DISPUTED, null, reason, List.of(), hazard, matches, version, null);
    }

    private static String emptyToNull(String s) {
        return s.isEmpty() ? null : s;
    }
}
