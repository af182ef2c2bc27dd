package io.leadbridge.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/** A small HTTP client for the bridge's API, through the real server. */
public final class Api {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;

    /** An answer; {@code retryAfter} is its Retry-After header, or empty when it has none. */
    public record Answer(int status, String contentType, String body, String retryAfter) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON (" + status + "): " + body, e);
            }
        }
    }

    public Api(int port) {
        this.base = "http://localhost:" + port;
    }

    public Answer push(String key, byte[] body, String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/api/v1/leads"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (key != null) {
            request.header("X-Api-Key", key);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return send(request.build());
    }

    public Answer push(String json) {
        return push(BridgeTest.SMART_GRID_KEY, json.getBytes(StandardCharsets.UTF_8), "application/json");
    }

    public Answer post(String path, String key, String json) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("X-Api-Key", key)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build());
    }

    public String opsKey() {
        return BridgeTest.OPS_KEY;
    }

    public Answer put(String path, String key, byte[] body) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("X-Api-Key", key)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    public Answer postBytes(String path, String key, byte[] body) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("X-Api-Key", key)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    public Answer get(String path) {
        return get(path, BridgeTest.OPS_KEY);
    }

    public Answer get(String path, String key) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).GET();
        if (key != null) {
            request.header("X-Api-Key", key);
        }
        return send(request.build());
    }

    public JsonNode lead(String ref) {
        Answer answer = get("/api/v1/leads/" + ref);
        return answer.status() == 200 ? answer.json() : null;
    }

    public String state(String ref) {
        JsonNode lead = lead(ref);
        return lead == null ? null : lead.path("state").asText();
    }

    private Answer send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), response.body(),
                    response.headers().firstValue("Retry-After").orElse(""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
