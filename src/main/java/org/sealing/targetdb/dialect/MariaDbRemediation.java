package org.sealing.targetdb.dialect;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import org.sealing.catalog.live.LiveCatalog.Column;

/**
 * MariaDB's remediation SQL. A temporary table outlives its transaction (it lives as long as the pooled
 * connection), so each is dropped before it is made again, and filled only by inserts, which the
 * transaction's rollback takes back (no case nor key stays in the session); there is no {@code DISTINCT ON}, so the first
 * row per key is numbered with {@code ROW_NUMBER()}; the cases are loaded with multi-row {@code INSERT}s
 * of {@value #ROWS_PER_INSERT} rows, and indexed, since MariaDB joins without hashing; a chunk's keys are
 * one JSON parameter read by {@code JSON_TABLE} with the key columns' own types (so that an
 * {@code eq_ref} on the key index follows); text is compared in a binary NO PAD collation, as PostgreSQL
 * compares it, and {@code REGEXP} is made case-sensitive the same way.
 */
final class MariaDbRemediation implements RemediationSql {

    static final MariaDbRemediation INSTANCE = new MariaDbRemediation();
    static final int ROWS_PER_INSERT = 500;
    /** Binary and NO PAD: 'REDACTED  ' is not 'REDACTED', as on PostgreSQL (utf8mb4_bin pads with spaces). */
    private static final String BINARY = " collate utf8mb4_nopad_bin";

    private MariaDbRemediation() {
    }

    private static String dropTemporary(String table) {
        return "drop temporary table if exists " + table;
    }

    @Override
    public List<String> createCases(String table) {
        // 256: the longest field a feed may have (register.FeedColumn.MAX_FIELD_CHARS)
        return List.of(dropTemporary(table), "create temporary table " + table + " (order_id varchar(256) not null,"
                + " statute varchar(256), arrest_number varchar(256), nysid varchar(256), docket_number varchar(256),"
                + " arrest_date date, index (arrest_number), index (nysid), index (docket_number), index (arrest_date))"
                + " engine = InnoDB character set utf8mb4");
    }

    @Override
    public BulkRows loadCases(Connection c, String table, List<String> columns) throws SQLException {
        String row = "(" + String.join(", ", columns.stream().map(x -> "?").toList()) + ")";
        String head = "insert into " + table + " (" + String.join(", ", columns) + ") values ";
        List<Object[]> pending = new ArrayList<>(ROWS_PER_INSERT);
        return new BulkRows() {
            private long rows;

            @Override
            public void row(Object... values) throws SQLException {
                pending.add(values.clone());
                if (pending.size() == ROWS_PER_INSERT) {
                    flush();
                }
            }

            private void flush() throws SQLException {
                if (pending.isEmpty()) {
                    return;
                }
                StringJoiner all = new StringJoiner(", ", head, "");
                pending.forEach(p -> all.add(row));
                try (PreparedStatement ps = c.prepareStatement(all.toString())) {
                    int index = 1;
                    for (Object[] values : pending) {
                        for (Object v : values) {
                            ps.setObject(index++, v);
                        }
                    }
                    ps.executeUpdate();
                }
                rows += pending.size();
                pending.clear();
            }

            @Override
            public long finish() throws SQLException {
                flush();
                return rows;
            }

            @Override
            public void close() {
                pending.clear();
            }
        };
    }

    @Override
    public List<String> casesLoaded(String table) {
        return List.of();
    }

    /**
     * Made empty, then filled with {@code INSERT ... SELECT}: rows a {@code CREATE ... SELECT} wrote would outlive
     * the transaction's rollback, rows inserted do not (the table is InnoDB), so no key stays behind in the
     * pooled session once the plan or the verification ends, as on PostgreSQL.
     */
    @Override
    public List<String> createFirstPerKey(String table, String columns, String from, String keys, String order) {
        String numbered = "select * from (select " + columns + ", row_number() over (partition by " + keys + " order by "
                + order + ") as `sealing$rn` from " + from + ") x";
        return List.of(dropTemporary(table), "create temporary table " + table + " engine = InnoDB as " + numbered
                + " limit 0", "insert into " + table + " " + numbered + " where `sealing$rn` = 1");
    }

    @Override
    public String text(String expression) {
        return "cast(" + expression + " as char)";
    }

    /**
     * A binary string's bytes as PostgreSQL writes a bytea, and as a vault copy's image holds them ({@code \x} and
     * lower-case hex): its text as a character string would turn a byte that is not UTF-8 into '?' and name
     * another row. A uuid's text is its canonical form already.
     */
    @Override
    public String keyText(String expression, Column column) {
        if (column.isBytes()) {
            return "concat('\\\\x', lower(hex(" + expression + ")))";
        }
        return text(expression);
    }

    /** A key's text of {@link #keyText} as the column's value. */
    private static String keyValue(String text, Column column) {
        return column.isBytes() ? "unhex(substr(" + text + ", 3))" : text;
    }

    @Override
    public String nextDay(String date) {
        return date + " + interval 1 day";
    }

    @Override
    public String isHash(String expression) {
        // \z, not $: PCRE's $ matches before a final line break too (the SQL literal doubles the backslash)
        return "convert(" + text(expression) + " using utf8mb4)" + BINARY + " regexp '^[0-9a-f]{64}\\\\z'";
    }

    @Override
    public String yearOnly(String expression, Column column) {
        String start = "makedate(year(" + expression + "), 1)";
        return column.isDate() ? start : "timestamp(" + start + ")";
    }

