package org.sealing.ledger;

import org.sealing.catalog.Action;

/**
 * The plan rows of a table, a target or a whole run, counted by what became of them: the one shape
 * of figures that status, the workbook and the metrics all show, so that they cannot disagree.
 *
 * @param matched    every plan row
 * @param notApplied rows still planned (their lane has not reached them yet)
 */
public record RowCounts(long matched, long purged, long masked, long failed, long refused, long notApplied) {

    /** No rows at all. */
    public static final RowCounts NONE = new RowCounts(0, 0, 0, 0, 0, 0);

    /** These counts and {@code rows} more plan rows of this state (and, for rows done, this action). */
    RowCounts plus(PlanState state, Action action, long rows) {
        return plus(new RowCounts(rows,
                state == PlanState.DONE && action == Action.PURGE ? rows : 0,
                state == PlanState.DONE && action == Action.MASK ? rows : 0,
                state == PlanState.FAILED ? rows : 0,
                state == PlanState.REFUSED ? rows : 0,
                state == PlanState.PLANNED ? rows : 0));
    }

    public RowCounts plus(RowCounts other) {
        return new RowCounts(matched + other.matched, purged + other.purged, masked + other.masked,
                failed + other.failed, refused + other.refused, notApplied + other.notApplied);
    }

    /**
     * Always 0: no rule produces a row for a person to review until person-level matching exists.
     * SPEC keeps {@code review} in every output, so the figure stays, but nothing counts it.
     */
    public long review() {
        return 0;
    }

    /** Rows purged or masked. */
    public long changed() {
        return purged + masked;
    }

    /** What matched and is neither changed, for review, failed nor refused: 0 once every lane finished. */
    public long difference() {
        return matched - (purged + masked + review() + failed + refused);
    }
}
