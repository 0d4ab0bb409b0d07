package org.sealing.apply;

import org.sealing.catalog.TableName;
import org.sealing.targetdb.Sql;

/**
 * A part of a target's plan that is applied on its own, side by side with the others: all of the
 * target's purges in one lane (so that children go before their parents, in plan order), and each
 * masked table in a lane of its own (masks never break a foreign key, so they need no order); and the
 * restores of unsealed orders' rows in a lane of their own, parents before children.
 *
 * @param name  {@code purge}, {@code restore}, or {@code mask:} and the table
 * @param table the masked table, or null for the purge lane
 */
public record Lane(String name, TableName table) {

    public static final Lane PURGES = new Lane("purge", null);

    /** The restores of rows of unsealed orders, applied before the target's changes are planned. */
    public static final Lane RESTORES = new Lane("restore", null);

    public static Lane mask(TableName table) {
        return new Lane("mask:" + table, table);
    }

    /** The SQL condition on plan rows (alias {@code alias}) that selects this lane's (the table name was validated on reading). */
    String condition(String alias) {
        if (this.equals(RESTORES)) {
            return alias + ".action = 'RESTORE'";
        }
        if (table == null) {
            return alias + ".action = 'PURGE'";
        }
        // table names are plain identifiers with at most one dot; a literal of one cannot break out
        if (!(TableName.isIdentifier(table.table()) && (table.schema() == null || TableName.isIdentifier(table.schema())))) {
            throw new IllegalArgumentException("not a table name: " + table);
        }
        return alias + ".action = 'MASK' and " + alias + ".table_name = " + Sql.literal(table.toString());
    }

    /** The step name's suffix. */
    public String stepSuffix() {
        return table == null ? name : "mask." + table;
    }
}
