package org.sealing.report;

import org.apache.poi.ss.usermodel.BorderStyle;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.FillPatternType;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.HorizontalAlignment;
import org.apache.poi.ss.usermodel.IndexedColors;
import org.apache.poi.ss.usermodel.VerticalAlignment;
import org.apache.poi.ss.usermodel.Workbook;

import org.sealing.ledger.Verdict;

/**
 * The few cell styles of the workbook, made once (a workbook holds a limited number of styles). Text
 * wraps at word boundaries and sits at the top of its cell; numbers and their headers are aligned right,
 * text and its headers left.
 */
final class Styles {

    private final Workbook workbook;
    private final Font bold;
    private final CellStyle headerLeft;
    private final CellStyle headerRight;
    private final CellStyle title;
    private final CellStyle section;
    private final CellStyle text;
    private final CellStyle label;
    private final CellStyle integer;
    private final CellStyle decimal;
    private final CellStyle percent;
    private final CellStyle dateTime;
    private final CellStyle date;
    private final CellStyle compliant;
    private final CellStyle notCompliant;
    private final CellStyle neutral;
    private final CellStyle flagged;
    private final CellStyle note;
    private final CellStyle signature;

    Styles(Workbook workbook) {
        this.workbook = workbook;
        bold = workbook.createFont();
        bold.setBold(true);
        headerLeft = header(HorizontalAlignment.LEFT);
        headerRight = header(HorizontalAlignment.RIGHT);
        Font big = workbook.createFont();
        big.setBold(true);
        big.setFontHeightInPoints((short) 14);
        title = workbook.createCellStyle();
        title.setFont(big);
        section = workbook.createCellStyle();
        section.setFont(bold);
        section.setBorderBottom(BorderStyle.THIN);
        text = aligned(HorizontalAlignment.LEFT);
        text.setWrapText(true);
        label = aligned(HorizontalAlignment.LEFT);
        label.setWrapText(true);
        label.setFont(bold);
        integer = number("#,##0");
        decimal = number("#,##0.0##");
        percent = number("0.00%");
        dateTime = number("yyyy-mm-dd hh:mm:ss");
        date = number("yyyy-mm-dd");
        compliant = filled(IndexedColors.LIGHT_GREEN);
        notCompliant = filled(IndexedColors.ROSE);
        neutral = filled(IndexedColors.LIGHT_YELLOW);
        flagged = number("#,##0");
        flagged.setFillForegroundColor(IndexedColors.ROSE.getIndex());
        flagged.setFillPattern(FillPatternType.SOLID_FOREGROUND);
        Font italic = workbook.createFont();
        italic.setItalic(true);
        italic.setColor(IndexedColors.GREY_50_PERCENT.getIndex());
        note = aligned(HorizontalAlignment.LEFT);
        note.setFont(italic);
        note.setWrapText(true);
        signature = aligned(HorizontalAlignment.LEFT);
        signature.setBorderBottom(BorderStyle.THIN);
    }

    private CellStyle header(HorizontalAlignment alignment) {
        CellStyle style = aligned(alignment);
        style.setFont(bold);
        style.setWrapText(true);
        style.setFillForegroundColor(IndexedColors.GREY_25_PERCENT.getIndex());
        style.setFillPattern(FillPatternType.SOLID_FOREGROUND);
        style.setBorderBottom(BorderStyle.THIN);
        return style;
    }

    private CellStyle aligned(HorizontalAlignment alignment) {
        CellStyle style = workbook.createCellStyle();
        style.setAlignment(alignment);
        style.setVerticalAlignment(VerticalAlignment.TOP);
        if (alignment == HorizontalAlignment.LEFT) {
            // a step in from the cell's left edge: text after a right-aligned number (a line number, a count) read
            // as one run ("511 lines 2 + 3") in the rendered Reconciliation and Exceptions sheets
            style.setIndention((short) 1);
        }
        return style;
    }

    private CellStyle number(String format) {
        CellStyle style = aligned(HorizontalAlignment.RIGHT);
        style.setDataFormat(workbook.createDataFormat().getFormat(format));
        return style;
    }

    private CellStyle filled(IndexedColors color) {
        CellStyle style = aligned(HorizontalAlignment.LEFT);
        style.setFont(bold);
        style.setFillForegroundColor(color.getIndex());
        style.setFillPattern(FillPatternType.SOLID_FOREGROUND);
        return style;
    }

    CellStyle header(boolean right) {
        return right ? headerRight : headerLeft;
    }

    CellStyle title() {
        return title;
    }

    CellStyle section() {
        return section;
    }

    CellStyle text() {
        return text;
    }

    CellStyle label() {
        return label;
    }

    CellStyle integer() {
        return integer;
    }

    CellStyle decimal() {
        return decimal;
    }

    CellStyle percent() {
        return percent;
    }

    CellStyle dateTime() {
        return dateTime;
    }

    CellStyle date() {
        return date;
    }

    CellStyle verdict(Verdict verdict) {
        return switch (verdict) {
            case COMPLIANT -> compliant;
            case NOT_COMPLIANT -> notCompliant;
            case DRY_RUN -> neutral;
        };
    }

    CellStyle flagged() {
        return flagged;
    }

    CellStyle note() {
        return note;
    }

    CellStyle signature() {
        return signature;
    }
}
