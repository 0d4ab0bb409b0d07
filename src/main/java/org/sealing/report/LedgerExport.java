package org.sealing.report;

import java.io.IOException;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.function.Consumer;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.springframework.stereotype.Component;

import org.sealing.SealingProperties;

/**
 * The ledger export of an execution (SPEC section 8): one CSV line per row the run changed or restored
 * up to that execution, with its order, statute, target, table, row reference, action, outcome, the
 * time its chunk committed (court time, with its offset) and the hash of the ledger entry that covers it
 * (the entry recorded with the row's chunk), then that entry's place in the chain. PostgreSQL writes the
 * CSV ({@code COPY ... TO STDOUT}), which is gzip-compressed as it streams: a million rows need no
 * memory to speak of. Nothing in it names a person: rows by their reference, cases by order_id.
 */
@Component
class LedgerExport {

    /** The columns of the export, its first line. */
    static final String HEADER = "order_id,statute,target,table,row_ref,action,outcome,time,chain_hash,ledger_seq";

    private final DataSource control;
    private final SealingProperties properties;

    LedgerExport(DataSource control, SealingProperties properties) {
        this.control = control;
        this.properties = properties;
    }

    /**
     * The audit rows of the run up to this execution, by order, target, table, action and outcome (so that
     * each group of the Audit sheet is a run of lines), then in the order they were planned.
     */
    static String query(long runId, long executionId) {
        return AuditRows.with(runId, executionId) + """
                select p.order_id, p.statute, p.target, p.table_name, p.row_ref, lower(p.action), lower(p.outcome),
                       to_char(c.committed_at, 'YYYY-MM-DD"T"HH24:MI:SS.USTZH:TZM'), e.hash, e.seq
                """ + AuditRows.FROM + """
                order by p.order_id collate "C", p.target collate "C", p.table_name collate "C", p.action, p.outcome,
                         p.statute, p.plan_id
                """;
    }

    /**
     * Writes the export, compressed, to {@code out}, and hands each group of its lines (the Audit sheet's
     * rows) to {@code groups} as it passes; returns how many rows the export holds.
     */
    long write(long runId, long executionId, OutputStream out, Consumer<WorkbookReader.AuditGroup> groups)
            throws IOException {
        FastGzip gzip = new FastGzip(out);
        AuditGrouping lines = new AuditGrouping(gzip, groups);
        try (Connection c = control.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement zone = c.prepareStatement("select set_config('TimeZone', ?, true)")) {
                    zone.setString(1, properties.zone().getId());
                    zone.execute();
                }
                try (PreparedStatement memory = c.prepareStatement(AuditRows.MEMORY)) {
                    memory.execute();
                }
                c.unwrap(PGConnection.class).getCopyAPI().copyOut("copy (" + query(runId, executionId)
                        + ") to stdout with (format csv, header false)", headerFirst(lines));
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw new IOException("cannot read the ledger of run " + runId + ": " + e.getMessage(), e);
        }
        lines.finishGroups();
        gzip.finish();
        gzip.flush();
        return lines.lines() - 1;
    }

    private static OutputStream headerFirst(OutputStream out) throws IOException {
        out.write((HEADER + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        return out;
    }

    /** Gzip at its fastest level: the row references (random hex) barely compress at any level. */
    private static final class FastGzip extends GZIPOutputStream {

        FastGzip(OutputStream out) throws IOException {
            super(out, 1 << 16);
            def.setLevel(Deflater.BEST_SPEED);
        }
    }

}
