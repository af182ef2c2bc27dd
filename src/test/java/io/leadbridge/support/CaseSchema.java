package io.leadbridge.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.leadbridge.SharedSamples;

import java.util.Set;

/** The collaborative-case schema as ../shared/contracts holds it (not the bridge's bundled copy). */
public final class CaseSchema {

    private static final JsonSchema SCHEMA = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
            .getSchema(SchemaLocation.of(SharedSamples.contract("collaborative-case.schema.json").toAbsolutePath().toUri().toString()),
                    SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build());

    private CaseSchema() {
    }

    public static Set<ValidationMessage> validate(JsonNode collaborativeCase) {
        return SCHEMA.validate(collaborativeCase);
    }
}
