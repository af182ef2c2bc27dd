package io.leadbridge.routing;

/** One reason a catalogue is refused, placed by file, line and column. */
public record CatalogueProblem(String file, long line, String column, String message) {
    @Override
    public String toString() {
        return file + ":" + line + (column == null ? "" : " [" + column + "]") + ": " + message;
    }
}
