package io.leadbridge.reporting;

/** Text for a CSV or spreadsheet cell that a spreadsheet will not run as a formula (=, +, -, @, tab, CR first). */
public final class SpreadsheetText {

    private SpreadsheetText() {
    }

    public static Object cell(Object value) {
        return value instanceof String s ? cell(s) : value;
    }

    public static String cell(String value) {
        if (value != null && !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0) {
            return "'" + value;
        }
        return value;
    }
}
