package org.sealing.report;

import java.util.ArrayList;
import java.util.List;

import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Workbook;

import org.sealing.ledger.RowCounts;
import org.sealing.ledger.TableFigures;
import org.sealing.ledger.TargetFigures;

/**
 * The Targets and Tables sheets: one row per target and per table, each reconciled (matched = purged
 * + masked + review + failed + refused + not applied, any difference flagged), with what the changed rows
 * became (destroyed or sealed), what was restored, what verification left and the compliance rate.
 */
final class FiguresSheets {

    private static final SheetWriter.Column[] COUNTS = {
        SheetWriter.Column.number("Rows in scope"), SheetWriter.Column.number("Matched"),
        SheetWriter.Column.number("Purged"), SheetWriter.Column.number("Masked"),
        SheetWriter.Column.number("Destroyed"), SheetWriter.Column.number("Sealed"),
        SheetWriter.Column.number("Restored"), SheetWriter.Column.number("Restore conflicts"),
        SheetWriter.Column.number("Review"), SheetWriter.Column.number("Failed"),
        SheetWriter.Column.number("Refused"), SheetWriter.Column.number("Not applied"),
        SheetWriter.Column.number("Difference"), SheetWriter.Column.number("Residual"),
        new SheetWriter.Column("Compliance rate", SheetWriter.Kind.PERCENT, 11),
    };
    /** Where Difference is among the counts (Residual follows it). */
    private static final int DIFFERENCE = 12;

    private final Styles styles;
    private final CourtTime time;
    private final String heading;

    FiguresSheets(Styles styles, CourtTime time, String heading) {
        this.styles = styles;
        this.time = time;
        this.heading = heading;
    }

    void targets(Workbook workbook, FrozenFigures f) {
        List<SheetWriter.Column> columns = new ArrayList<>(List.of(SheetWriter.Column.text("Target", 18),
                SheetWriter.Column.text("State", 10)));
        columns.addAll(List.of(COUNTS));
        columns.addAll(List.of(SheetWriter.Column.text("Verified", 9),
                new SheetWriter.Column(time.header("Verified at"), SheetWriter.Kind.TIME, time.width()),
                new SheetWriter.Column("Duration (s)", SheetWriter.Kind.DECIMAL, 10), SheetWriter.Column.text("Reason", 40)));
        SheetWriter sheet = new SheetWriter(workbook.createSheet("Targets"), styles, heading,
                columns.toArray(new SheetWriter.Column[0]));
        for (TargetFigures t : f.targets()) {
            List<Object> values = new ArrayList<>(List.of(t.target(), t.state().name().toLowerCase()));
            values.addAll(counts(t.rows(), t.residual()));
            values.add(t.verified());
            values.add(time.of(f.verifiedAt().get(t.target())));
            values.add(t.seconds() == null ? null : Math.round(t.seconds() * 10) / 10.0);
            values.add(t.reason());
            Row row = sheet.row(values.toArray());
            flag(row, 2 + DIFFERENCE, t.rows(), t.residual());
        }
        sheet.finish();
    }

    void tables(Workbook workbook, FrozenFigures f) {
        List<SheetWriter.Column> columns = new ArrayList<>(List.of(SheetWriter.Column.text("Target", 18),
                SheetWriter.Column.text("Table", 26), SheetWriter.Column.text("Holds", 12),
                SheetWriter.Column.text("Action", 8), SheetWriter.Column.number("Rows in table")));
        columns.addAll(List.of(COUNTS));
        columns.addAll(List.of(SheetWriter.Column.text("Refused by max-change-ratio", 17),
                SheetWriter.Column.text("Reason", 40)));
        SheetWriter sheet = new SheetWriter(workbook.createSheet("Tables"), styles, heading,
                columns.toArray(new SheetWriter.Column[0]));
        for (TargetFigures t : f.targets()) {
            for (TableFigures table : t.tables()) {
                List<Object> values = new ArrayList<>(List.of(t.target(), table.table()));
                values.add(f.holds().get(t.target() + "/" + table.table()));
                values.add(table.action().toLowerCase());
                values.add(table.totalRows());
                values.addAll(counts(table.rows(), table.residual()));
                values.add(table.refusedByRatio());
                values.add(table.reason());
                Row row = sheet.row(values.toArray());
                flag(row, 5 + DIFFERENCE, table.rows(), table.residual());
            }
        }
        sheet.finish();
    }

    /** The values of {@link #COUNTS}: in scope and the rate only once verification ran. */
    private static List<Object> counts(RowCounts r, Long residual) {
        List<Object> values = new ArrayList<>();
        values.add(residual == null ? null : r.changed() + residual);
        values.addAll(List.of(r.matched(), r.purged(), r.masked(), r.destroyed(), r.sealed(), r.restored(),
                r.conflicts(), r.review(), r.failed(), r.refused(), r.notApplied(), r.difference()));
        values.add(residual);
        values.add(EvidenceMath.complianceRate(r.changed(), residual));
        return values;
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
