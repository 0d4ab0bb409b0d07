package org.sealing.ledger;

import java.util.List;

/**
 * One target of a run: how far the run took it and the counts of its tables' plan rows, summed.
 *
 * @param residual what verification found left in it (null until verified)
 * @param verified whether verification finished for it
 * @param seconds  from its start to its end (or now, while it runs); null before it started
 * @param tables   its tables by name, as planning recorded them
 */
public record TargetFigures(String target, TargetState state, boolean reached, Long residual, boolean verified,
        Double seconds, String reason, List<TableFigures> tables) {

    /** The plan rows of all its tables. */
    public RowCounts rows() {
        RowCounts rows = RowCounts.NONE;
        for (TableFigures table : tables) {
            rows = rows.plus(table.rows());
        }
        return rows;
    }

    /** The same figures with a list of tables nobody can change. */
    TargetFigures immutable() {
        return new TargetFigures(target, state, reached, residual, verified, seconds, reason, List.copyOf(tables));
    }
}
