package org.sealing.targetdb.dialect;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import java.util.StringJoiner;
import org.sealing.catalog.live.LiveCatalog.Column;
import org.sealing.support.CopyText;
import org.sealing.targetdb.Sql;

/**
 * PostgreSQL's remediation SQL: temporary tables dropped with the transaction, cases loaded with
 * {@code COPY}, {@code DISTINCT ON}, keys as {@code text[]} arrays read with {@code unnest} or
 * {@code = any(...)}, casts with {@code ::}.
 */
final class PostgreSqlRemediation implements RemediationSql {

    static final PostgreSqlRemediation INSTANCE = new PostgreSqlRemediation();
    private static final String HASHED = "'^[0-9a-f]{64}$'";

    private PostgreSqlRemediation() {
    }

    @Override
    public List<String> createCases(String table) {
        return List.of("create temporary table " + table + " (order_id text not null, statute text,"
                + " arrest_number text, nysid text, docket_number text, arrest_date date)");
    }

    @Override
    public BulkRows loadCases(Connection c, String table, List<String> columns) throws SQLException {
        CopyText copy = CopyText.startPipelined(c, "copy " + table + " (" + String.join(", ", columns) + ") from stdin");
        return new BulkRows() {
            @Override
            public void row(Object... values) throws SQLException {
                for (Object v : values) {
                    copy.field(v);
                }
                copy.endRow();
            }

            @Override
            public long finish() throws SQLException {
                return copy.finish();
            }

            @Override
            public void close() {
                copy.close();
            }
        };
    }

    @Override
    public List<String> casesLoaded(String table) {
        return List.of("analyze " + table);
    }

    @Override
    public List<String> createFirstPerKey(String table, String columns, String from, String keys, String order) {
        return List.of("create temporary table " + table + " as select distinct on (" + keys + ") " + columns + " from "
                + from + " order by " + keys + ", " + order, "analyze " + table);
    }

    @Override
    public String text(String expression) {
        return expression + "::text";
    }

    @Override
    public String nextDay(String date) {
        return date + " + 1";
    }

    @Override
    public String isHash(String expression) {
        return expression + "::text ~ " + HASHED;
    }

    @Override
    public String yearOnly(String expression, Column column) {
        return "date_trunc('year', " + expression + ")::" + column.type();
    }

    @Override
    public String sameText(String expression, String literal) {
        return expression + " = " + literal;
    }

    /** One cast of the whole array, then index lookups: the cheapest form. */
    @Override
    public String keyInArray(String ref, Column column) {
        return ref + " = any(?::text[]::" + column.type() + "[])";
    }

    @Override
    public String keysSource(List<Column> keys, int extra) {
        StringJoiner arrays = new StringJoiner(", ");
        StringJoiner names = new StringJoiner(", ");
        for (int i = 0; i < keys.size(); i++) {
            arrays.add("?::text[]");
            names.add("k" + i);
        }
        for (int i = 0; i < extra; i++) {
            arrays.add("?::text[]");
            names.add("h" + i);
        }
        return "unnest(" + arrays + ") as k(" + names + ")";
    }

    @Override
    public String keyEquals(String ref, String keyRef, Column column) {
        return ref + " = " + keyRef + "::" + column.type();
    }

    @Override
    public String parameter(Column column) {
        return "?::" + column.type();
    }

    @Override
    public int bindKeys(Connection c, PreparedStatement ps, int first, List<String[]> arrays) throws SQLException {
        int index = first;
        for (String[] values : arrays) {
            ps.setArray(index++, c.createArrayOf("text", values));
        }
        return index;
    }

    @Override
    public String deleteJoined(String table, String keys, String on) {
        return "delete from " + table + " t using " + keys + " where " + on;
    }

    @Override
    public String updateJoined(String table, String set, String keys, String on, String where) {
        return "update " + table + " t set " + set + " from " + keys + " where " + on + " and " + where;
    }

    @Override
    public String assigned(String alias, String quotedColumn) {
        return quotedColumn;
    }

    @Override
    public boolean returnsDeletedRows() {
        return true;
    }

    @Override
    public String forUpdate(boolean joined) {
        return joined ? " for update of t" : " for update";
    }

    @Override
    public String givenKey(int i) {
        return "k.k" + i;
    }

    @Override
    public String insertAgain(String table, String columns, String values) {
        return "insert into " + table + " (" + columns + ") overriding system value values (" + values + ")";
    }

    @Override
    public String generatedColumns(String table) {
        return "select attname from pg_attribute where attrelid = " + Sql.literal(table)
                + "::regclass and attgenerated <> '' and not attisdropped";
    }

    /** As text of unspecified type: the server reads it with the type of the column it goes into. */
    @Override
    public void bindValue(PreparedStatement ps, int index, String value, String type) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.OTHER);
        } else {
            ps.setObject(index, value, Types.OTHER);
        }
    }
}
