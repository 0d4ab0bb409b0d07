package org.sealing.catalog;

import java.util.Locale;

/** The fields of a sealing order that a table's rows can be matched on (SPEC section 6). */
public enum RegisterField {
    ARREST_NUMBER, NYSID, DOCKET_NUMBER, ARREST_DATE;

    /** The key of the field in a target file. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    static RegisterField of(String key) {
        for (RegisterField f : values()) {
            if (f.key().equals(key)) {
                return f;
            }
        }
        return null;
    }
}
