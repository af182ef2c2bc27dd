package io.leadbridge.intake;

import io.leadbridge.lead.LeadReader;
import io.leadbridge.lead.InputRejection;
import io.leadbridge.storage.DataDisk;
import io.leadbridge.web.BridgeUnavailableException;
import io.leadbridge.web.Problems;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Push: Smart-Grid posts one lead. The body is read raw (at most one byte over the limit) and
 * handed to the intake route; the answer says what became of it.
 */
@RestController
public class PushController {

    /** A pushed lead's origin: where it came from ({@link #ORIGIN} and the client's address; the console says it in words). */
    public static final String ORIGIN = "push from ";

    /** What a push answers when the lead was taken (or was a duplicate). */
    public record Receipt(String outcome, String eventId, Long version, String state, String message) {
    }

    private final ProducerTemplate producer;
    private final LeadReader reader;
    private final LeadIntake intake;
    /** Pushes being taken in now: past the limit a push is told to come back (429), so memory stays bounded. */
    private final java.util.concurrent.Semaphore inFlight;
    private final DataDisk disk;

    public PushController(ProducerTemplate producer, LeadReader reader, LeadIntake intake, DataDisk disk,
                          @org.springframework.beans.factory.annotation.Value("${bridge.intake.push.max-in-flight:64}") int maxInFlight) {
        this.producer = producer;
        this.intake = intake;
        this.reader = reader;
        this.disk = disk;
        this.inFlight = new java.util.concurrent.Semaphore(maxInFlight);
    }

    @PostMapping("/api/v1/leads")
    public ResponseEntity<?> push(HttpServletRequest request) throws IOException {
        if (disk.intakePaused()) {
            return ResponseEntity.status(503).header("Retry-After", "60").contentType(Problems.PROBLEM_JSON)
                    .body(Problems.problem(503, "Service unavailable",
                            "the bridge's disk is nearly full: intake is paused until space returns; nothing was kept, send it again later"));
        }
        String unsupported = unsupportedContentType(request.getContentType());
        if (unsupported != null) {
            // kept as INVALID with a ref like any refused input (the README's promise), read in the charset it declared
            byte[] body = request.getInputStream().readNBytes(reader.maxBytes());
            IntakeResult refused = intake.refuse(body, declaredCharset(request.getContentType()), "PUSH",
                    origin(request), InputRejection.of(415, "Unsupported media type", "Content-Type", unsupported));
            return refusal(refused);
        }
        if (!inFlight.tryAcquire()) {
            return ResponseEntity.status(429).header("Retry-After", "1").contentType(Problems.PROBLEM_JSON)
                    .body(Problems.problem(429, "Too many requests",
                            "the bridge is taking in as many leads as it can: send this one again in a second"));
        }
        IntakeResult result;
        try {
            byte[] body = request.getInputStream().readNBytes(reader.maxBytes() + 1);
            result = producer.requestBodyAndHeaders("direct:intake", body,
                    Map.of("leadChannel", "PUSH", "leadOrigin", origin(request)), IntakeResult.class);
        } catch (CamelExecutionException e) {
            throw new BridgeUnavailableException("the lead could not be stored now, nothing was kept: try again later", e.getCause());
        } finally {
            inFlight.release();
        }
        return switch (result.outcome()) {
            case INVALID, CONFLICT -> refusal(result);
            case DUPLICATE -> ResponseEntity.ok(receipt(result, "version " + result.version() + " is already held: nothing changed"));
            case ACCEPTED, UPDATED -> ResponseEntity.accepted().location(URI.create("/api/v1/leads/" + result.ref()))
                    .body(receipt(result, result.outcome() == IntakeResult.Outcome.ACCEPTED ? "lead taken in" : "new version taken in"));
        };
    }

    /** A refused input, kept: its problem with the ref it is kept under. */
    private static ResponseEntity<?> refusal(IntakeResult result) {
        var problem = Problems.problem(result.rejection().status(), result.rejection().title(), result.rejection().problems());
        problem.setProperty("ref", result.ref());
        problem.setInstance(URI.create("/api/v1/leads/" + result.ref()));
        return Problems.response(problem);
    }

    /** The charset a Content-Type declares, when it is one Java knows; else UTF-8. */
    private static Charset declaredCharset(String contentType) {
        try {
            Charset charset = MediaType.parseMediaType(contentType).getCharset();
            return charset == null ? StandardCharsets.UTF_8 : charset;
        } catch (IllegalArgumentException e) {
            return StandardCharsets.UTF_8;
        }
    }

    private static Receipt receipt(IntakeResult result, String message) {
        return new Receipt(result.outcome().name(), result.eventId(), result.version(), result.state().name(), message);
    }

    /** Null when the content type is acceptable: absent, or JSON in UTF-8. */
    private static String unsupportedContentType(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return null;
        }
        MediaType type;
        try {
            type = MediaType.parseMediaType(contentType);
        } catch (IllegalArgumentException e) {
            return "Content-Type '" + contentType + "' cannot be read: send application/json";
        }
        if (!type.isCompatibleWith(MediaType.APPLICATION_JSON) && !"json".equals(type.getSubtypeSuffix())) {
            return "Content-Type " + type + " is not JSON: send application/json";
        }
        String charset = type.getParameter("charset");
        if (charset != null) {
            try {
                if (!Charset.forName(charset.replace("\"", "")).equals(StandardCharsets.UTF_8)) {
                    return "charset " + charset + " is not accepted: send leads in UTF-8";
                }
            } catch (IllegalArgumentException e) {
                return "charset " + charset + " is unknown: send leads in UTF-8";
            }
        }
        return null;
    }

    private static String origin(HttpServletRequest request) {
        return ORIGIN + request.getRemoteAddr();
    }
}
