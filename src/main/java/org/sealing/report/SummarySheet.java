package org.sealing.report;

import java.time.OffsetDateTime;

import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Workbook;

import org.sealing.ledger.RunFigures;
import org.sealing.ledger.Verdict;

/**
 * The Summary sheet, which the workbook opens on: two columns, label and value, each figure with the one
 * line beneath its value that explains it, the verdict, then the certification block
 * ({@link CertificationBlock}).
 */
final class SummarySheet {

    private final Styles styles;
    private final CourtTime time;

    SummarySheet(Styles styles, CourtTime time) {
        this.styles = styles;
        this.time = time;
    }

    /** What the Summary says of the file it is in, beyond the fixed figures. */
    record Package(int version, String ledgerName, String ledgerSha256, long ledgerLines) {
    }

    SheetWriter write(Workbook workbook, WorkbookReader.Execution e, FrozenFigures f, Package p) {
        SheetWriter sheet = new SheetWriter(workbook.createSheet("Summary"), styles, heading(e, p.version()), false,
                SheetWriter.Column.text("Label", 34), SheetWriter.Column.text("Value", 96));
        RunFigures.Figures totals = f.figures();
        Row title = sheet.row("Sealing remediation: compliance workbook");
        title.getCell(0).setCellStyle(styles.title());
        figure(sheet, "Execution", e.executionId(), "the Spring Batch execution; its run (" + e.runId()
                + ") covers every restart of it");
        figure(sheet, "Job", e.job() + (f.dryRun() ? " (dry run: nothing was changed)" : ""), null);
        figure(sheet, "Evidence version", p.version(), "version 1 is written as the execution ends; each sealctl"
                + " report of it writes the next version beside the earlier ones, with the same figures");
        OffsetDateTime finished = e.end();
        OffsetDateTime previous = time.of(f.previousRun());
        figure(sheet, "Period covered", (previous == null ? "the first run" : periodTime(previous)) + " to "
                + (finished == null ? "(not ended)" : periodTime(finished)) + " (" + time.zoneId() + ")",
                "from the start of the previous run to the end of this execution (court time)");
        figure(sheet, "Orders in effect on", f.asOf(),
                "sealing orders whose effective date had come by this day were applied");
        timeFigure(sheet, "Started", e.start(), "this execution's start; ");
        timeFigure(sheet, "Finished", finished, "this execution's end, as sealctl status shows it; ");
        timeFigure(sheet, "Figures fixed at", time.of(f.frozenAt()), "every figure of this workbook is as it stood"
                + " then, whatever later runs and imports changed; ");
        timeFigure(sheet, "Generated at", time.now(), "when this version was written; ");
        figure(sheet, "Configuration fingerprint", f.fingerprint(), "SHA-256 of the target definitions this run used");
        Verdict verdict = f.verdict();
        Row verdictRow = sheet.row("Verdict", verdict.name());
        verdictRow.getCell(0).setCellStyle(styles.label());
        verdictRow.getCell(1).setCellStyle(styles.verdict(verdict));
        note(sheet, explain(verdict));
        figure(sheet, "Active sealed cases", f.activeCases(), "sealing orders in the register in effect on that day"
                + " and not unsealed (the Reconciliation sheet bridges them from the orders imported)");
        figure(sheet, "Orders imported", f.imported(), "feed lines this run's import accepted or updated");
        figure(sheet, "Lines rejected", f.rejected(), "feed lines refused, each on the Exceptions sheet");
        figure(sheet, "Targets", totals.targets(), totals.targetsVerified() + " reached and verified, "
                + totals.targetsFailed() + " failed (see the Targets sheet)");
        figure(sheet, "Rows matched", totals.matched(), "rows of active sealed cases found not yet remediated;"
                + " matched = purged + masked + pending review + failed + refused");
        figure(sheet, "Rows purged", totals.purged(), "deleted from their table");
        figure(sheet, "Rows masked", totals.masked(), "identifying columns overwritten and the row flagged sealed");
        figure(sheet, "Rows destroyed", totals.destroyed(), "purged or masked with nothing kept, as the statute"
                + " orders for their kind of record (the policy on the Methodology sheet)");
        figure(sheet, "Rows sealed", totals.sealed(), "purged or masked with the original kept encrypted in the"
                + " vault, for the statute's recipients and for an unsealing; destroyed + sealed = purged + masked");
        figure(sheet, "Rows restored", totals.restored(), "rows of unsealed orders put back from the vault (the"
                + " Unsealed sheet)");
        figure(sheet, "Restore conflicts", totals.conflicts(), "rows of unsealed orders not put back because they"
                + " changed since they were sealed; each on the Exceptions sheet, for review");
        figure(sheet, "Rows pending review", totals.review(), "possible matches awaiting a human decision (Review"
                + " sheet)");
        figure(sheet, "Rows failed", totals.failed(), "rows whose change the target database refused; each on"
                + " the Exceptions sheet");
        figure(sheet, "Rows refused", totals.refused(), "rows of tables refused by their max-change-ratio safety"
                + " limit; each table on the Exceptions sheet");
        figure(sheet, "Residual after verification", totals.residual(), "rows of active sealed cases that searching"
                + " every target again after the changes still found; compliance needs 0");
        Double rate = EvidenceMath.complianceRate(totals.changed(), totals.residual());
        Row rateRow = sheet.row("Compliance rate", rate);
        rateRow.getCell(0).setCellStyle(styles.label());
        if (rate != null) {
            rateRow.getCell(1).setCellStyle(styles.percent());
        }
        note(sheet, "rows remediated / (rows remediated + residual); blank when no target was verified");
        FrozenFigures.SpotChecks checks = f.spotChecks();
        figure(sheet, "Spot checks", checks.passed() + " of " + checks.checks().size() + " passed",
                EvidenceMath.confidenceStatement(checks) + " (seed " + checks.seed() + "; the Spot checks sheet)");
        new CertificationBlock(styles, sheet).write(e, f, p);
        sheet.finish();
        return sheet;
    }

    /** The page heading of every sheet: which workbook this is. */
    static String heading(WorkbookReader.Execution e, int version) {
        return "Compliance workbook, execution " + e.executionId() + " (" + e.job() + "), evidence version "
                + version;
    }

    /** A time in the period line, without its fraction of a second. */
    private static String periodTime(OffsetDateTime t) {
        return t.toLocalDateTime().withNano(0).toString().replace('T', ' ');
    }

    private void timeFigure(SheetWriter sheet, String label, OffsetDateTime value, String what) {
        if (value == null) {
            figure(sheet, label, "not recorded", what + "the execution never ended: its process died, and"
                    + " sealctl status shows it DEAD");
        } else {
            figure(sheet, label, value, what + time.note(value));
        }
    }

    /** A label and its value, with the one line that explains it beneath the value. */
    private void figure(SheetWriter sheet, String label, Object value, String explanation) {
        Row row = sheet.row(label, value);
        row.getCell(0).setCellStyle(styles.label());
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
