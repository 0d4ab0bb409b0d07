package org.sealing.report;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.PrintSetup;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.util.CellRangeAddress;

/**
 * Rows of one sheet, written in order with typed cells: numbers as numbers (right-aligned, like their
 * headers), times as date-times, text as text that wraps at word boundaries in a column wide enough for
 * what it usually holds, each row as tall as its longest text needs. The header goes in row 1, frozen,
 * filtered and repeated on every printed page; pages are landscape, fitted to the width, with the
 * workbook's name in the page header and the sheet and page number in the footer.
 */
final class SheetWriter {

    /** What a column holds, which decides its cells' style and its header's alignment. */
    enum Kind {
        TEXT, NUMBER, DECIMAL, PERCENT, TIME, DATE
    }

    /** A column: its header, what it holds and its width in characters. */
    record Column(String header, Kind kind, int width) {

        static Column text(String header, int width) {
            return new Column(header, Kind.TEXT, width);
        }

        static Column number(String header) {
            return new Column(header, Kind.NUMBER, Math.max(10, longestWord(header) + 3));
        }

        static Column number(String header, int width) {
            return new Column(header, Kind.NUMBER, width);
        }

        boolean right() {
            return kind != Kind.TEXT;
        }
    }

    /** Points per line of text in the default font. */
    private static final float LINE = 15f;

    private final Sheet sheet;
    private final Styles styles;
    private final Column[] columns;
    private final boolean headed;
    private int next;

    /** A sheet with its header in row 1. */
    SheetWriter(Sheet sheet, Styles styles, String heading, Column... columns) {
        this(sheet, styles, heading, true, columns);
    }

    /** A sheet of {@code columns}, with their header in row 1 when {@code headed}. */
    SheetWriter(Sheet sheet, Styles styles, String heading, boolean headed, Column... columns) {
        this.sheet = sheet;
        this.styles = styles;
        this.columns = columns;
        this.headed = headed;
        for (int i = 0; i < columns.length; i++) {
            sheet.setColumnWidth(i, Math.min(255, columns[i].width()) * 256);
        }
        if (headed) {
            Row row = sheet.createRow(next++);
            int lines = 1;
            for (int i = 0; i < columns.length; i++) {
                Cell cell = row.createCell(i);
                cell.setCellValue(columns[i].header());
                cell.setCellStyle(styles.header(columns[i].right()));
                lines = Math.max(lines, lines(columns[i].header(), columns[i].width() - 3));
            }
            row.setHeightInPoints(lines * LINE + 2);
            sheet.createFreezePane(0, 1);
            sheet.setRepeatingRows(new CellRangeAddress(0, 0, 0, columns.length - 1));
        }
        page(heading);
    }

    private void page(String heading) {
        sheet.setFitToPage(true);
        sheet.setAutobreaks(true);
        PrintSetup print = sheet.getPrintSetup();
        print.setLandscape(true);
        print.setPaperSize(PrintSetup.LETTER_PAPERSIZE);
        print.setFitWidth((short) 1);
        print.setFitHeight((short) 0);
        sheet.setMargin(Sheet.LeftMargin, 0.4);
        sheet.setMargin(Sheet.RightMargin, 0.4);
        sheet.setMargin(Sheet.TopMargin, 0.6);
        sheet.setMargin(Sheet.BottomMargin, 0.6);
        heading(heading);
        sheet.getFooter().setLeft("&A");
        sheet.getFooter().setRight("Page &P of &N");
    }

    /** The heading at the top of every printed page. */
    void heading(String heading) {
        sheet.getHeader().setLeft(heading.replace("&", "&&"));
    }

    Sheet sheet() {
        return sheet;
    }

    /** Rows written so far, the header included. */
    int rowsWritten() {
        return next;
    }

    /** Writes a row of values; null leaves the cell empty. */
    Row row(Object... values) {
        Row row = sheet.createRow(next++);
        int lines = 1;
        for (int i = 0; i < values.length; i++) {
            Cell cell = row.createCell(i);
            set(cell, values[i], i < columns.length ? columns[i].kind() : Kind.TEXT);
            if (values[i] instanceof String s && i < columns.length) {
                lines = Math.max(lines, lines(s, columns[i].width() - 1));
            }
        }
        if (lines > 1) {
            row.setHeightInPoints(lines * LINE);
        }
        return row;
    }

    private void set(Cell cell, Object value, Kind kind) {
        if (value == null) {
            return;
        }
        if (value instanceof Number n) {
            cell.setCellValue(n.doubleValue());
            cell.setCellStyle(kind == Kind.PERCENT ? styles.percent()
                    : n instanceof Double || n instanceof Float || kind == Kind.DECIMAL ? styles.decimal()
                    : styles.integer());
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
            cell.setCellStyle(styles.text());
        } else {
            cell.setCellValue(value.toString());
            cell.setCellStyle(styles.text());
        }
    }

    /** Adds the auto-filter over the header and the rows written. */
    void finish() {
        if (headed && next > 1) {
            sheet.setAutoFilter(new CellRangeAddress(0, next - 1, 0, columns.length - 1));
        }
    }

    /** How many lines a text takes in a column of {@code width} characters, wrapped at spaces. */
    static int lines(String text, int width) {
        if (text.length() <= width && text.indexOf('\n') < 0) {
            return 1;
        }
        int lines = 0;
        for (String paragraph : text.split("\n", -1)) {
            int line = 0;
            lines++;
            for (String word : paragraph.split(" ")) {
                int length = word.length();
                if (line > 0 && line + 1 + length > width) {
                    lines++;
                    line = 0;
                }
                line += (line > 0 ? 1 : 0) + length;
                while (line > width) {
                    lines++;
                    line -= width;
                }
            }
        }
        return Math.max(1, lines);
    }

    private static int longestWord(String text) {
        int longest = 0;
        for (String word : text.split(" ")) {
            longest = Math.max(longest, word.length());
        }
        return longest;
    }
}
