package org.sealing.report;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.ss.usermodel.Sheet;

/**
 * Rows of one sheet, written in order with typed cells: numbers as numbers, times as date-times,
 * text as text. The header goes in row 1, frozen and filtered, with readable column widths.
 */
final class SheetWriter {

    private final Sheet sheet;
    private final Styles styles;
    private final int columns;
    private int next;

    SheetWriter(Sheet sheet, Styles styles, String... header) {
        this.sheet = sheet;
        this.styles = styles;
        this.columns = header.length;
        if (header.length > 0) {
            Row row = sheet.createRow(next++);
            for (int i = 0; i < header.length; i++) {
                Cell cell = row.createCell(i);
                cell.setCellValue(header[i]);
                cell.setCellStyle(styles.header());
            }
            sheet.createFreezePane(0, 1);
        }
    }

    Sheet sheet() {
        return sheet;
    }

    int rowsWritten() {
        return next;
    }

    /** Writes a row of values; null leaves the cell empty. */
    Row row(Object... values) {
        Row row = sheet.createRow(next++);
        for (int i = 0; i < values.length; i++) {
            set(row.createCell(i), values[i]);
        }
        return row;
    }

    void set(Cell cell, Object value) {
        if (value == null) {
            return;
        }
        if (value instanceof Number n) {
            cell.setCellValue(n.doubleValue());
            cell.setCellStyle(n instanceof Double || n instanceof Float ? styles.decimal() : styles.integer());
        } else if (value instanceof OffsetDateTime t) {
            cell.setCellValue(t.toLocalDateTime());
            cell.setCellStyle(styles.dateTime());
        } else if (value instanceof LocalDateTime t) {
            cell.setCellValue(t);
            cell.setCellStyle(styles.dateTime());
        } else if (value instanceof LocalDate d) {
            cell.setCellValue(d);
            cell.setCellStyle(styles.date());
        } else if (value instanceof Boolean b) {
            cell.setCellValue(b ? "yes" : "no");
        } else {
            cell.setCellValue(value.toString());
        }
    }

    /** Adds the auto-filter over the header and the rows written, and sets column widths in characters. */
    void finish(int... widths) {
        if (columns > 0 && next > 0) {
            sheet.setAutoFilter(new CellRangeAddress(0, next - 1, 0, columns - 1));
        }
        for (int i = 0; i < widths.length; i++) {
            sheet.setColumnWidth(i, Math.min(255, widths[i]) * 256);
        }
    }
}
