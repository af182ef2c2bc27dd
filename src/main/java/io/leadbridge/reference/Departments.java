package io.leadbridge.reference;

import io.leadbridge.config.BridgeProperties;
import org.springframework.stereotype.Component;

/** The department code table, config/departments.csv. */
@Component
public class Departments extends CodeTable {
    public Departments(BridgeProperties properties) {
        super(properties.configFile("departments.csv"));
    }
}
