package org.sealing.register;

import java.util.Locale;

/** The columns of the sealing-order feed (SPEC section 5), by their header names. */
public enum FeedColumn {
    ORDER_ID(true),
    ORDER_TYPE(true),
    DOCKET_NUMBER(false),
    ARREST_NUMBER(true),
    NYSID(false),
    LAST_NAME(false),
    FIRST_NAME(false),
    DATE_OF_BIRTH(false),
    ARREST_DATE(true),
    DISPOSITION(true),
    DISPOSITION_DATE(true),
    STATUTE(true),
    EFFECTIVE_DATE(false);

    /** The longest order_id the register takes, in characters (SPEC section 5). */
    public static final int MAX_ORDER_ID_CHARS = 64;
    /** The longest value of any other field, in characters. */
    public static final int MAX_FIELD_CHARS = 256;

    private final boolean required;

    FeedColumn(boolean required) {
        this.required = required;
    }

    /** Whether the header must name this column and every line must fill it. */
    public boolean required() {
        return required;
    }

    /**
     * The most characters (code points, surrounding blanks not counted) a value of this column may
     * have; a longer one is rejected as {@link RejectReason#FIELD_TOO_LONG} before it reaches the
     * register, whose indexes could not hold it.
     */
    public int maxLength() {
        return this == ORDER_ID ? MAX_ORDER_ID_CHARS : MAX_FIELD_CHARS;
    }

    /** The name of the column in a feed's header. */
    public String header() {
        return name().toLowerCase(Locale.ROOT);
    }
}
