package io.leadbridge.storage;

import io.leadbridge.access.ApiClient;
import io.leadbridge.audit.AuditLog;
import io.leadbridge.web.BridgeUnavailableException;
import org.springframework.jms.JmsException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The broker's dead letters for ops ({@link DeadLetters}): {@code GET /api/v1/dead-letters} counts them by the queue
 * they came from; {@code POST /api/v1/dead-letters/requeue?queue=sgs.leads} puts those of one queue back on it
 * (audited). Ops key only. The broker out of reach: 503.
 */
@RestController
public class DeadLettersApi {

    private final DeadLetters deadLetters;
    private final AuditLog audit;

    public DeadLettersApi(DeadLetters deadLetters, AuditLog audit) {
        this.deadLetters = deadLetters;
        this.audit = audit;
    }

    @GetMapping("/api/v1/dead-letters")
    public Map<String, Object> counts() {
        Map<String, Long> byQueue = fromBroker(deadLetters::counts);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("total", byQueue.values().stream().mapToLong(Long::longValue).sum());
        answer.put("byQueue", byQueue);
        return answer;
    }

    @PostMapping("/api/v1/dead-letters/requeue")
    public Map<String, Object> requeue(@RequestParam(required = false) String queue,
                                       @RequestAttribute(ApiClient.REQUEST_ATTRIBUTE) ApiClient client) {
        int moved = fromBroker(() -> deadLetters.requeue(queue));
        audit.record(AuditLog.Actor.api(client.name()), "DEAD_LETTERS_REQUEUE", null, queue, null, moved + " message(s)");
        return Map.of("queue", queue, "requeued", moved);
    }

    private static <T> T fromBroker(Supplier<T> call) {
        try {
            return call.get();
        } catch (JmsException | IllegalStateException e) {
            throw new BridgeUnavailableException("the broker's dead-letter queue cannot be reached now: try again later", e);
        }
    }
}
