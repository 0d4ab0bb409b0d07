package org.sealing.report;

import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Workbook;

import org.sealing.ledger.RunFigures;

/**
 * The Reconciliation sheet: the bridge from the feed lines this run imported to the orders of the
 * register and the active sealed cases (unsealed, not yet effective, active), from active cases to the
 * rows found, and from rows matched to rows changed, the audit and the ledger export. Each total that
 * must agree with others says which (its Check), what they come to, and whether it does.
 */
final class ReconciliationSheet {

    private final Styles styles;
    private final String heading;
    private SheetWriter sheet;
    private int line;

    ReconciliationSheet(Styles styles, String heading) {
        this.styles = styles;
        this.heading = heading;
    }

    void write(Workbook workbook, FrozenFigures f, AuditSheets.Totals audit, long ledgerLines) {
        sheet = new SheetWriter(workbook.createSheet("Reconciliation"), styles, heading,
                SheetWriter.Column.number("Line", 6), SheetWriter.Column.text("Item", 64),
                SheetWriter.Column.number("Count", 14), SheetWriter.Column.text("Check", 44),
                SheetWriter.Column.number("Check comes to", 14), SheetWriter.Column.text("Agrees", 8));
        line = 0;
        FrozenFigures.Register r = f.register();
        RunFigures.Figures t = f.figures();
        long active = f.activeCases();
        // from the court's feed to the register
        item("Feed lines this run's import read", r.feedLines(), "lines 2 + 3 + 4 + 5",
                r.accepted() + r.updated() + r.unchanged() + r.rejected());
        item("  accepted: new orders", r.accepted());
        item("  updated: orders the court changed (listed on the Exceptions sheet)", r.updated());
        item("  unchanged: orders already in the register as they were", r.unchanged());
        item("  rejected (listed on the Exceptions sheet)", r.rejected(), "Summary: Lines rejected", f.rejected());
        item("Orders imported (lines 2 + 3)", r.accepted() + r.updated(), "Summary: Orders imported", f.imported());
        // from the register to active cases
        item("Orders in the register when the run ended", r.orders(), "lines 8 + 9 + 10",
                r.unsealedOrders() + r.notYetEffective() + active);
        item("  unsealed by the court (the Unsealed sheet)", r.unsealedOrders(), "Unsealed sheet: orders",
                (long) f.unsealed().size());
        item("  sealing orders not yet in effect on " + f.asOf(), r.notYetEffective());
        item("  active sealed cases", active, "Summary: Active sealed cases", f.activeCases());
        // from active cases to rows
        item("Active cases with rows found in some target, by this run or an earlier one", r.activeFound());
        item("Active cases found in no target (nothing of them to remediate, or their rows' outcome is none)",
                r.activeNotFound(), "line 10 - line 11", active - r.activeFound());
        // from rows matched to rows changed, the audit and the ledger export
        item("Rows matched by this run", t.matched(), "lines 14 + 15 + 16 + 17 + 18 + 19",
                t.purged() + t.masked() + t.review() + (t.rows().failed() - t.rows().restoreFailed()) + t.refused()
                        + t.rows().difference());
        item("  purged", t.purged());
        item("  masked", t.masked());
        item("  pending review", t.review());
        item("  failed", t.rows().failed() - t.rows().restoreFailed());
        item("  refused (max-change-ratio)", t.refused());
        item("  not yet applied (a lane that did not finish)", t.rows().difference());
        item("Rows changed (lines 14 + 15)", t.changed(), "Audit sheet: rows purged or masked",
                audit.changed());
        item("  destroyed, nothing kept", t.destroyed());
        item("  sealed, the original kept in the vault", t.sealed(), "line 20 - line 21", t.changed() - t.destroyed());
        item("Rows restored from the vault for unsealed orders", t.restored(), "Audit sheet: rows restored",
                audit.restored());
        item("Lines of the ledger export", ledgerLines, "lines 20 + 23", t.changed() + t.restored());
        item("Residual after verification", t.residual());
        sheet.finish();
    }

    private void item(String item, Long count) {
        item(item, count, null, null);
    }

    private void item(String item, Long count, String check, Long checkValue) {
        line++;
        Row row = sheet.row(line, item, count, check, checkValue,
                check == null ? null : checkValue != null && checkValue.equals(count) ? "yes" : "NO");
        if (check != null && (checkValue == null || !checkValue.equals(count))) {
            row.getCell(5).setCellStyle(styles.verdict(org.sealing.ledger.Verdict.NOT_COMPLIANT));
        }
    }
}
