package org.sealing.targetdb.dialect;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import org.sealing.catalog.live.LiveCatalog.Column;

/**
 * What differs between engines in the SQL of plan, apply and verify ({@code targetdb.TableSql} writes
 * the rest, the same for all): one method per difference. Names handed in are quoted already (by the
 * dialect's {@link TargetDialect#quote}); expressions are SQL texts of the same dialect.
 *
 * <p>The keys of a chunk travel as arrays, one per key column (then one per extra value, such as the new
 * value of a hashed column), each with one text per row: PostgreSQL binds each as a {@code text[]} and
 * reads them with {@code unnest}; MariaDB, which has no arrays, binds them as one JSON document of rows
 * read with {@code JSON_TABLE}, whose columns have the key columns' types, so that the target's key index
 * serves the join. Either way a chunk is one statement.
 */
public interface RemediationSql {

    /** Creates the session's temporary table of sealed cases (empty), with these text and date columns. */
    List<String> createCases(String table);

    /** Fills the cases table in bulk, in the column order of {@link #createCases}: no round trip per row. */
    BulkRows loadCases(Connection c, String table, List<String> columns) throws SQLException;

    /** What follows the load of the cases (statistics, so that each match joins the cheapest way). */
    List<String> casesLoaded(String table);

    /**
     * Creates the temporary table {@code table} of the first row per {@code keys} of
     * {@code select ... from}, in the order {@code order} (so each row belongs to one case), and what
     * follows it (statistics).
     */
    List<String> createFirstPerKey(String table, String columns, String from, String keys, String order);

    /** An expression as text, the form a plan writes keys in and a hash is computed from. */
    String text(String expression);

    /**
     * A key column's value as text, the form a plan writes keys in and {@link #keyEquals} and {@link #parameter}
     * read back: {@link #text} unless this engine's text of the column's type does not name the value exactly.
     */
    default String keyText(String expression, Column column) {
        return text(expression);
    }

    /** The day after a date, as a time stamp bound (a time stamp of that day is before it). */
    String nextDay(String date);

    /** Whether the value of an expression is in the form a {@code hash} mask gives it: 64 lower-case hex digits. */
    String isHash(String expression);

    /** The value {@code year-only} gives a date or time stamp: January 1 of its year, at midnight. */
    String yearOnly(String expression, Column column);

    /** Whether a text expression equals a literal, letter case and trailing blanks counting. */
    String sameText(String expression, String literal);

    /**
     * {@code ref} is one of the keys of one bound array, or null where the engine has no arrays (a
     * {@link #keysSource} join is used then).
     */
    String keyInArray(String ref, Column column);

    /**
     * The bound key arrays (and {@code extra} more) as a row source aliased {@code k}, with columns
     * {@code k0...} and {@code h0...}.
     */
    String keysSource(List<Column> keys, int extra);

    /** Whether {@code ref} (a key column) equals {@code keyRef} (a column of {@link #keysSource}). */
    String keyEquals(String ref, String keyRef, Column column);

    /** A parameter bound as text and read as a value of the column's type ({@code ?::integer}, or {@code ?}). */
    String parameter(Column column);

    /** Binds the arrays (keys, then extra ones) from parameter {@code first}; returns the next free index. */
    int bindKeys(Connection c, PreparedStatement ps, int first, List<String[]> arrays) throws SQLException;

    /** Deletes the rows of {@code table t} that join the row source {@code keys} on {@code on}. */
    String deleteJoined(String table, String keys, String on);

    /** Updates the rows of {@code table t} that join {@code keys} on {@code on} and meet {@code where}. */
    String updateJoined(String table, String set, String keys, String on, String where);

    /** The column an update's {@code SET} names ({@code "c"} on PostgreSQL, {@code t.`c`} on MariaDB). */
    String assigned(String alias, String quotedColumn);

    /**
     * Whether a delete of the rows of a row source can return them as they were ({@code RETURNING}): one
     * statement where the rows would otherwise be locked and read first. Not by default: MariaDB's delete
     * joined with the keys' JSON_TABLE (a multi-table delete) returns nothing.
     */
    default boolean returnsDeletedRows() {
        return false;
    }

    /** Locks the rows of a select of table {@code t}, joined with a row source or not. */
    String forUpdate(boolean joined);

    /*
     * Restores of rows of unsealed orders.
     */

    /** The key {@code i} of a {@link #keysSource} row as it was bound, as text (whatever the key column's type). */
    String givenKey(int i);

    /** Inserts a row again with the values bound, an identity or auto-increment column keeping its value. */
    String insertAgain(String table, String columns, String values);

    /** The names of a table's generated columns (which an insert leaves to the database), one per row. */
    String generatedColumns(String table);

    /** Binds a vault copy's value (its text form, its type as the copy names it), read with its column's type. */
    void bindValue(PreparedStatement ps, int index, String value, String type) throws SQLException;

    /** Rows written in bulk into a table of the session. */
    interface BulkRows extends AutoCloseable {

        /** One row, its values in the order of the columns. */
        void row(Object... values) throws SQLException;

        /** Writes what is left; the number of rows written. */
        long finish() throws SQLException;

        @Override
        void close() throws SQLException;
    }
}
