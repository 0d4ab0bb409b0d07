package org.sealing.ledger;

/**
 * What became of a plan row, as the {@code remediation_plan_state} view says: planned and not yet
 * applied, done (its chunk committed), failed (the target refused the change) or refused (its table
 * went over max-change-ratio). Java compares these; the names are the values in the control database.
 */
public enum PlanState {
    PLANNED, DONE, FAILED, REFUSED
}
