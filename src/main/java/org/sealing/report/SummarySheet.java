package org.sealing.report;

import java.time.OffsetDateTime;

import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Workbook;

import org.sealing.ledger.RunFigures;
import org.sealing.ledger.Verdict;

/**
 * The Summary sheet: what a court monitor reads first, each figure with the one line that explains it
 * beneath its value, and the verdict.
 */
final class SummarySheet {

    private final Styles styles;
    private final CourtTime time;

    SummarySheet(Styles styles, CourtTime time) {
        this.styles = styles;
        this.time = time;
    }

    void write(Workbook workbook, WorkbookReader.Execution e, WorkbookReader.Summary s) {
        SheetWriter sheet = new SheetWriter(workbook.createSheet("Summary"), styles);
        RunFigures.Figures f = s.figures();
        // the report step writes the workbook as the execution ends, so "now" is its end
        OffsetDateTime finished = e.end() != null ? e.end() : time.now();
        Row title = sheet.row("Sealing remediation: compliance workbook");
        title.getCell(0).setCellStyle(styles.title());
        figure(sheet, "Execution", e.executionId(), "the Spring Batch execution; its run (" + e.runId()
                + ") covers every restart of it");
        figure(sheet, "Job", e.job() + (s.dryRun() ? " (dry run: nothing was changed)" : ""), null);
        figure(sheet, "Period covered", (s.previous() == null ? "the first run" : periodTime(s.previous())) + " to "
                + periodTime(finished) + " (" + time.zoneId() + ")",
                "from the start of the previous run to the end of this one (court time)");
        figure(sheet, "Orders in effect on", s.asOf(),
                "sealing orders whose effective date had come by this day were applied");
        OffsetDateTime generated = time.now();
        figure(sheet, "Generated at", generated, time.note(generated));
        figure(sheet, "Configuration fingerprint", s.fingerprint(), "SHA-256 of the target definitions this run used");
        figure(sheet, "Started", e.start(), e.start() == null ? null : time.note(e.start()));
        figure(sheet, "Finished", finished, time.note(finished));
        Row verdictRow = sheet.row("Verdict", s.verdict().name());
        verdictRow.getCell(1).setCellStyle(styles.verdict(s.verdict()));
        note(sheet, explain(s.verdict()));
        figure(sheet, "Active sealed cases", s.activeCases(),
                "sealing orders in the register in effect on that day and not unsealed");
        figure(sheet, "Orders imported", s.imported(), "feed lines this run's import accepted or updated");
        figure(sheet, "Lines rejected", s.rejected(), "feed lines refused, each on the Exceptions sheet");
        figure(sheet, "Targets", f.targets(), f.targetsVerified() + " reached and verified, "
                + f.targetsFailed() + " failed (see the Targets sheet)");
        figure(sheet, "Rows matched", f.matched(), "rows of sealed cases found not yet remediated; matched ="
                + " purged + masked + pending review + failed + refused");
        figure(sheet, "Rows purged", f.purged(), "deleted: photographs, prints and their records"
                + " (CPL 160.50(1)(a))");
        figure(sheet, "Rows masked", f.masked(), "identifying columns overwritten and the row sealed"
                + " (CPL 160.50(1)(c))");
        figure(sheet, "Rows pending review", f.review(), "possible matches awaiting a human decision (Review"
                + " sheet)");
        figure(sheet, "Rows failed", f.failed(), "rows whose change the target database refused; each on"
                + " the Exceptions sheet");
        figure(sheet, "Rows refused", f.refused(), "rows of tables refused by their max-change-ratio safety"
                + " limit; each table on the Exceptions sheet");
        figure(sheet, "Residual after verification", f.residual(), "rows of sealed cases that searching"
                + " every target again after the changes still found; compliance needs 0");
        sheet.finish(30, 28, 90);
    }

    /** A time in the period line, without its fraction of a second. */
    private static String periodTime(OffsetDateTime t) {
        return t.toLocalDateTime().withNano(0).toString().replace('T', ' ');
    }

    /** A label and its value, with the one line that explains it beneath the value. */
    private void figure(SheetWriter sheet, String label, Object value, String explanation) {
        sheet.row(label, value);
        if (explanation != null) {
            note(sheet, explanation);
        }
    }

    private void note(SheetWriter sheet, String text) {
        Row row = sheet.row(null, text);
        row.getCell(1).setCellStyle(styles.note());
    }

    private static String explain(Verdict verdict) {
        return switch (verdict) {
            case COMPLIANT -> "every target reached and verified, no row failed, nothing left";
            case DRY_RUN -> "a dry run: planned and reported, nothing changed";
            case NOT_COMPLIANT -> "a target failed or was not verified, rows failed or were refused, or rows were left";
        };
    }
}
