package io.leadbridge.access;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadbridge.config.BridgeProperties;
import io.leadbridge.web.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;

/**
 * Every /api/v1 call carries X-Api-Key; the key names the client (bridge.api-keys.&lt;client&gt;).
 * A missing or unknown key is 401. What each client may call is checked here too: the push API is
 * Smart-Grid's alone, and departments may not read the ledger.
 */
@Component
public class ApiKeyFilter extends OncePerRequestFilter {

    public static final String HEADER = "X-Api-Key";

    /** Client name by the SHA-256 of its key: keys are held only hashed. */
    private final Map<String, byte[]> keyHashes = new java.util.LinkedHashMap<>();
    private final ObjectMapper json;

    public ApiKeyFilter(BridgeProperties properties, ObjectMapper json) {
        properties.getApiKeys().forEach((client, key) -> {
            if (key != null && !key.isBlank()) {
                keyHashes.put(client, hashOf(key));
            }
        });
        this.json = json;
    }

    /** A configured key: "sha256:<hex>" as stored (echo -n KEY | sha256sum), or the key itself, hashed here. */
    static byte[] hashOf(String configured) {
        String hex = configured.startsWith("sha256:") ? configured.substring(7).trim().toLowerCase()
                : io.leadbridge.config.Hashes.sha256(configured.getBytes(StandardCharsets.UTF_8));
        return java.util.HexFormat.of().parseHex(hex);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/api/v1/") && !request.getRequestURI().equals("/api/v1");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String key = request.getHeader(HEADER);
        ApiClient client = key == null || key.isEmpty() ? null : clientOf(key);
        if (client == null) {
            reject(response, 401, "Unauthorized", key == null || key.isEmpty()
                    ? "send your API key in the X-Api-Key header" : "the X-Api-Key is not a key of this bridge");
            return;
        }
        String denied = deniedReason(client, request);
        if (denied != null) {
            reject(response, 403, "Forbidden", denied);
            return;
        }
        request.setAttribute(ApiClient.REQUEST_ATTRIBUTE, client);
        chain.doFilter(request, response);
    }

    private ApiClient clientOf(String key) {
        byte[] given = java.util.HexFormat.of().parseHex(io.leadbridge.config.Hashes.sha256(key.getBytes(StandardCharsets.UTF_8)));
        ApiClient found = null;
        // Compare with every key's hash in constant time, so timing does not tell how much of a key was right.
        for (Map.Entry<String, byte[]> entry : keyHashes.entrySet()) {
            if (MessageDigest.isEqual(given, entry.getValue())) {
                found = new ApiClient(entry.getKey());
            }
        }
        return found;
    }

    private static String deniedReason(ApiClient client, HttpServletRequest request) {
        String path = request.getRequestURI();
        boolean push = path.equals("/api/v1/leads") && "POST".equals(request.getMethod());
        if (push) {
            return client.isSmartGrid() ? null : "only Smart-Grid may push leads";
        }
        boolean feedback = path.startsWith("/api/v1/cases/") && path.endsWith("/feedback") && "POST".equals(request.getMethod());
        if (feedback) {
            return client.isDepartment() ? null : "only a department may send feedback on its cases";
        }
        if (client.isDepartment()) {
            return "a department key may not call " + path;
        }
        boolean assign = path.startsWith("/api/v1/review/") && !"GET".equals(request.getMethod());
        if (assign && !client.isOps()) {
            return "only ops may act on the review list";
        }
        if (path.startsWith("/api/v1/audit") && !client.isOps()) {
            return "only ops may check the audit log";
        }
        if (path.startsWith("/api/v1/dead-letters") && !client.isOps()) {
            return "only ops may see or requeue the broker's dead letters";
        }
        if (path.startsWith("/api/v1/catalogue") && !"GET".equals(request.getMethod()) && !client.isOps()) {
            return "only ops may load, restore or try a catalogue";
        }
        return null;
    }

    private void reject(HttpServletResponse response, int status, String title, String detail) throws IOException {
        ProblemDetail problem = Problems.problem(status, title, detail);
        response.setStatus(status);
        response.setContentType(Problems.PROBLEM_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        json.writeValue(response.getOutputStream(), problem);
    }
}
