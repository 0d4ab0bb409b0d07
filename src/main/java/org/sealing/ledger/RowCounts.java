package org.sealing.ledger;

import org.sealing.catalog.Action;
import org.sealing.policy.Outcome;

/**
 * The plan rows of a table, a target or a whole run, counted by what became of them: the one shape
 * of figures that status, the workbook and the metrics all show, so that they cannot disagree.
 *
 * @param matched    every plan row
 * @param notApplied rows still planned (their lane has not reached them yet)
 * @param destroyed  rows done whose outcome is destroy (with {@code sealed}, as many as purged and masked:
 *                   the action says how a row left sight, the outcome what was kept)
 * @param sealed     rows done whose outcome is seal
 */
public record RowCounts(long matched, long purged, long masked, long failed, long refused, long notApplied,
        long destroyed, long sealed) {

    /** No rows at all. */
    public static final RowCounts NONE = new RowCounts(0, 0, 0, 0, 0, 0, 0, 0);

    /** These counts and {@code rows} more plan rows of this state (and, for rows done, this action and outcome). */
    RowCounts plus(PlanState state, Action action, Outcome outcome, long rows) {
        boolean done = state == PlanState.DONE;
        return plus(new RowCounts(rows,
                done && action == Action.PURGE ? rows : 0,
                done && action == Action.MASK ? rows : 0,
                state == PlanState.FAILED ? rows : 0,
                state == PlanState.REFUSED ? rows : 0,
                state == PlanState.PLANNED ? rows : 0,
                done && outcome == Outcome.DESTROY ? rows : 0,
                done && outcome == Outcome.SEAL ? rows : 0));
    }

    public RowCounts plus(RowCounts other) {
        return new RowCounts(matched + other.matched, purged + other.purged, masked + other.masked,
                failed + other.failed, refused + other.refused, notApplied + other.notApplied,
                destroyed + other.destroyed, sealed + other.sealed);
    }

    /**
     * Always 0 for now: restoring sealed rows on an unsealing order comes with the vault that keeps
     * them; SPEC keeps {@code restored} in every output, so the figure is there already.
     */
    public long restored() {
        return 0;
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
