package io.leadbridge.load;

import io.leadbridge.support.FakeServer;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Smart-Grid's poll API for the harness's poll run: every lead offered so far, in order, the cursor being the index of
 * the next one; a page is up to the bridge's limit of them. Nothing offered past the cursor: an empty page, the cursor
 * where it was.
 */
final class SmartGridFeed implements AutoCloseable {

    private final FakeServer server = new FakeServer();
    private final List<String> leads = new CopyOnWriteArrayList<>();

    SmartGridFeed() {
        server.on("/api/leads", request -> {
            int from = request.param("since").isEmpty() ? 0 : Integer.parseInt(request.param("since"));
            int to = Math.min(leads.size(), from + Integer.parseInt(request.param("limit")));
            String items = from >= to ? "" : String.join(",", leads.subList(from, to));
            return FakeServer.Reply.ok("{\"items\":[" + items + "],\"nextCursor\":\"" + Math.max(from, to) + "\"}");
        });
    }

    String url() {
        return server.url();
    }

    void offer(List<String> more) {
        leads.addAll(more);
    }

    @Override
    public void close() {
        server.close();
    }
}
