package io.leadbridge.access;

/** Who called the API, by the key they sent: smart-grid, ops, or a department code. */
public record ApiClient(String name) {

    public static final String SMART_GRID = "smart-grid";
    public static final String OPS = "ops";
    public static final String REQUEST_ATTRIBUTE = "io.leadbridge.access.ApiClient";

    public boolean isSmartGrid() {
        return SMART_GRID.equals(name);
    }

    public boolean isOps() {
        return OPS.equals(name);
    }

    public boolean isDepartment() {
        return !isSmartGrid() && !isOps();
    }
}
