package io.leadbridge.lead;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.leadbridge.config.BridgeProperties;
import org.springframework.stereotype.Component;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Bytes to a lead's JSON tree, strictly: UTF-8 only (a BOM is allowed), one JSON object,
 * no duplicate keys, nothing after it. Anything else is an {@link InputRejection} that says why.
 */
@Component
public class LeadReader {

    /** Either a tree or a rejection. */
    public record Read(JsonNode lead, String text, InputRejection rejection) {
    }

    private final ObjectMapper strict = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private final int maxBytes;

    public LeadReader(BridgeProperties properties) {
        this.maxBytes = properties.getIntake().getMaxLeadBytes();
    }

    public int maxBytes() {
        return maxBytes;
    }

    public Read read(byte[] body) {
        if (body == null || body.length == 0) {
            return rejected(null, InputRejection.of(400, "Empty body", "body", "the body is empty: send one lead as a JSON object"));
        }
        if (body.length > maxBytes) {
            return rejected(lossy(body, maxBytes), InputRejection.of(413, "Lead too large", "body",
                    "the lead is " + body.length + " bytes; the limit is " + maxBytes));
        }
        String text;
        try {
            text = decoder().decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            return rejected(lossy(body, body.length), InputRejection.of(400, "Not UTF-8", "body",
                    "the body is not valid UTF-8 (byte " + firstBadByte(body) + "): send leads in UTF-8"));
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        if (text.isBlank()) {
            return rejected(text, InputRejection.of(400, "Empty body", "body", "the body is blank: send one lead as a JSON object"));
        }
        try {
            JsonNode tree = strict.readTree(text);
            if (!tree.isObject()) {
                return rejected(text, InputRejection.of(400, "Not a lead", "body",
                        "a lead must be a JSON object, not " + tree.getNodeType().name().toLowerCase()));
            }
            return new Read(tree, text, null);
        } catch (JsonProcessingException e) {
            return rejected(text, InputRejection.of(400, "Not JSON", "body", "not valid JSON: " + describe(e)));
        }
    }

    /** The body as text to keep beside a rejection found elsewhere (bytes that are not UTF-8 as U+FFFD), up to the limit. */
    public String text(byte[] body) {
        return body == null || body.length == 0 ? null : lossy(body, maxBytes);
    }

    private static Read rejected(String text, InputRejection rejection) {
        return new Read(null, text, rejection);
    }

    private static CharsetDecoder decoder() {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    private static String lossy(byte[] body, int max) {
        return new String(body, 0, Math.min(max, body.length), StandardCharsets.UTF_8);
    }

    private static int firstBadByte(byte[] body) {
        ByteBuffer in = ByteBuffer.wrap(body);
        java.nio.CharBuffer out = java.nio.CharBuffer.allocate(body.length + 1);
        CharsetDecoder decoder = decoder();
        var result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        // On an error the decoder leaves the input at the start of the malformed sequence.
        return in.position();
    }

    private static String describe(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        var location = e.getLocation();
        return location == null ? message
                : message + " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

}
