package org.sealing.ledger;

/**
 * What became of a plan row, as the {@code remediation_plan_state} view says: planned and not yet
 * applied, done (its chunk committed), failed (the target refused the change) or refused (its table
 * went over max-change-ratio). Java compares these; the names are the values in the control database.
 */
public enum PlanState {
    PLANNED, DONE, FAILED, REFUSED,
    /** A restore not done because its row changed since it was sealed (V16's {@code restore_conflict}). */
    CONFLICT;

    /** The action of a restore row (the others are the table actions, PURGE and MASK, and REVIEW). */
    public static final String RESTORE_ACTION = "RESTORE";
}
