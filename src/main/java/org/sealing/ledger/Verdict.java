package org.sealing.ledger;

/**
 * What a run's figures support: compliant only when every target was reached and verified, no row
 * failed or was refused and nothing was left; a dry run changes nothing and so has no compliance
 * verdict. The names are the values recorded in {@code remediation_run.verdict} and printed.
 */
public enum Verdict {
    COMPLIANT, NOT_COMPLIANT, DRY_RUN;

    /** The verdict a run recorded, or null when it recorded none. */
    public static Verdict recorded(String value) {
        return value == null ? null : valueOf(value);
    }
}
