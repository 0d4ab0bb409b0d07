package org.sealing.report;

import org.apache.poi.ss.usermodel.Workbook;

import org.sealing.ledger.TableFigures;
import org.sealing.ledger.TargetFigures;
import org.sealing.ledger.TargetState;

/**
 * The Exceptions sheet, what went wrong in a run row by row (refused feed files, rejected lines, updated
 * orders, failed targets, refused tables, failed rows, restore conflicts), and the Review sheet beside it.
 */
final class ExceptionsSheets {

    private final Styles styles;
    private final WorkbookReader reader;
    private final String heading;

    ExceptionsSheets(Styles styles, WorkbookReader reader, String heading) {
        this.styles = styles;
        this.reader = reader;
        this.heading = heading;
    }

    void exceptions(Workbook workbook, WorkbookReader.Execution e, FrozenFigures f) {
        SheetWriter sheet = new SheetWriter(workbook.createSheet("Exceptions"), styles, heading,
                SheetWriter.Column.text("Kind", 18), SheetWriter.Column.text("File or target", 38),
                SheetWriter.Column.text("Line or table", 24), SheetWriter.Column.text("Reason", 60),
                SheetWriter.Column.text("Order", 20), SheetWriter.Column.text("Row reference", 66));
        // a feed line's number as text ("line 98"): the column also holds table names, one alignment for both
        reader.feedExceptions(e.runId(), x -> sheet.row(x.kind(), x.source(),
                x.line() != null ? "line " + x.line() : x.table(), x.reason(), x.order(), x.rowRef()));
        for (TargetFigures t : f.targets()) {
            if (t.state() == TargetState.FAILED) {
                sheet.row("failed target", t.target(), null, t.reason(), null, null);
            }
        }
        for (TargetFigures t : f.targets()) {
            for (TableFigures table : t.tables()) {
                if (table.refusedByRatio()) {
                    sheet.row("refused table", t.target(), table.table(), table.reason(), null, null);
                }
            }
        }
        reader.rowExceptions(e, x -> sheet.row(x.kind(), x.source(), x.table(), x.reason(), x.order(), x.rowRef()));
        sheet.finish();
    }

    /**
     * The Review sheet: its header only. Person-level possible matches would await a human decision
     * here, but no rule produces one until person-level matching exists; SPEC keeps the sheet.
     */
    void review(Workbook workbook) {
        SheetWriter sheet = new SheetWriter(workbook.createSheet("Review"), styles, heading,
                SheetWriter.Column.text("Target", 18), SheetWriter.Column.text("Table", 26),
                SheetWriter.Column.text("Row reference", 66), SheetWriter.Column.text("Order", 20),
                SheetWriter.Column.text("Statute", 9), SheetWriter.Column.text("Why", 60));
        sheet.finish();
    }
}
