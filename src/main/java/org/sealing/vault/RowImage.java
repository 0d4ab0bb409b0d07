package org.sealing.vault;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.postgresql.PGResultSetMetaData;

import org.sealing.targetdb.Sql;

/**
 * A row's columns exactly as PostgreSQL holds them: each column's name, its type and its value in
 * PostgreSQL's own text form (or null), which the type's input function reads back to the same value:
 * numerics keep their scale, floats their last bit and NaN or infinity, dates their era, byteas their
 * bytes. Values are written back as parameters of unspecified type, so the server converts each with the
 * type of the column it goes into, and no value is ever written into the SQL text.
 *
 * @param columns the columns in the order they were read
 */
public record RowImage(List<Column> columns) {

    /**
     * Types whose binary form the driver renders as exact text; any other must be received as text. The driver
     * names an integer column with a sequence default {@code serial}, {@code bigserial} or {@code smallserial}.
     */
    private static final Set<String> EXACT_IN_BINARY = Set.of("int2", "int4", "int8", "float4", "float8", "bool",
            "uuid", "oid", "bytea", "serial", "bigserial", "smallserial");

    /**
     * The value of the driver's {@code binaryTransferDisable} for connections whose rows are imaged: every
     * type it would otherwise receive in binary, once a statement has run a few times, and render as text
     * inexactly (a time of 24:00, a date before Christ, a numeric's scale).
     */
    public static final String TEXT_TRANSFER_TYPES = "NUMERIC,DATE,TIME,TIMETZ,TIMESTAMP,TIMESTAMPTZ,INTERVAL,"
            + "INT2_ARRAY,INT4_ARRAY,INT8_ARRAY,FLOAT4_ARRAY,FLOAT8_ARRAY,OID_ARRAY,TEXT_ARRAY,VARCHAR_ARRAY,"
            + "BYTEA_ARRAY,NUMERIC_ARRAY,BOOL_ARRAY,UUID_ARRAY,DATE_ARRAY,TIME_ARRAY,TIMETZ_ARRAY,TIMESTAMP_ARRAY,"
            + "TIMESTAMPTZ_ARRAY,INTERVAL_ARRAY,POINT,BOX";

    /**
     * One column.
     *
     * @param name  its name in the table
     * @param type  its type as the server names it ({@code int4}, {@code numeric}, {@code _text})
     * @param value its value in PostgreSQL's text form, or null
     */
    public record Column(String name, String type, String value) {

        @Override
        public String toString() {
            // a value may be personal: never in a message or a log line
            return "Column[" + name + " " + type + (value == null ? " null]" : "]");
        }
    }

    public RowImage {
        columns = List.copyOf(columns);
    }

    /**
     * The current row of a result set of the target, every column of it.
     *
     * @throws VaultException when a column came in a binary form the driver does not render exactly (the
     *                        connection needs {@code binaryTransferDisable=}{@link #TEXT_TRANSFER_TYPES})
     */
    public static RowImage read(ResultSet rs) throws SQLException {
        return read(rs, rs.getMetaData().getColumnCount());
    }

    /** The image of the first {@code count} columns of the current row (those after it are the caller's). */
    public static RowImage read(ResultSet rs, int count) throws SQLException {
        return reader(rs, count).read(rs);
    }

