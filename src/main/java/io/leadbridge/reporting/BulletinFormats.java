package io.leadbridge.reporting;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.FillPatternType;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.IndexedColors;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The bulletin's tables as XLSX (a sheet a table, Chinese headers, laggards in red) or CSV (sections). */
public final class BulletinFormats {

    private BulletinFormats() {
    }

    public static byte[] xlsx(String title, List<Reports.Table> tables) {
        try (XSSFWorkbook workbook = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            CellStyle header = workbook.createCellStyle();
            Font bold = workbook.createFont();
            bold.setBold(true);
            header.setFont(bold);
            CellStyle laggard = workbook.createCellStyle();
            laggard.setFillForegroundColor(IndexedColors.ROSE.getIndex());
            laggard.setFillPattern(FillPatternType.SOLID_FOREGROUND);
            for (Reports.Table table : tables) {
                Sheet sheet = workbook.createSheet(org.apache.poi.ss.util.WorkbookUtil.createSafeSheetName(table.title()));
                Row titleRow = sheet.createRow(0);
                titleRow.createCell(0).setCellValue(title + " · " + table.title());
                Row head = sheet.createRow(1);
                for (int c = 0; c < table.headers().size(); c++) {
                    head.createCell(c).setCellValue(table.headers().get(c));
                    head.getCell(c).setCellStyle(header);
                }
                for (int r = 0; r < table.rows().size(); r++) {
                    Row row = sheet.createRow(r + 2);
                    List<Object> values = table.rows().get(r);
                    for (int c = 0; c < values.size(); c++) {
                        Object v = values.get(c);
                        var cell = row.createCell(c);
                        if (v instanceof Number n) {
                            cell.setCellValue(n.doubleValue());
                        } else {
                            cell.setCellValue(String.valueOf(v));
                        }
                        if (table.laggards().contains(r)) {
                            cell.setCellStyle(laggard);
                        }
                    }
                }
                for (int c = 0; c < table.headers().size(); c++) {
                    sheet.setColumnWidth(c, 16 * 256);
                }
            }
            workbook.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] csv(String title, List<Reports.Table> tables) {
        StringWriter out = new StringWriter();
        try (CSVPrinter csv = new CSVPrinter(out, CSVFormat.DEFAULT)) {
            csv.printRecord(title);
            for (Reports.Table table : tables) {
                csv.println();
                csv.printRecord(table.title());
                csv.printRecord(table.headers());
                for (int r = 0; r < table.rows().size(); r++) {
                    List<Object> row = new java.util.ArrayList<>(table.rows().get(r).stream().map(SpreadsheetText::cell).toList());
                    if (table.laggards().contains(r)) {
                        row.add("落后");
                    }
                    csv.printRecord(row);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ("\uFEFF" + out).getBytes(StandardCharsets.UTF_8);
    }
}
