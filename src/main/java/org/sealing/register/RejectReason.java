package org.sealing.register;

/** Why a feed line was rejected: the reason codes of SPEC section 5. */
public enum RejectReason {
    /** the line does not split into as many fields as the header names, or its quoting is broken */
    COLUMN_COUNT,
    /** a required field is empty */
    MISSING_FIELD,
    /** a date is not an ISO date (yyyy-MM-dd) */
    BAD_DATE,
    /** a date that cannot lie in the future does */
    FUTURE_DATE,
    /** the disposition date lies before the arrest date */
    DATE_ORDER,
    /** the arrest number is not a borough letter and eight digits once normalised */
    BAD_ARREST_NUMBER,
    /** the NYSID is not eight digits and a letter once normalised */
    BAD_NYSID,
    /** the disposition is not one of the six that seal */
    UNKNOWN_DISPOSITION,
    /** the statute is not one of the sealing statutes */
    UNKNOWN_STATUTE,
    /** the order type is neither SEAL nor UNSEAL */
    UNKNOWN_ORDER_TYPE,
    /** an earlier line of the same file already gave this order_id other content */
    DUPLICATE_IN_FILE,
    /** the line is not valid UTF-8 text, or holds a NUL byte, which no text feed does */
    BAD_ENCODING,
    /** a field is longer than its column allows (order_id 64 characters, any other 256), or the line over 1 MiB */
    FIELD_TOO_LONG
}
