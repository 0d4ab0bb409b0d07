package org.sealing.report;

import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.FillPatternType;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.IndexedColors;
import org.apache.poi.ss.usermodel.Workbook;

import org.sealing.ledger.Verdict;

/** The few cell styles of the workbook, made once (a workbook holds a limited number of styles). */
final class Styles {

    private final CellStyle header;
    private final CellStyle title;
    private final CellStyle integer;
    private final CellStyle decimal;
    private final CellStyle dateTime;
    private final CellStyle date;
    private final CellStyle compliant;
    private final CellStyle notCompliant;
    private final CellStyle neutral;
    private final CellStyle flagged;
    private final CellStyle note;

    Styles(Workbook workbook) {
        Font bold = workbook.createFont();
        bold.setBold(true);
        header = workbook.createCellStyle();
        header.setFont(bold);
        header.setFillForegroundColor(IndexedColors.GREY_25_PERCENT.getIndex());
        header.setFillPattern(FillPatternType.SOLID_FOREGROUND);
        Font big = workbook.createFont();
        big.setBold(true);
        big.setFontHeightInPoints((short) 14);
        title = workbook.createCellStyle();
        title.setFont(big);
        short formatInteger = workbook.createDataFormat().getFormat("#,##0");
        integer = workbook.createCellStyle();
        integer.setDataFormat(formatInteger);
        decimal = workbook.createCellStyle();
        decimal.setDataFormat(workbook.createDataFormat().getFormat("#,##0.0##"));
        dateTime = workbook.createCellStyle();
        dateTime.setDataFormat(workbook.createDataFormat().getFormat("yyyy-mm-dd hh:mm:ss"));
        date = workbook.createCellStyle();
        date.setDataFormat(workbook.createDataFormat().getFormat("yyyy-mm-dd"));
        compliant = filled(workbook, bold, IndexedColors.LIGHT_GREEN);
        notCompliant = filled(workbook, bold, IndexedColors.ROSE);
        neutral = filled(workbook, bold, IndexedColors.LIGHT_YELLOW);
        flagged = workbook.createCellStyle();
        flagged.setFillForegroundColor(IndexedColors.ROSE.getIndex());
        flagged.setFillPattern(FillPatternType.SOLID_FOREGROUND);
        flagged.setDataFormat(formatInteger);
        Font italic = workbook.createFont();
        italic.setItalic(true);
        italic.setColor(IndexedColors.GREY_50_PERCENT.getIndex());
        note = workbook.createCellStyle();
        note.setFont(italic);
    }

    private static CellStyle filled(Workbook workbook, Font font, IndexedColors color) {
        CellStyle style = workbook.createCellStyle();
        style.setFont(font);
        style.setFillForegroundColor(color.getIndex());
        style.setFillPattern(FillPatternType.SOLID_FOREGROUND);
        return style;
    }

    CellStyle header() {
        return header;
    }

    CellStyle title() {
        return title;
    }

    CellStyle integer() {
        return integer;
    }

    CellStyle decimal() {
        return decimal;
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
}
