package io.leadbridge.reference;

import io.leadbridge.config.BridgeProperties;
import org.springframework.stereotype.Component;

/** The town code table, config/towns.csv: a lead from a town not in it is invalid. */
@Component
public class Towns extends CodeTable {
    public Towns(BridgeProperties properties) {
        super(properties.configFile("towns.csv"));
    }
}
