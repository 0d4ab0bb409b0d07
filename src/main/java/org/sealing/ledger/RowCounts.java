package org.sealing.ledger;

import org.sealing.catalog.Action;
import org.sealing.policy.Outcome;

/**
 * The plan rows of a table, a target or a whole run, counted by what became of them: the one shape
 * of figures that status, the workbook and the metrics all show, so that they cannot disagree.
 *
 * @param matched    every plan row that changes a row (not a restore)
 * @param failed     rows that failed, changes and restores alike
 * @param notApplied rows still planned (their lane has not reached them yet), changes and restores alike
 * @param destroyed  changes done whose outcome is destroy (with {@code sealed}, as many as purged and masked:
 *                   the action says how a row left sight, the outcome what was kept)
 * @param sealed     changes done whose outcome is seal
 * @param restored   restores done: rows of unsealed orders put back from the vault
 * @param conflicts  restores not done because the row changed since it was sealed (for review)
 * @param restoreFailed of {@code failed}, the restores
 */
public record RowCounts(long matched, long purged, long masked, long failed, long refused, long notApplied,
        long destroyed, long sealed, long restored, long conflicts, long restoreFailed) {

    /** No rows at all. */
    public static final RowCounts NONE = new RowCounts(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /**
     * These counts and {@code rows} more plan rows of this action (PURGE, MASK or RESTORE; null for a row not
     * done), state and outcome.
     */
    RowCounts plus(PlanState state, String action, Outcome outcome, long rows) {
        if (PlanState.RESTORE_ACTION.equals(action)) {
            return plus(new RowCounts(0, 0, 0, state == PlanState.FAILED ? rows : 0, 0,
                    state == PlanState.PLANNED ? rows : 0, 0, 0, state == PlanState.DONE ? rows : 0,
                    state == PlanState.CONFLICT ? rows : 0, state == PlanState.FAILED ? rows : 0));
        }
        boolean done = state == PlanState.DONE;
        return plus(new RowCounts(rows,
                done && Action.PURGE.name().equals(action) ? rows : 0,
                done && Action.MASK.name().equals(action) ? rows : 0,
                state == PlanState.FAILED ? rows : 0,
                state == PlanState.REFUSED ? rows : 0,
                state == PlanState.PLANNED ? rows : 0,
                done && outcome == Outcome.DESTROY ? rows : 0,
                done && outcome == Outcome.SEAL ? rows : 0, 0, 0, 0));
    }

    public RowCounts plus(RowCounts other) {
        return new RowCounts(matched + other.matched, purged + other.purged, masked + other.masked,
                failed + other.failed, refused + other.refused, notApplied + other.notApplied,
                destroyed + other.destroyed, sealed + other.sealed, restored + other.restored,
                conflicts + other.conflicts, restoreFailed + other.restoreFailed);
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

    /**
     * Of the changes matched, what is neither changed, for review, failed nor refused: 0 once every lane
     * finished.
     */
    public long difference() {
        return matched - (purged + masked + review() + (failed - restoreFailed) + refused);
    }
}
