package io.leadbridge.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadbridge.SharedSamples;
import io.leadbridge.support.FakeServer;
import io.leadbridge.support.Leads;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Smart-Grid's poll API on a fake server: a fixed number of pages of fresh leads, the cursor being
 * the page number. It serves empty pages until {@link #open()}, and records every page asked for,
 * in order, so a test can tell a skipped page from one asked twice.
 */
final class SmartGridPages {

    private final int pages;
    private final List<String> bodies = new ArrayList<>();
    private final List<String> eventIds = new ArrayList<>();
    private final List<Integer> served = new CopyOnWriteArrayList<>();
    private final AtomicBoolean open = new AtomicBoolean();

    SmartGridPages(FakeServer smartGrid, int pages, int perPage) {
        this.pages = pages;
        List<JsonNode> samples = SharedSamples.leads();
        for (int p = 0; p < pages; p++) {
            StringBuilder items = new StringBuilder();
            for (int i = 0; i < perPage; i++) {
                JsonNode lead = Leads.fresh(samples.get((p * perPage + i) % samples.size()));
                eventIds.add(lead.get("eventId").asText());
                items.append(items.isEmpty() ? "" : ",").append(lead);
            }
            bodies.add("{\"items\":[" + items + "],\"nextCursor\":\"" + (p + 1) + "\"}");
        }
        smartGrid.on("/api/leads", request -> {
            String since = request.param("since");
            int page = since.isEmpty() ? 0 : Integer.parseInt(since);
            if (!open.get() || page >= pages) {
                return FakeServer.Reply.ok("{\"items\":[],\"nextCursor\":\"" + (open.get() ? pages : since) + "\"}");
            }
            served.add(page);
            return FakeServer.Reply.ok(bodies.get(page));
        });
    }

    void open() {
        open.set(true);
    }

    /** Every page asked for, in the order asked. */
    List<Integer> served() {
        return served;
    }

    boolean allServed() {
        return served.contains(pages - 1);
    }

    /** The eventIds of every lead on every page. */
    List<String> eventIds() {
        return eventIds;
    }
}
