package org.sealing.report;

import java.util.List;

import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Workbook;

import org.sealing.ledger.RowCounts;
import org.sealing.ledger.TableFigures;
import org.sealing.ledger.TargetFigures;

/**
 * The Targets and Tables sheets: one row per target and per table, each reconciled (matched = purged
 * + masked + review + failed + refused, any difference flagged) and with what verification left.
 */
final class FiguresSheets {

    private final Styles styles;

    FiguresSheets(Styles styles) {
        this.styles = styles;
    }

    void targets(Workbook workbook, List<TargetFigures> targets) {
        SheetWriter sheet = new SheetWriter(workbook.createSheet("Targets"), styles, "Target", "Reached", "Matched",
                "Purged", "Masked", "Review", "Failed", "Refused", "Not applied", "Difference", "Residual", "Verified",
                "Duration (s)", "State", "Reason");
        for (TargetFigures t : targets) {
            RowCounts r = t.rows();
            Row row = sheet.row(t.target(), t.reached(), r.matched(), r.purged(), r.masked(), r.review(), r.failed(),
                    r.refused(), r.notApplied(), r.difference(), t.residual(), t.verified(), t.seconds(),
                    t.state().name(), t.reason());
            flag(row, 9, r, t.residual());
        }
        sheet.finish(24, 9, 11, 11, 11, 9, 9, 9, 11, 11, 10, 9, 12, 10, 70);
    }

    void tables(Workbook workbook, List<TargetFigures> targets) {
        SheetWriter sheet = new SheetWriter(workbook.createSheet("Tables"), styles, "Target", "Table", "Action",
                "Rows in table", "Matched", "Purged", "Masked", "Review", "Failed", "Refused", "Not applied",
                "Difference", "Residual", "Refused by max-change-ratio", "Reason");
        for (TargetFigures t : targets) {
            for (TableFigures table : t.tables()) {
                RowCounts r = table.rows();
                Row row = sheet.row(t.target(), table.table(), table.action().toLowerCase(), table.totalRows(),
                        r.matched(), r.purged(), r.masked(), r.review(), r.failed(), r.refused(), r.notApplied(),
                        r.difference(), table.residual(), table.refusedByRatio(), table.reason());
                flag(row, 11, r, table.residual());
            }
        }
        sheet.finish(22, 30, 8, 14, 11, 11, 11, 9, 9, 9, 11, 11, 10, 14, 70);
    }

    /** Flags a difference that is not 0 (in column {@code difference}) and a residual that is not 0 (next to it). */
    private void flag(Row row, int difference, RowCounts rows, Long residual) {
        if (rows.difference() != 0) {
            row.getCell(difference).setCellStyle(styles.flagged());
        }
        if (residual != null && residual != 0) {
            row.getCell(difference + 1).setCellStyle(styles.flagged());
        }
    }
}
