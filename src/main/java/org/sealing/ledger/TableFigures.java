package org.sealing.ledger;

/**
 * One table of a target in a run: what planning recorded of it and its plan rows' counts.
 *
 * @param action          purge or mask, as the control database records it ({@code PURGE}, {@code MASK})
 * @param totalRows       the table's size, counted only against a max-change-ratio below 1 (else null)
 * @param refusedByRatio  whether its plan went over max-change-ratio and was refused whole
 * @param residual        what verification found left in it (null until verified)
 */
public record TableFigures(String table, String action, Long totalRows, boolean refusedByRatio, String reason,
        Long residual, RowCounts rows) {

    TableFigures plus(RowCounts more) {
        return new TableFigures(table, action, totalRows, refusedByRatio, reason, residual, rows.plus(more));
    }
}
