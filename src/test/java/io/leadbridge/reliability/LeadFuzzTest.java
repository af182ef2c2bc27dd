package io.leadbridge.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadbridge.SharedSamples;
import io.leadbridge.config.BridgeProperties;
import io.leadbridge.lead.FieldProblem;
import io.leadbridge.lead.LeadReader;
import io.leadbridge.intake.LeadValidator;
import io.leadbridge.reference.Towns;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property-based fuzzing over the lead schema: any mutation of a sample lead (a field removed, set
 * to another type, to a huge or strange string; the bytes cut or flipped) is read and checked
 * without an exception: either a lead, or a rejection whose every problem names a field.
 */
class LeadFuzzTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final List<JsonNode> SAMPLES = SharedSamples.leads();
    static final LeadReader READER = new LeadReader(new BridgeProperties());
    static final LeadValidator VALIDATOR;

    static {
        BridgeProperties properties = new BridgeProperties();
        VALIDATOR = new LeadValidator(new Towns(properties), java.time.Clock.systemUTC());
    }

    @Provide
    Arbitrary<byte[]> mutatedLeads() {
        Arbitrary<Integer> sample = Arbitraries.integers().between(0, SAMPLES.size() - 1);
        Arbitrary<Integer> field = Arbitraries.integers().between(0, 40);
        Arbitrary<Integer> mutation = Arbitraries.integers().between(0, 9);
        Arbitrary<String> text = Arbitraries.oneOf(Arbitraries.strings().all().ofMaxLength(40),
                Arbitraries.strings().withCharRange('\u4e00', '\u9fff').ofMaxLength(20), Arbitraries.just(""));
        return net.jqwik.api.Combinators.combine(sample, field, mutation, text).as((s, f, m, t) -> mutate(SAMPLES.get(s), f, m, t));
    }

    static byte[] mutate(JsonNode sample, int fieldIndex, int mutation, String text) {
        ObjectNode lead = sample.deepCopy();
        ObjectNode target = lead;
        String field = null;
        int i = 0;
        for (Iterator<String> names = lead.fieldNames(); names.hasNext(); i++) {
            String name = names.next();
            if (i == fieldIndex % lead.size()) {
                field = name;
            }
        }
        if (fieldIndex % 3 == 0 && lead.get("subject") instanceof ObjectNode subject) {
            target = subject;
            field = List.of("name", "address", "operatorIdNumber", "location").get(fieldIndex % 4);
        }
        switch (mutation) {
            case 0 -> target.remove(field);
            case 1 -> target.putNull(field);
            case 2 -> target.put(field, text);
            case 3 -> target.put(field, fieldIndex * 7919L - 40_000);
            case 4 -> target.putArray(field).add(text);
            case 5 -> target.putObject(field).put(text, text);
            case 6 -> target.put(field, true);
            case 7 -> {
                byte[] bytes = lead.toString().getBytes(StandardCharsets.UTF_8);
                return java.util.Arrays.copyOf(bytes, Math.max(0, bytes.length - 1 - fieldIndex * 13 % bytes.length));
            }
            case 8 -> {
                byte[] bytes = lead.toString().getBytes(StandardCharsets.UTF_8);
                bytes[fieldIndex * 31 % bytes.length] ^= (byte) (text.length() + 1);
                return bytes;
            }
            default -> target.put(field, text.repeat(50));
        }
        return lead.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Property(tries = 2000)
    void anyMutationIsReadAndCheckedWithoutAnExceptionAndEveryProblemNamesAField(@ForAll("mutatedLeads") byte[] input) {
        LeadReader.Read read = READER.read(input);
        if (read.rejection() != null) {
            assertThat(read.rejection().status()).isBetween(400, 499);
            assertThat(read.rejection().problems()).isNotEmpty().allSatisfy(p -> assertThat(p.field()).isNotBlank());
            return;
        }
        List<FieldProblem> problems = VALIDATOR.validate(read.lead());
        problems.forEach(p -> {
            assertThat(p.field()).isNotBlank();
            assertThat(p.problem()).isNotBlank();
        });
    }
}
