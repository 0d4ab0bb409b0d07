package org.sealing.support;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Rows streamed into PostgreSQL with {@code COPY ... FROM STDIN} in its text format: the fastest way
 * to move many rows, in bounded memory. Fields are escaped here; null is {@code \N}.
 */
public final class CopyText implements AutoCloseable {

    private static final int FLUSH_BYTES = 1 << 16;

    private final CopyIn copy;
    private final StringBuilder buffer = new StringBuilder(FLUSH_BYTES + 1024);
    private long rows;
    private boolean firstField = true;

    private CopyText(CopyIn copy) {
        this.copy = copy;
    }

    /** Starts a COPY on this connection (a pooled one is unwrapped to the driver's). */
    public static CopyText start(Connection connection, String copySql) throws SQLException {
        return new CopyText(connection.unwrap(PGConnection.class).getCopyAPI().copyIn(copySql));
    }

    public CopyText field(Object value) {
        if (!firstField) {
            buffer.append('\t');
        }
        firstField = false;
        if (value == null) {
            buffer.append("\\N");
        } else {
            escape(value.toString(), buffer);
        }
        return this;
    }

    /** A text[] field: the array literal, escaped once for the array and once for COPY. */
    public CopyText arrayField(String[] values) {
        StringBuilder literal = new StringBuilder("{");
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                literal.append(',');
            }
            if (values[i] == null) {
                literal.append("NULL");
            } else {
                literal.append('"').append(values[i].replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            }
        }
        return field(literal.append('}').toString());
    }

    public void endRow() throws SQLException {
        buffer.append('\n');
        firstField = true;
        rows++;
        if (buffer.length() >= FLUSH_BYTES) {
            flush();
        }
    }

    private void flush() throws SQLException {
        byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
        copy.writeToCopy(bytes, 0, bytes.length);
        buffer.setLength(0);
    }

    /** Ends the COPY and returns the number of rows written. */
    public long finish() throws SQLException {
        flush();
        copy.endCopy();
        return rows;
    }

    @Override
    public void close() {
        if (copy.isActive()) {
            try {
                copy.cancelCopy();
            } catch (SQLException ignored) {
                // the transaction around it is being rolled back anyway
            }
        }
    }

    private static void escape(String value, StringBuilder out) {
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            switch (ch) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(ch);
            }
        }
    }
}
