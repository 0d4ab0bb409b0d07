package org.sealing.report;

import java.util.List;

import org.apache.poi.ss.usermodel.Workbook;

import org.sealing.ledger.VaultOpenings;

/**
 * The sheets about cases rather than rows: Timeliness (how long cases waited for their verified
 * remediation), Unsealed (what became of each unsealed order's rows) and Access (each opening of the
 * vault to a statutory recipient).
 */
final class CaseSheets {

    private final Styles styles;
    private final CourtTime time;
    private final String heading;

    CaseSheets(Styles styles, CourtTime time, String heading) {
        this.styles = styles;
        this.time = time;
        this.heading = heading;
    }

    /**
     * One line per bucket of days from a case's effective date to its verified remediation (the cases this
     * run remediated), then the cases it left open and the oldest of them.
     */
    void timeliness(Workbook workbook, FrozenFigures f) {
        SheetWriter sheet = new SheetWriter(workbook.createSheet("Timeliness"), styles, heading,
                SheetWriter.Column.text("Measure", 70), SheetWriter.Column.number("Cases", 10),
                SheetWriter.Column.text("Order", 20), new SheetWriter.Column("Effective date", SheetWriter.Kind.DATE, 12),
                SheetWriter.Column.number("Days", 8));
        FrozenFigures.Register r = f.register();
        long closed = 0;
        for (int i = 0; i < FrozenFigures.Register.BUCKETS.size(); i++) {
            sheet.row("Cases remediated and verified by this run " + FrozenFigures.Register.BUCKETS.get(i)
                    + " after their effective date", r.buckets().get(i));
            closed += r.buckets().get(i);
        }
        sheet.row("Cases remediated and verified by this run, in all", closed);
        sheet.row("Cases this run left open: a row failed, refused or not applied, or a target not verified",
                r.openCases());
        FrozenFigures.OpenCase oldest = r.oldestOpen();
        if (oldest == null) {
            sheet.row("Oldest case still open: none", 0L);
        } else {
            sheet.row("Oldest case still open: in effect since its effective date, days to the run's day ("
                    + f.asOf() + ")", 1L, oldest.orderId(), oldest.effective(), oldest.days());
        }
        sheet.finish();
    }

    /** One line per order the court unsealed: rows restored, conflicts, rows destroyed that cannot return. */
    void unsealed(Workbook workbook, FrozenFigures f) {
        SheetWriter sheet = new SheetWriter(workbook.createSheet("Unsealed"), styles, heading,
                SheetWriter.Column.text("Order", 20), SheetWriter.Column.text("Statute", 9),
                SheetWriter.Column.number("Restored by this run", 12),
                SheetWriter.Column.number("Restored by this and earlier runs", 14),
                SheetWriter.Column.number("Restore conflicts in this run", 13),
                SheetWriter.Column.number("Sealed rows not yet restored", 13),
                SheetWriter.Column.number("Destroyed earlier: cannot return", 14));
        for (FrozenFigures.UnsealedOrder u : f.unsealed()) {
            sheet.row(u.orderId(), u.statute(), u.restoredNow(), u.restoredAll(), u.conflicts(), u.awaiting(),
                    u.destroyed());
        }
        sheet.finish();
    }

    /** One line per opening of the vault that this run lists (made since the previous run started). */
    void access(Workbook workbook, List<VaultOpenings.Opening> openings) {
        SheetWriter sheet = new SheetWriter(workbook.createSheet("Access"), styles, heading,
                SheetWriter.Column.number("Opening", 9), SheetWriter.Column.text("Order", 20),
                SheetWriter.Column.text("Recipient kind", 26), SheetWriter.Column.text("Authority", 36),
                SheetWriter.Column.text("Opened by (OS user)", 16),
                new SheetWriter.Column(time.header("Time"), SheetWriter.Kind.TIME, time.width()),
                SheetWriter.Column.number("Rows shown", 10), SheetWriter.Column.number("Ledger entry", 10));
        for (VaultOpenings.Opening o : openings) {
            sheet.row(o.openingId(), o.orderId(), o.recipient(), o.authority(), o.openedBy(), time.of(o.openedAt()),
                    o.rows(), o.ledgerSeq());
        }
        sheet.finish();
    }
}
