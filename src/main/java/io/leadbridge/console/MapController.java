package io.leadbridge.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadbridge.access.ConsoleUsers;
import io.leadbridge.config.ConsoleMap;
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
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

import java.io.IOException;
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
    private final ObjectMapper json;
    private final MessageSource messages;

    public MapController(ConsoleUsers users, WorkQueue queue, Towns towns, Departments departments, ConsoleMap settings,
                         ObjectMapper json, MessageSource messages) {
        this.users = users;
        this.queue = queue;
        this.towns = towns;
        this.departments = departments;
        this.settings = settings;
        this.json = json;
        this.messages = messages;
    }

    @GetMapping("/console/map")
    public String map(Authentication auth, Model model, @RequestParam(required = false) String town,
                      @RequestParam(required = false) String state,
                      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                      @RequestParam(required = false) String industry, @RequestParam(required = false) String hazard,
                      @RequestParam(required = false) String dept, @RequestParam(defaultValue = "received") String dates) {
        Viewer viewer = Viewer.of(auth, users);
        model.addAttribute("viewer", viewer);
        model.addAttribute("towns", towns);
        model.addAttribute("departments", departments);
        model.addAttribute("filter", new WorkQueue.Filter(null, viewer.scopeTown(town), from, to, industry, hazard, dept, true,
                "reported".equals(dates)));
        model.addAttribute("state", state(state));
        model.addAttribute("states", Arrays.stream(LeadState.values()).map(Enum::name).toList());
        model.addAttribute("map", settings);
        return "console/map";
    }

    /** The points, the towns' labels, and how many leads match in all. */
    @GetMapping("/console/map/points")
    @ResponseBody
    public Map<String, Object> points(Authentication auth, @RequestParam(required = false) String town,
                                      @RequestParam(required = false) String state,
                                      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                                      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                                      @RequestParam(required = false) String industry, @RequestParam(required = false) String hazard,
                                      @RequestParam(required = false) String dept,
                                      @RequestParam(defaultValue = "received") String dates) {
        Viewer viewer = Viewer.of(auth, users);
        WorkQueue.Filter filter = new WorkQueue.Filter(null, viewer.scopeTown(town), from, to, industry, hazard, dept, true,
                "reported".equals(dates));
        Page<LeadRecord> leads = queue.newest(filter, state(state), settings.maxPoints());
        List<Point> points = new ArrayList<>();
        Map<String, double[]> sums = new LinkedHashMap<>();
        for (LeadRecord lead : leads.items()) {
            JsonNode subject = read(lead.payload()).path("subject");
            JsonNode location = subject.path("location");
            double lng = location.path("lng").asDouble(Double.NaN);
            double lat = location.path("lat").asDouble(Double.NaN);
            if (Double.isNaN(lng) || Double.isNaN(lat) || Math.abs(lng) > 180 || Math.abs(lat) > 90) {
                continue;
            }
            String name = subject.path("name").asText("");
            points.add(new Point(lead.ref(), lead.state().name(), lng, lat, lead.townCode(), name));
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

    private JsonNode read(String payload) {
        try {
            return payload == null ? json.missingNode() : json.readTree(payload);
        } catch (IOException e) {
            return json.missingNode();
        }
    }
}