    /**
     * What the images of a result set's rows are read with: the names and types of its first {@code count}
     * columns, and the check of their transfer format, taken once for every row of it.
     *
     * @throws VaultException when a column came in a binary form the driver does not render exactly
     */
    public static Reader reader(ResultSet rs, int count) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        PGResultSetMetaData formats = meta.isWrapperFor(PGResultSetMetaData.class)
                ? meta.unwrap(PGResultSetMetaData.class) : null;
        String[] names = new String[count];
        String[] types = new String[count];
        for (int i = 1; i <= count; i++) {
            String type = meta.getColumnTypeName(i);
            if (formats != null && formats.getFormat(i) == 1 && !EXACT_IN_BINARY.contains(type)) {
                throw new VaultException("column " + meta.getColumnName(i) + " (" + type + ") was received in binary,"
                        + " which the driver does not render exactly: connect with binaryTransferDisable="
                        + TEXT_TRANSFER_TYPES);
            }
            names[i - 1] = meta.getColumnName(i);
            types[i - 1] = type;
        }
        return new Reader(names, types);
    }

    /** Reads the images of the rows of one result set (see {@link #reader}). */
    public static final class Reader {

        private final String[] names;
        private final String[] types;

        private Reader(String[] names, String[] types) {
            this.names = names;
            this.types = types;
        }

        /** The image of the result set's current row. */
        public RowImage read(ResultSet rs) throws SQLException {
            Column[] columns = new Column[names.length];
            for (int i = 0; i < names.length; i++) {
                columns[i] = new Column(names[i], types[i], text(rs, i + 1, types[i]));
            }
            return new RowImage(List.of(columns));
        }
    }

    /**
     * MariaDB's types whose text is not their value (a driver renders binary strings lossily, a BIT as
     * {@code b'1010'}, which the column does not read back, a spatial value not at all): kept as their
     * bytes, as a bytea is (a spatial value's bytes are MariaDB's own form, SRID and WKB, which the column
     * takes back as they are).
     */
    private static final Set<String> MARIADB_BINARY = Set.of("BINARY", "VARBINARY", "TINYBLOB", "BLOB", "MEDIUMBLOB",
            "LONGBLOB", "BIT", "GEOMETRY", "POINT", "LINESTRING", "POLYGON", "MULTIPOINT", "MULTILINESTRING",
            "MULTIPOLYGON", "GEOMETRYCOLLECTION");

    private static String text(ResultSet rs, int i, String type) throws SQLException {
        if ("bytea".equals(type) || MARIADB_BINARY.contains(type)) {
            // the driver's text of a bytea depends on how it was sent; the bytes do not
            byte[] bytes = rs.getBytes(i);
            return bytes == null ? null : "\\x" + HexFormat.of().formatHex(bytes);
        }
        return rs.getString(i);
    }

    /** The characters of its names, types and values: about the bytes the row took to receive as text. */
    public long textLength() {
        long length = 0;
        for (Column c : columns) {
            length += c.name().length() + c.type().length() + (c.value() == null ? 0 : c.value().length());
        }
        return length;
    }

    /** The column of this name, or null. */
    public Column column(String name) {
        for (Column c : columns) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        return null;
    }

    /**
     * Whether this image and {@code other} both have each of these columns, with the same value (in
     * PostgreSQL's text form, or both null).
     */
    public boolean agreesWith(RowImage other, List<String> names) {
        for (String name : names) {
            Column mine = column(name);
            Column theirs = other.column(name);
            if (mine == null || theirs == null || !java.util.Objects.equals(mine.value(), theirs.value())) {
                return false;
            }
        }
        return true;
    }

    /** The columns' names, quoted and separated by commas: {@code "a", "b"}. */
    public String columnList() {
        return columns.stream().map(c -> Sql.quote(c.name())).collect(Collectors.joining(", "));
    }

    /** One parameter per column: {@code ?, ?}. */
    public String placeholders() {
        return columns.stream().map(c -> "?").collect(Collectors.joining(", "));
    }

    /** Each column set from its parameter, for an update: {@code "a" = ?, "b" = ?}. */
    public String assignments() {
        return columns.stream().map(c -> Sql.quote(c.name()) + " = ?").collect(Collectors.joining(", "));
    }

    /** An insert of this row into a table (already quoted, through {@link Sql}); bind it with {@link #bind}. */
    public String insertInto(String quotedTable) {
        return "insert into " + quotedTable + " (" + columnList() + ") values (" + placeholders() + ")";
    }

    /**
     * Binds the values, in column order, from parameter {@code first} on; returns the next free index.
     * Each is sent as text of unspecified type, which the server reads with the type of its column.
     */
    public int bind(PreparedStatement ps, int first) throws SQLException {
        int index = first;
        for (Column c : columns) {
            if (c.value() == null) {
                ps.setNull(index++, Types.OTHER);
            } else {
                ps.setObject(index++, c.value(), Types.OTHER);
            }
        }
        return index;
    }

    /** The image as bytes, to be encrypted ({@link RowImageBytes}: a bytea's value as its bytes). */
    public byte[] toBytes() {
        return RowImageBytes.of(this);
    }

    /** The image {@link #toBytes} wrote, in this format or the earlier one. */
    public static RowImage fromBytes(byte[] bytes) {
        return RowImageBytes.read(bytes);
    }

    @Override
    public String toString() {
        return "RowImage" + columns;
    }
}
