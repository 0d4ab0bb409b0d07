package org.sealing.support;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Rows streamed into PostgreSQL with {@code COPY ... FROM STDIN} in its text format: the fastest way
 * to move many rows, in bounded memory. Fields are escaped here; null is {@code \N}.
 *
 * <p>A pipelined copy hands each full block to a thread of its own, which sends it while the caller
 * goes on reading and encoding the next rows (from another database): the two servers then work at
 * the same time. At most a few blocks wait, so memory stays bounded.
 */
public final class CopyText implements AutoCloseable, RowSink {

    private static final int FLUSH_CHARS = 1 << 16;
    private static final byte[] END = new byte[0];

    private final CopyIn copy;
    private final StringBuilder buffer = new StringBuilder(FLUSH_CHARS + 1024);
    private final BlockingQueue<byte[]> blocks;
    private final Thread sender;
    private volatile SQLException sendFailure;
    private long rows;
    private boolean firstField = true;

    private CopyText(CopyIn copy, boolean pipelined) {
        this.copy = copy;
        if (pipelined) {
            this.blocks = new ArrayBlockingQueue<>(8);
            this.sender = new Thread(this::send, "copy-sender");
            this.sender.setDaemon(true);
            this.sender.start();
        } else {
            this.blocks = null;
            this.sender = null;
        }
    }

    /** Starts a COPY on this connection (a pooled one is unwrapped to the driver's). */
    public static CopyText start(Connection connection, String copySql) throws SQLException {
        return new CopyText(connection.unwrap(PGConnection.class).getCopyAPI().copyIn(copySql), false);
    }

    /**
     * Starts a COPY whose blocks are sent by a thread of its own. Until {@link #finish()} returns,
     * nothing else may use the connection.
     */
    public static CopyText startPipelined(Connection connection, String copySql) throws SQLException {
        return new CopyText(connection.unwrap(PGConnection.class).getCopyAPI().copyIn(copySql), true);
    }

    @Override
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

    @Override
    public void endRow() throws SQLException {
        buffer.append('\n');
        firstField = true;
        rows++;
        if (buffer.length() >= FLUSH_CHARS) {
            flush();
        }
    }

    private void flush() throws SQLException {
        if (buffer.isEmpty()) {
            return;
        }
        byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
        buffer.setLength(0);
        if (sender == null) {
            copy.writeToCopy(bytes, 0, bytes.length);
            return;
        }
        enqueue(bytes);
    }

    private void enqueue(byte[] block) throws SQLException {
        try {
            while (!blocks.offer(block, 100, TimeUnit.MILLISECONDS)) {
                failIfSendFailed();
                if (!sender.isAlive()) {
                    throw new SQLException("the COPY sender stopped");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while copying", e);
        }
        failIfSendFailed();
    }

    private void send() {
        try {
            while (true) {
                byte[] block = blocks.take();
                if (block == END) {
                    return;
                }
                copy.writeToCopy(block, 0, block.length);
            }
        } catch (SQLException e) {
            sendFailure = e;
            blocks.clear();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void failIfSendFailed() throws SQLException {
        if (sendFailure != null) {
            throw sendFailure;
        }
    }

    /** Ends the COPY and returns the number of rows written. */
    public long finish() throws SQLException {
        flush();
        if (sender != null) {
            enqueue(END);
            try {
                sender.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted while copying", e);
            }
            failIfSendFailed();
        }
        copy.endCopy();
        return rows;
    }

    @Override
    public void close() {
        if (sender != null && sender.isAlive()) {
            sender.interrupt();
            try {
                sender.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
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
