package org.sealing.ledger;

/**
 * How far a run has taken a target ({@code run_target.state}): pending until planned, then applied
 * and verified, or failed. The names are the values in the control database.
 */
public enum TargetState {
    PENDING, PLANNED, APPLIED, VERIFIED, FAILED
}
