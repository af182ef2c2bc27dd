package io.leadbridge.routing;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Ops keep the catalogue in Excel: an .xlsx (first sheet, same columns) is read into the same CSV
 * text a .csv gives, row for row, so one parser checks both and a sheet row is a CSV line.
 */
public final class CatalogueFormats {

    private static final byte[] ZIP = {'P', 'K', 3, 4};

    private CatalogueFormats() {
    }

    public static boolean isXlsx(byte[] content) {
        if (content.length < ZIP.length) {
            return false;
        }
        for (int i = 0; i < ZIP.length; i++) {
            if (content[i] != ZIP[i]) {
                return false;
            }
        }
        return true;
    }

    /** The catalogue as CSV bytes: a CSV as it is, an XLSX's first sheet converted. */
    public static byte[] toCsv(String fileName, byte[] content) {
        if (!isXlsx(content)) {
            return content;
        }
        DataFormatter formatter = new DataFormatter();
        try (Workbook workbook = WorkbookFactory.create(new ByteArrayInputStream(content));
             StringWriter out = new StringWriter();
             CSVPrinter printer = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setRecordSeparator("\n").get())) {
            Sheet sheet = workbook.getSheetAt(0);
            int width = Math.max(CatalogueParser.COLUMNS.size(), sheet.getRow(sheet.getFirstRowNum()) == null ? 0
                    : sheet.getRow(sheet.getFirstRowNum()).getLastCellNum());
            for (int r = 0; r <= sheet.getLastRowNum(); r++) {
                Row row = sheet.getRow(r);
                List<String> values = new ArrayList<>();
                for (int c = 0; c < width; c++) {
                    Cell cell = row == null ? null : row.getCell(c);
                    // One line per row: a line break inside a cell would shift every later line number.
                    values.add(cell == null ? "" : formatter.formatCellValue(cell).replace('\n', ' ').replace('\r', ' '));
                }
                printer.printRecord(values);
            }
            printer.flush();
            return out.toString().getBytes(StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            throw new CatalogueRejectedException(List.of(new CatalogueProblem(fileName, 0, null,
                    "not a readable XLSX workbook: " + e.getMessage())));
        }
    }
}
