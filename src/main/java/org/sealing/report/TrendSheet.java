package org.sealing.report;

import java.util.List;

import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * The Trend sheet: one row per run that changed targets, up to this one, by date (matched, remediated,
 * residual, compliance rate, verdict), and beside the table a chart of them ({@link TrendChart}). It is
 * built in memory: XDDF charts need XSSF sheets, and a run a night for years is a few thousand rows.
 */
final class TrendSheet {

    private final Styles styles;
    private final CourtTime time;
    private final String heading;

    TrendSheet(Styles styles, CourtTime time, String heading) {
        this.styles = styles;
        this.time = time;
        this.heading = heading;
    }

    void write(XSSFWorkbook workbook, List<FrozenFigures.TrendPoint> runs) {
        XSSFSheet raw = workbook.createSheet("Trend");
        SheetWriter sheet = new SheetWriter(raw, styles, heading, SheetWriter.Column.number("Run", 7),
                SheetWriter.Column.text("Job", 10),
                new SheetWriter.Column(time.header("Date"), SheetWriter.Kind.TIME, time.width()),
                SheetWriter.Column.number("Matched", 12), SheetWriter.Column.number("Remediated", 12),
                SheetWriter.Column.number("Residual", 10),
                new SheetWriter.Column("Compliance rate", SheetWriter.Kind.PERCENT, 11),
                SheetWriter.Column.text("Verdict", 16));
        for (FrozenFigures.TrendPoint run : runs) {
            sheet.row(run.runId(), run.job(), time.of(run.created()), run.matched(), run.remediated(), run.residual(),
                    run.complianceRate(), run.verdict());
        }
        sheet.finish();
        if (!runs.isEmpty()) {
            TrendChart.draw(raw, runs, 9);
        }
    }
}
