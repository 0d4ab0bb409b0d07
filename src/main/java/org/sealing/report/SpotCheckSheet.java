package org.sealing.report;

import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Workbook;

/**
 * The Spot checks sheet: each row of the seeded sample, re-read in its target by its key when the run
 * ended, with what that found; the seed and the rows it was drawn from on every line (so that any line
 * read alone says how it was drawn), and on the first the statement the whole sample supports.
 */
final class SpotCheckSheet {

    private final Styles styles;
    private final String heading;

    SpotCheckSheet(Styles styles, String heading) {
        this.styles = styles;
        this.heading = heading;
    }

    void write(Workbook workbook, FrozenFigures f) {
        FrozenFigures.SpotChecks s = f.spotChecks();
        SheetWriter sheet = new SheetWriter(workbook.createSheet("Spot checks"), styles, heading,
                SheetWriter.Column.number("Check", 7), SheetWriter.Column.text("Target", 18),
                SheetWriter.Column.text("Table", 26), SheetWriter.Column.text("Row reference", 66),
                SheetWriter.Column.text("Order", 20), SheetWriter.Column.text("Action", 8),
                SheetWriter.Column.text("Outcome", 9), SheetWriter.Column.text("Passed", 8),
                SheetWriter.Column.text("What re-reading the row by its key found", 50),
                SheetWriter.Column.text("Seed", 18), SheetWriter.Column.number("Drawn from rows", 12),
                SheetWriter.Column.text("What the sample supports", 44));
        String statement = EvidenceMath.confidenceStatement(s);
        for (FrozenFigures.SpotCheck c : s.checks()) {
            Row row = sheet.row(c.number(), c.target(), c.table(), c.rowRef(), c.orderId(), c.action(), c.outcome(),
                    c.passed(), c.result(), s.seed(), s.population(), c.number() == 1 ? statement : null);
            if (!c.passed()) {
                row.getCell(7).setCellStyle(styles.verdict(org.sealing.ledger.Verdict.NOT_COMPLIANT));
            }
        }
        sheet.finish();
    }
}
