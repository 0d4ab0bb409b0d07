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

    private final boolean required;

    FeedColumn(boolean required) {
        this.required = required;
    }

    /** Whether the header must name this column and every line must fill it. */
    public boolean required() {
        return required;
    }

    /** The name of the column in a feed's header. */
    public String header() {
        return name().toLowerCase(Locale.ROOT);
    }
}
