package io.leadbridge.bench;

/** The department codes the generated catalogues use (those of config/departments.csv). */
final class CatalogueGeneratorDepartments {
    static final String[] CODES = {"AMR", "HEALTH", "CULTURE", "PSB", "EDU", "HRSS", "TRANSPORT", "EMERGENCY",
            "ECO", "HOUSING", "URBAN", "COMMERCE", "AGRI", "TOBACCO", "FIRE", "WATER", "CIVIL", "POSTAL", "FINANCE", "NATRES"};

    private CatalogueGeneratorDepartments() {
    }
}
