package org.sealing.catalog;

import java.util.Map;

/** How a table's rows are tied to a sealed case. */
public sealed interface Match {

    /**
     * Rows whose columns equal the case's fields, all of them (identifiers compared normalised).
     *
     * @param columns the column of each register field, in file order
     */
    record Fields(Map<RegisterField, String> columns) implements Match {
    }

    /**
     * Rows whose parent row, in a table with a rule of its own, matches.
     *
     * @param parent the parent table
     * @param on     child column to parent column; empty to follow the single foreign key between them
     */
    record Via(TableName parent, Map<String, String> on) implements Match {
    }
}
