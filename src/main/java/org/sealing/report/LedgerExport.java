package org.sealing.report;

import java.io.IOException;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;
import org.springframework.stereotype.Component;

import org.sealing.SealingProperties;

/**
 * The ledger export of an execution (SPEC section 8): one CSV line per row the run changed or restored
 * up to that execution, with its order, statute, target, table, row reference, action, outcome, the
 * time its chunk committed (court time, with its offset) and the hash of the ledger entry that covers it
 * (the entry recorded with the row's chunk), then that entry's place in the chain, in the plan's order
 * (the order the ledger chain covers them in). PostgreSQL streams the run's plan rows by its primary key
 * ({@code COPY ... TO STDOUT}), {@link LedgerLines} finds each row's chunk and writes its line, gzip-compressed
 * as it streams: a million rows need no sort and no memory to speak of. Nothing in it names a person:
 * rows by their reference, cases by order_id.
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

    /** The time of a chunk's lines, as the export writes it: court time, with its offset. */
    static final String TIME = "'YYYY-MM-DD\"T\"HH24:MI:SS.USTZH:TZM'";

    /**
     * The chunks of the run recorded up to this execution, each with the ledger entry its commit appended
     * (none for chunks recorded before the chain): a few rows per 10,000 plan rows.
     */
    static String chunks(long runId, long executionId) {
        return """
                select c.chunk_id, c.target, c.lane, c.first_plan_id, c.last_plan_id, to_char(c.committed_at, %3$s), e.hash,
                       e.seq
                from apply_chunk c
                left join ledger_entry e on e.kind in ('CHANGE', 'RESTORE') and e.run_id = c.run_id
                     and e.target = c.target and e.lane = c.lane and e.first_plan_id = c.first_plan_id
                     and e.last_plan_id = c.last_plan_id
                where c.run_id = %1$d and c.execution_id <= %2$d
                order by c.chunk_id, e.seq
                """.formatted(runId, executionId, TIME);
    }

    /**
     * The run's plan rows that can be in the ledger (planned changes and restores, not failed, not a restore
     * conflict), in the plan's order: a walk of its primary key from the first chunk's first row to the
     * last chunk's last, no sort.
     */
    static String planRows(long runId, long from, long to) {
        return """
                select p.plan_id, p.target, p.table_name, p.action, p.order_id, p.statute, p.row_ref, p.outcome
                from remediation_plan p
                where p.plan_id between %2$d and %3$d and p.run_id = %1$d and p.state = 'PLANNED'
                  and p.action <> 'REVIEW'
                  and p.plan_id not in (select f.plan_id from apply_failure f)
                  and p.plan_id not in (select r.plan_id from restore_conflict r)
                order by p.plan_id
                """.formatted(runId, from, to);
    }

    /**
     * Writes the export, compressed, to {@code out}: the run's rows up to this execution in the plan's
     * order, the order in which its chunks applied them and the ledger chain covers them; returns how many
     * rows the export holds.
     */
    long write(long runId, long executionId, OutputStream out) throws IOException {
        FastGzip gzip = new FastGzip(out);
        long lines;
        try (Connection c = control.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement zone = c.prepareStatement("select set_config('TimeZone', ?, true)")) {
                    zone.setString(1, properties.zone().getId());
                    zone.execute();
                }
                List<LedgerLines.Chunk> chunks = new ArrayList<>();
                Map<Long, LedgerLines.Chunk> byId = new LinkedHashMap<>();
                try (PreparedStatement ps = c.prepareStatement(chunks(runId, executionId));
                        ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        LedgerLines.Chunk chunk = byId.get(rs.getLong(1));
                        if (chunk == null) {
                            chunk = new LedgerLines.Chunk(rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5),
                                    new ArrayList<>());
                            byId.put(rs.getLong(1), chunk);
                        }
                        chunk.endings().add(LedgerLines.ending(rs.getString(6), rs.getString(7),
                                rs.getObject(8, Long.class)));
                    }
                }
                chunks.addAll(byId.values());
                long from = chunks.stream().mapToLong(LedgerLines.Chunk::first).min().orElse(0);
                long to = chunks.stream().mapToLong(LedgerLines.Chunk::last).max().orElse(0);
                LedgerLines ledger = new LedgerLines(gzip, chunks);
                ledger.header();
                if (!chunks.isEmpty()) {
                    CopyOut copy = c.unwrap(PGConnection.class).getCopyAPI().copyOut("copy (" + planRows(runId, from,
                            to) + ") to stdout");
                    try {
                        for (byte[] row = copy.readFromCopy(); row != null; row = copy.readFromCopy()) {
                            ledger.row(row);
                        }
                    } finally {
                        if (copy.isActive()) {
                            copy.cancelCopy();
                        }
                    }
                }
                ledger.flush();
                lines = ledger.lines();
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw new IOException("cannot read the ledger of run " + runId + ": " + e.getMessage(), e);
        }
        gzip.finish();
        gzip.flush();
        return lines;
    }

    /**
     * Hands the Audit sheet's rows of the run up to this execution to {@code groups}, in the sheet's order,
     * as PostgreSQL sums them (on a connection of its own, beside the export); times in court time.
     */
    void groups(long runId, long executionId, Consumer<WorkbookReader.AuditGroup> groups) {
        java.time.ZoneId zone = properties.zone();
        try (Connection c = control.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement memory = c.prepareStatement(AuditRows.MEMORY);
                        PreparedStatement hashJoins = c.prepareStatement(AuditRows.HASH_JOINS)) {
                    memory.execute();
                    hashJoins.execute();
                }
                try (PreparedStatement ps = c.prepareStatement(AuditRows.groups(runId, executionId))) {
                    ps.setFetchSize(10_000);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            groups.accept(new WorkbookReader.AuditGroup(rs.getString(1), rs.getString(2),
                                    rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getLong(7),
                                    courtTime(rs.getObject(8, OffsetDateTime.class), zone),
                                    courtTime(rs.getObject(9, OffsetDateTime.class), zone)));
                        }
                    }
                }
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the audit of run " + runId + ": " + e.getMessage(), e);
        }
    }

    private static OffsetDateTime courtTime(OffsetDateTime t, java.time.ZoneId zone) {
        return t == null ? null : t.atZoneSameInstant(zone).toOffsetDateTime();
    }

    /** Gzip at its fastest level: the row references (random hex) barely compress at any level. */
    private static final class FastGzip extends GZIPOutputStream {

        FastGzip(OutputStream out) throws IOException {
            super(out, 1 << 16);
            def.setLevel(Deflater.BEST_SPEED);
        }
    }

}
