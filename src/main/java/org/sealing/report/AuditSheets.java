package org.sealing.report;

import org.apache.poi.ss.usermodel.Workbook;

/**
 * The Audit sheet, one row per changed row, streamed; past Excel's row limit it continues on further
 * sheets ("Audit 2", ...), each with the header.
 */
final class AuditSheets {

    private final Styles styles;
    private final CourtTime time;
    private final WorkbookReader reader;
    private final int rowsPerSheet;
    private final String[] header;
    private SheetWriter sheet;
    private int inSheet;
    private int sheets;

    AuditSheets(Styles styles, CourtTime time, WorkbookReader reader, int rowsPerSheet) {
        this.styles = styles;
        this.time = time;
        this.reader = reader;
        this.rowsPerSheet = rowsPerSheet;
        this.header = new String[] {"Order", "Statute", "Target", "Table", "Row reference", "Action",
            time.header("Time"), "Execution"};
    }

    void write(Workbook workbook, long runId) {
        sheets = 1;
        sheet = new SheetWriter(workbook.createSheet("Audit"), styles, header);
        inSheet = 0;
        reader.audit(runId, a -> {
            if (inSheet == rowsPerSheet) {
                finish();
                sheets++;
                sheet = new SheetWriter(workbook.createSheet("Audit " + sheets), styles, header);
                inSheet = 0;
            }
            sheet.row(a.order(), a.statute(), a.target(), a.table(), a.rowRef(), a.action(), a.changedAt(),
                    a.executionId());
            inSheet++;
        });
        finish();
    }

    private void finish() {
        sheet.finish(18, 9, 22, 30, 66, 8, time.width(), 10);
    }
}
