package org.sealing.register;

/** The court outcomes that lead to sealing. */
public enum Disposition {
    DISMISSED, ACQUITTED, ACD_DISMISSED, DECLINED_TO_PROSECUTE, VIOLATION, CLEAN_SLATE
}