    @Override
    public String sameText(String expression, String literal) {
        return "convert(" + expression + " using utf8mb4)" + BINARY + " = convert(" + literal + " using utf8mb4)"
                + BINARY;
    }

    /** No arrays: the keys are always joined through {@link #keysSource}. */
    @Override
    public String keyInArray(String ref, Column column) {
        return null;
    }

    @Override
    public String keysSource(List<Column> keys, int extra) {
        StringJoiner columns = new StringJoiner(", ");
        for (int i = 0; i < keys.size(); i++) {
            columns.add("k" + i + " " + MariaDbTypes.keyTextType(keys.get(i)) + " path '$[" + i + "]'");
        }
        for (int i = 0; i < extra; i++) {
            columns.add("h" + i + " text path '$[" + (keys.size() + i) + "]'");
        }
        // each key as it was given too, for the statements that answer with the keys they were asked for
        for (int i = 0; i < keys.size(); i++) {
            columns.add("g" + i + " text path '$[" + i + "]'");
        }
        return "json_table(?, '$[*]' columns (" + columns + ")) k";
    }

    @Override
    public String keyEquals(String ref, String keyRef, Column column) {
        return ref + " = " + keyValue(keyRef, column);
    }

    /** MariaDB converts a text parameter to the type of the column it is compared with; a binary key is unhexed. */
    @Override
    public String parameter(Column column) {
        return keyValue("?", column);
    }

    /** One parameter: the rows as a JSON array of arrays of texts (or nulls). */
    @Override
    public int bindKeys(Connection c, PreparedStatement ps, int first, List<String[]> arrays) throws SQLException {
        int rows = arrays.isEmpty() ? 0 : arrays.get(0).length;
        StringBuilder json = new StringBuilder(rows * 16 + 2).append('[');
        for (int r = 0; r < rows; r++) {
            json.append(r == 0 ? "[" : ",[");
            for (int a = 0; a < arrays.size(); a++) {
                if (a > 0) {
                    json.append(',');
                }
                appendJson(json, arrays.get(a)[r]);
            }
            json.append(']');
        }
        ps.setString(first, json.append(']').toString());
        return first + 1;
    }

    static void appendJson(StringBuilder json, String value) {
        if (value == null) {
            json.append("null");
            return;
        }
        json.append('"');
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            switch (ch) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                default -> {
                    if (ch < 0x20) {
                        json.append(String.format("\\u%04x", (int) ch));
                    } else {
                        json.append(ch);
                    }
                }
            }
        }
        json.append('"');
    }

    @Override
    public String deleteJoined(String table, String keys, String on) {
        return "delete t from " + table + " t join " + keys + " on " + on;
    }

    @Override
    public String updateJoined(String table, String set, String keys, String on, String where) {
        return "update " + table + " t join " + keys + " on " + on + " set " + set + " where " + where;
    }

    @Override
    public String assigned(String alias, String quotedColumn) {
        return alias + "." + quotedColumn;
    }

    @Override
    public String forUpdate(boolean joined) {
        return " for update";
    }

    @Override
    public String givenKey(int i) {
        return "k.g" + i;
    }

    /** An auto-increment column takes the value given; a generated column is left out by the caller. */
    @Override
    public String insertAgain(String table, String columns, String values) {
        return "insert into " + table + " (" + columns + ") values (" + values + ")";
    }

    /** From information_schema, by the parts of the table's quoted name ({@code `db`.`t`}). */
    @Override
    public String generatedColumns(String table) {
        List<String> parts = unquoted(table);
        if (parts.size() != 2) {
            throw new IllegalArgumentException("not a quoted schema and table name");
        }
        return "select column_name from information_schema.columns where table_schema = "
                + MariaDbDialect.INSTANCE.literal(parts.get(0)) + " and table_name = "
                + MariaDbDialect.INSTANCE.literal(parts.get(1)) + " and is_generated <> 'NEVER'";
    }

    /** The identifiers of a dotted name in back-ticks, each read to its closing back-tick (doubled ones kept once). */
    static List<String> unquoted(String quoted) {
        List<String> parts = new ArrayList<>();
        StringBuilder part = null;
        for (int i = 0; i < quoted.length(); i++) {
            char ch = quoted.charAt(i);
            if (part == null) {
                if (ch == '`') {
                    part = new StringBuilder();
                }
            } else if (ch != '`') {
                part.append(ch);
            } else if (i + 1 < quoted.length() && quoted.charAt(i + 1) == '`') {
                part.append('`');
                i++;
            } else {
                parts.add(part.toString());
                part = null;
            }
        }
        return parts;
    }

    /** As text, which the server converts to the column's type; a binary column's bytes from the copy's hex. */
    @Override
    public void bindValue(PreparedStatement ps, int index, String value, String type) throws SQLException {
        if (value == null) {
            ps.setNull(index, java.sql.Types.VARCHAR);
        } else if (value.startsWith("\\x") && BINARY_TYPES.contains(type)) {
            ps.setBytes(index, java.util.HexFormat.of().parseHex(value.substring(2)));
        } else {
            ps.setString(index, value);
        }
    }

    /** The types whose copies hold their bytes as hex (see vault.RowImage): binary strings, BIT and spatial values. */
    private static final java.util.Set<String> BINARY_TYPES = java.util.Set.of("BINARY", "VARBINARY", "TINYBLOB", "BLOB",
            "MEDIUMBLOB", "LONGBLOB", "BIT", "GEOMETRY", "POINT", "LINESTRING", "POLYGON", "MULTIPOINT",
            "MULTILINESTRING", "MULTIPOLYGON", "GEOMETRYCOLLECTION");
}
