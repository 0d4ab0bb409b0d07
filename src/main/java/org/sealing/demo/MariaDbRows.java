package org.sealing.demo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

import org.sealing.support.RowSink;

/**
 * The rows of a demo table on MariaDB, which has no COPY: {@value #ROWS} rows per {@code INSERT}, each field
 * a parameter, in the table's column order as the COPY of the PostgreSQL targets has them.
 */
final class MariaDbRows implements RowSink, AutoCloseable {

    private static final int ROWS = 500;

    private final Connection connection;
    private final String table;
    private final List<List<Object>> pending = new ArrayList<>();
    private List<Object> row = new ArrayList<>();
    private long written;

    MariaDbRows(Connection connection, String table) {
        this.connection = connection;
        this.table = table;
    }

    /** Whether a connection is to MariaDB (the demo's other targets are PostgreSQL). */
    static boolean isMariaDb(Connection c) throws SQLException {
        return c.getMetaData().getURL().startsWith("jdbc:mariadb:");
    }

    @Override
    public MariaDbRows field(Object value) {
        row.add(value);
        return this;
    }

    @Override
    public void endRow() throws SQLException {
        pending.add(row);
        row = new ArrayList<>(row.size());
        if (pending.size() == ROWS) {
            flush();
        }
    }

    private void flush() throws SQLException {
        if (pending.isEmpty()) {
            return;
        }
        StringJoiner values = new StringJoiner(", ", "insert into " + table + " values ", "");
        for (List<Object> r : pending) {
            StringJoiner one = new StringJoiner(", ", "(", ")");
            r.forEach(v -> one.add("?"));
            values.add(one.toString());
        }
        try (PreparedStatement ps = connection.prepareStatement(values.toString())) {
            int index = 1;
            for (List<Object> r : pending) {
                for (Object v : r) {
                    ps.setObject(index++, v);
                }
            }
            ps.executeUpdate();
        }
        written += pending.size();
        pending.clear();
    }

    /** Writes what is left; the number of rows written. */
    long finish() throws SQLException {
        flush();
        return written;
    }

    @Override
    public void close() {
        pending.clear();
    }
}
