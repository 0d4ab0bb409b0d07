package org.sealing.report;

import org.apache.poi.ss.usermodel.Workbook;

/**
 * The Exceptions sheet, what went wrong in a run row by row, and the Review sheet beside it.
 */
final class ExceptionsSheets {

    private final Styles styles;
    private final WorkbookReader reader;

    ExceptionsSheets(Styles styles, WorkbookReader reader) {
        this.styles = styles;
        this.reader = reader;
    }

    void exceptions(Workbook workbook, long runId) {
        SheetWriter sheet = new SheetWriter(workbook.createSheet("Exceptions"), styles, "Kind", "File or target",
                "Line or table", "Reason", "Order", "Row reference");
        reader.exceptions(runId, e -> sheet.row(e.kind(), e.source(), e.line() != null ? e.line() : e.table(),
                e.reason(), e.order(), e.rowRef()));
        sheet.finish(20, 34, 24, 80, 18, 66);
    }

    /**
     * The Review sheet: its header only. Person-level possible matches would await a human decision
     * here, but no rule produces one until person-level matching exists; SPEC keeps the sheet.
     */
    void review(Workbook workbook) {
        SheetWriter sheet = new SheetWriter(workbook.createSheet("Review"), styles, "Target", "Table",
                "Row reference", "Order", "Statute", "Why");
        sheet.finish(22, 30, 66, 18, 9, 60);
    }
}
