package org.sealing.targetdb;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;

import java.util.regex.Pattern;

import org.sealing.catalog.MaskStrategy;
import org.sealing.catalog.live.LiveCatalog.Column;
import org.sealing.targetdb.ResolvedTarget.JoinPair;
import org.sealing.targetdb.ResolvedTarget.MaskedColumn;
import org.sealing.targetdb.ResolvedTarget.ResolvedTable;
import org.sealing.targetdb.dialect.RemediationSql;
import org.sealing.targetdb.dialect.TargetDialect;

/**
 * The SQL that puts sealed rows of one table back (SPEC section 7, unsealing), built like {@link TableSql}
 * from names its live catalog confirmed and from the column names of vault copies (which the vault's
 * authenticated encryption vouches for), always quoted; every value is a parameter.
 */
public final class RestoreSql {

    /** What {@code year-only} writes, as text: January 1 of a year, at midnight for a time stamp (in any zone). */
    private static final Pattern YEAR_START = Pattern.compile("[0-9]{4,}-01-01( 00:00:00)?([+-][0-9]{2}(:[0-9]{2}){0,2})?( BC)?");
    private static final Pattern HASHED = Pattern.compile("[0-9a-f]{64}");

    private final ResolvedTable table;
    private final TableSql sql;
    private final TargetDialect d;
    private final RemediationSql r;

    public RestoreSql(ResolvedTable table) {
        this.table = table;
        this.sql = new TableSql(table);
        this.d = table.dialect();
        this.r = d.remediation();
    }

    /**
     * The rows of the key arrays as they are now, locked: every column, then whether the row is in its
     * remediated state, then its key as the key arrays gave it (as the plan wrote it, whatever this session
     * would write: a time stamp's text depends on the session's zone).
     */
    public String lockRows() {
        return "select t.*, " + sql.done("t") + ", " + givenKeys() + " from " + table.qualified() + " t join "
                + sql.keysFrom(0) + " on " + sql.keysEqual() + r.forUpdate(true);
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
            set.add(r.assigned("t", d.quote(c)) + " = ?");
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
                names.add(d.quote(c));
                values.add("?");
            }
        }
        return r.insertAgain(table.qualified(), names.toString(), values.toString());
    }

    /** The names of the table's generated columns ({@code GENERATED ALWAYS AS (...) STORED}), one per row. */
    public String generatedColumns() {
        return r.generatedColumns(table.qualified());
    }

    /** Which rows of the key arrays are in the table: their keys as the key arrays gave them. */
    public String present() {
        return "select " + givenKeys() + " from " + table.qualified() + " t join " + sql.keysFrom(0) + " on " + sql.keysEqual();
    }

    /**
     * Whether a value of one of {@link #restoredColumns()} is in the form the table's mask gives it (the sealed
     * flag: set): in a copy of a row sealed again, such a value was masked by the sealing before, and the older
     * copy holds what the row had.
     */
    public boolean inMaskedForm(String column, String value) {
        if (table.sealedFlag() != null && table.sealedFlag().name().equals(column)) {
            return "t".equals(value) || "true".equals(value) || "1".equals(value);
        }
        for (MaskedColumn m : table.masked()) {
            if (m.column().name().equals(column)) {
                MaskStrategy strategy = m.strategy();
                return switch (strategy.kind()) {
                    case NULL -> value == null;
                    case REDACT -> MaskStrategy.REDACTED.equals(value);
                    case HASH -> value != null && HASHED.matcher(value).matches();
                    case YEAR_ONLY -> value != null && YEAR_START.matcher(value).matches();
                    case CONSTANT -> strategy.constant().equals(value);
                };
            }
        }
        return false;
    }

    /**
     * Of the values of the table's columns that join it to its parent (one text array per pair of
     * {@link ResolvedTable#join()}, in its order), those the parent table has a row for, as they were given.
     */
    public String parentPresent() {
        StringJoiner names = new StringJoiner(", ");
        StringJoiner on = new StringJoiner(" and ");
        List<JoinPair> join = table.join();
        List<Column> parents = new ArrayList<>();
        for (int i = 0; i < join.size(); i++) {
            names.add(r.givenKey(i));
            Column parent = join.get(i).parent();
            parents.add(parent);
            on.add(r.keyEquals("p." + d.quote(parent.name()), "k.k" + i, parent));
        }
        return "select " + names + " from " + r.keysSource(parents, 0) + " where exists (select 1 from "
                + table.parent().qualified() + " p where " + on + ")";
    }

    /** {@code unnest(?::text[], ...) as k(k0, ...)}: one text array per key column. */

    private String givenKeys() {
        StringJoiner keys = new StringJoiner(", ");
        for (int i = 0; i < table.keyColumns().size(); i++) {
            keys.add(r.givenKey(i));
        }
        return keys.toString();
    }

    private String keyEquals() {
        StringJoiner on = new StringJoiner(" and ");
        for (Column c : table.keyColumns()) {
            on.add("t." + d.quote(c.name()) + " = " + r.parameter(c));
        }
        return on.toString();
    }
}
