package org.sealing.targetdb;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;

import org.sealing.catalog.live.LiveCatalog.Column;
import org.sealing.targetdb.ResolvedTarget.MaskedColumn;
import org.sealing.targetdb.ResolvedTarget.ResolvedTable;

/**
 * The SQL that puts sealed rows of one table back (SPEC section 7, unsealing), built like {@link TableSql}
 * from names its live catalog confirmed and from the column names of vault copies (which the vault's
 * authenticated encryption vouches for), always quoted; every value is a parameter.
 */
public final class RestoreSql {

    private final ResolvedTable table;
    private final TableSql sql;

    public RestoreSql(ResolvedTable table) {
        this.table = table;
        this.sql = new TableSql(table);
    }

    /**
     * The rows of the key arrays as they are now, locked: every column, then whether the row is in its
     * remediated state, then its key columns as text (as the plan writes them).
     */
    public String lockRows() {
        StringJoiner keys = new StringJoiner(", ");
        for (Column c : table.keyColumns()) {
            keys.add("t." + Sql.quote(c.name()) + "::text");
        }
        return sql.fromKeyArrays("t.*, " + sql.done("t") + ", " + keys, "")
                + (table.keyColumns().size() == 1 ? " for update" : " for update of t");
    }

    /** The columns a restore of a masked row puts back: the masked columns, then the sealed flag if any. */
    public List<String> restoredColumns() {
        List<String> columns = new ArrayList<>();
        for (MaskedColumn m : table.masked()) {
            columns.add(m.column().name());
        }
        if (table.sealedFlag() != null) {
            columns.add(table.sealedFlag().name());
        }
        return columns;
    }

    /**
     * Puts a masked row's columns back, only while it is still as masked: the values of
     * {@link #restoredColumns()} in their order, then the key columns as text.
     */
    public String unmask() {
        StringJoiner set = new StringJoiner(", ");
        for (String c : restoredColumns()) {
            set.add(Sql.quote(c) + " = ?");
        }
        return "update " + table.qualified() + " t set " + set + " where " + keyEquals() + " and " + sql.done("t");
    }

    /**
     * Inserts a purged row again: the columns named, except those the database generates, whose values it
     * computes again; an identity column keeps its original value.
     */
    public String insert(List<String> columns, Set<String> generated) {
        StringJoiner names = new StringJoiner(", ");
        StringJoiner values = new StringJoiner(", ");
        for (String c : columns) {
            if (!generated.contains(c)) {
                names.add(Sql.quote(c));
                values.add("?");
            }
        }
        return "insert into " + table.qualified() + " (" + names + ") overriding system value values (" + values + ")";
    }

    /** The names of the table's generated columns ({@code GENERATED ALWAYS AS (...) STORED}), one per row. */
    public String generatedColumns() {
        return "select attname from pg_attribute where attrelid = " + Sql.literal(table.qualified())
                + "::regclass and attgenerated <> '' and not attisdropped";
    }

    /** Whether each row of the key arrays is in the table: their keys as text (as the plan writes them). */
    public String present() {
        StringJoiner keys = new StringJoiner(", ");
        for (Column c : table.keyColumns()) {
            keys.add("t." + Sql.quote(c.name()) + "::text");
        }
        return sql.fromKeyArrays(keys.toString(), "");
    }

    private String keyEquals() {
        StringJoiner on = new StringJoiner(" and ");
        for (Column c : table.keyColumns()) {
            on.add("t." + Sql.quote(c.name()) + " = ?::" + c.type());
        }
        return on.toString();
    }
}
