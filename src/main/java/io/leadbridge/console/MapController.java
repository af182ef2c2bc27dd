package io.leadbridge.console;

import io.leadbridge.access.ConsoleUsers;
import io.leadbridge.config.ConsoleMap;
import io.leadbridge.lead.Lead;
import io.leadbridge.ledger.LeadRecord;
import io.leadbridge.ledger.LeadState;
import io.leadbridge.ledger.Page;
import io.leadbridge.reference.Departments;
import io.leadbridge.reference.Towns;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The map (issue 18 point 3): the newest leads that match the queue's filters (town, dates, industry, hazard,
 * department) and a state, as points coloured by state, clustered, each opening its lead. The points come from the
 * leads' own locations (subject.location in the lead as received; a lead without one is counted, not drawn), at most
 * {@code bridge.console.map.max-points}, newest first, read through the received-time indexes: the page says when
 * there are more. Over the city's tile service when {@code bridge.console.map.tile-url} is set; without it on a plain
 * longitude/latitude canvas with the towns' names at the middle of their points. Leaflet from its webjar; clustering
 * in console/map.js (leaflet.markercluster is not served by this project's registry).
 */
@Controller
public class MapController {

    /** One lead on the map: where, its state, its town and its business's name (no personal data). */
    public record Point(String ref, String state, double lng, double lat, String town, String name) {
    }

    private final ConsoleUsers users;
    private final WorkQueue queue;
    private final Towns towns;
    private final Departments departments;
    private final ConsoleMap settings;
    private final MessageSource messages;

    public MapController(ConsoleUsers users, WorkQueue queue, Towns towns, Departments departments, ConsoleMap settings,
                         MessageSource messages) {
        this.users = users;
        this.queue = queue;
        this.towns = towns;
        this.departments = departments;
        this.settings = settings;
        this.messages = messages;
    }

    /** What the map is asked for: the queue's filters (but its cause) and a state; the same for the page and its points. */
    public record Query(String town, String state, @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                        @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to, String industry, String hazard,
                        String dept, String dates) {

        /** The queue's filter as this viewer may have it (a coordinator's own town), newest first. */
        WorkQueue.Filter filter(Viewer viewer) {
            return new WorkQueue.Filter(null, viewer.scopeTown(town), from, to, industry, hazard, dept, true, "reported".equals(dates));
        }
    }

    @GetMapping("/console/map")
    public String map(Authentication auth, Model model, Query query) {
        Viewer viewer = Viewer.of(auth, users);
        model.addAttribute("viewer", viewer);
        model.addAttribute("towns", towns);
        model.addAttribute("departments", departments);
        model.addAttribute("filter", query.filter(viewer));
        model.addAttribute("state", state(query.state()));
        model.addAttribute("states", Arrays.stream(LeadState.values()).map(Enum::name).toList());
        model.addAttribute("map", settings);
        return "console/map";
    }

    /** The points, the towns' labels, and how many leads match in all. */
    @GetMapping("/console/map/points")
    @ResponseBody
    public Map<String, Object> points(Authentication auth, Query query) {
        Page<LeadRecord> leads = queue.newest(query.filter(Viewer.of(auth, users)), state(query.state()), settings.maxPoints());
        List<Point> points = new ArrayList<>();
        Map<String, double[]> sums = new LinkedHashMap<>();
        for (LeadRecord lead : leads.items()) {
            Lead.Subject subject = subject(lead);
            if (subject == null || subject.location() == null || !subject.location().known()) {
                continue;
            }
            double lng = subject.location().lng().doubleValue();
            double lat = subject.location().lat().doubleValue();
            if (Math.abs(lng) > 180 || Math.abs(lat) > 90) {
                continue;
            }
            points.add(new Point(lead.ref(), lead.state().name(), lng, lat, lead.townCode(),
                    subject.name() == null ? "" : subject.name()));
            double[] sum = sums.computeIfAbsent(lead.townCode() == null ? "" : lead.townCode(), t -> new double[3]);
            sum[0] += lng;
            sum[1] += lat;
            sum[2]++;
        }
        List<Map<String, Object>> townLabels = new ArrayList<>();
        sums.forEach((code, sum) -> townLabels.add(Map.of("code", code, "name", code.isEmpty() ? "" : towns.label(code),
                "lng", sum[0] / sum[2], "lat", sum[1] / sum[2])));
        Map<String, String> stateNames = new LinkedHashMap<>();
        for (LeadState s : LeadState.values()) {
            stateNames.put(s.name(), messages.getMessage("state." + s.name(), null, s.name(), LocaleContextHolder.getLocale()));
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("matching", leads.total());
        answer.put("read", leads.items().size());
        answer.put("limit", settings.maxPoints());
        answer.put("points", points);
        answer.put("towns", townLabels);
        answer.put("states", stateNames);
        return answer;
    }

    /** The state asked for, null for any; one the ledger does not know is a 400 that names it. */
    private static String state(String asked) {
        if (asked == null || asked.isBlank()) {
            return null;
        }
        if (Arrays.stream(LeadState.values()).noneMatch(s -> s.name().equals(asked))) {
            throw new org.springframework.web.server.ResponseStatusException(org.springframework.http.HttpStatus.BAD_REQUEST,
                    "state: no state '" + asked + "'; one of " + Arrays.toString(LeadState.values()));
        }
        return asked;
    }

    /** The business a lead is about; null for an input that is not a lead (INVALID: its raw text is kept, not a lead). */
    private static Lead.Subject subject(LeadRecord lead) {
        if (lead.state() == LeadState.INVALID || lead.payload() == null) {
            return null;
        }
        try {
            return Lead.parse(lead.payload()).subject();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
