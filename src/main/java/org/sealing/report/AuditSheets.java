package org.sealing.report;

import org.apache.poi.ss.usermodel.Workbook;

/**
 * The Audit sheet: one row per order, target, table, action and outcome, with its rows and its first and
 * last change, summed in the control database and streamed; past Excel's row limit it continues on
 * further sheets ("Audit 2", ...), each with the header. Row by row, with each row's reference and its
 * ledger entry's hash, the ledger export beside the workbook holds the same.
 */
final class AuditSheets {

    private final Styles styles;
    private final CourtTime time;
    private final int rowsPerSheet;
    private final String heading;
    private final SheetWriter.Column[] columns;
    private SheetWriter sheet;
    private final java.util.List<SheetWriter> written = new java.util.ArrayList<>();
    private int inSheet;
    private int sheets;

    AuditSheets(Styles styles, CourtTime time, int rowsPerSheet, String heading) {
        this.styles = styles;
        this.time = time;
        this.rowsPerSheet = rowsPerSheet;
        this.heading = heading;
        this.columns = new SheetWriter.Column[] {SheetWriter.Column.text("Order", 20),
            SheetWriter.Column.text("Statute", 9), SheetWriter.Column.text("Target", 18),
            SheetWriter.Column.text("Table", 26), SheetWriter.Column.text("Action", 9),
            SheetWriter.Column.text("Outcome", 9), SheetWriter.Column.number("Rows", 10),
            new SheetWriter.Column(time.header("First change"), SheetWriter.Kind.TIME, time.width()),
            new SheetWriter.Column(time.header("Last change"), SheetWriter.Kind.TIME, time.width())};
    }

    /** The rows the sheets sum: changed (purged or masked) and restored. */
    record Totals(long changed, long restored) {
    }

    /** Writes the sheets; returns the rows they sum. */
    Totals write(Workbook workbook, AuditFeed groups) {
        sheets = 1;
        sheet = new SheetWriter(workbook.createSheet("Audit"), styles, heading, columns);
        written.add(sheet);
        inSheet = 0;
        long[] rows = {0, 0};
        groups.drainTo(a -> {
            if (inSheet == rowsPerSheet) {
                sheet.finish();
                sheets++;
                sheet = new SheetWriter(workbook.createSheet("Audit " + sheets), styles, heading, columns);
                written.add(sheet);
                inSheet = 0;
            }
            sheet.row(a.order(), a.statute(), a.target(), a.table(), a.action(), a.outcome(), a.rows(), a.first(),
                    a.last());
            rows["restore".equals(a.action()) ? 1 : 0] += a.rows();
            inSheet++;
        });
        sheet.finish();
        return new Totals(rows[0], rows[1]);
    }

    /** Puts the workbook's heading at the top of the sheets' printed pages (known after they were written). */
    void heading(String heading) {
        written.forEach(w -> w.heading(heading));
    }

    /** How many sheets the audit took. */
    int sheets() {
        return sheets;
    }
}
