package org.sealing.ledger;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The record of the vault's openings to the statute's recipients (table {@code vault_opening}): each one
 * goes in with its {@link EntryKind#OPENING} entry of the hash-chained ledger, whose detail digests the
 * opening's values so that {@code sealctl audit verify} finds one edited afterwards; and the openings
 * between two runs, for the workbook's Access sheet. It holds counts, never a value of a sealed row.
 */
@Repository
public class VaultOpenings {

    private final JdbcTemplate jdbc;
    private final LedgerChain chain;

    public VaultOpenings(JdbcTemplate jdbc, LedgerChain chain) {
        this.jdbc = jdbc;
        this.chain = chain;
    }

    /**
     * One recorded opening.
     *
     * @param recipient the recipient kind, as the command line names it ({@code accused}, {@code parole})
     * @param authority the court order or application it was shown under
     * @param openedBy  the OS user who ran the opening
     * @param rows      how many sealed rows it showed
     * @param ledgerSeq its entry in the hash-chained ledger
     */
    public record Opening(long openingId, String orderId, String recipient, String authority, String openedBy,
            Instant openedAt, long rows, long ledgerSeq) {
    }

    /**
     * Records an opening and appends its ledger entry, within the caller's control transaction (which must
     * be one: the opening and its entry commit together, or neither does).
     */
    public Opening record(String orderId, String recipient, String authority, String openedBy, long rows) {
        long openingId = jdbc.queryForObject("select nextval(pg_get_serial_sequence('vault_opening', 'opening_id'))",
                Long.class);
        Instant openedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Opening unchained = new Opening(openingId, orderId, recipient, authority, openedBy, openedAt, rows, 0);
        LedgerEntry.Fields fields = new LedgerEntry.Fields(null, null, null, null, null, null, rows);
        LedgerEntry.Head entry = chain.append(EntryKind.OPENING, fields, detail(unchained));
        jdbc.update("""
                insert into vault_opening (opening_id, ledger_seq, order_id, recipient, authority, opened_by, opened_at,
                                           row_count)
                values (?, ?, ?, ?, ?, ?, ?, ?)
                """, openingId, entry.seq(), orderId, recipient, authority, openedBy,
                OffsetDateTime.ofInstant(openedAt, ZoneOffset.UTC), rows);
        return new Opening(openingId, orderId, recipient, authority, openedBy, openedAt, rows, entry.seq());
    }

    /**
     * The detail of an opening's ledger entry: SHA-256 over its id, order, recipient kind, authority, user,
     * time and row count (its ledger seq is the entry's own, already in the entry's hash).
     */
    static String detail(Opening o) {
        return new LedgerHash.Rows().add(o.openingId(), o.orderId(), o.recipient(), o.authority(), o.openedBy(),
                ChronoUnit.MICROS.between(Instant.EPOCH, o.openedAt()), o.rows()).hex();
    }

    /**
     * The openings a run's workbook lists on its Access sheet: those made after the previous run started
     * and up to this run's start, oldest first, so that each opening is listed by exactly one run (one
     * made while a run is under way, by the run after it).
     */
    public List<Opening> listedBy(long runId) {
        return jdbc.query("""
                select o.* from vault_opening o, remediation_run r
                where r.run_id = ? and o.opened_at <= r.created_at
                  and o.opened_at > coalesce((select max(p.created_at) from remediation_run p where p.run_id < r.run_id),
                                             '-infinity')
                order by o.opened_at, o.opening_id
                """, (rs, i) -> opening(rs), runId);
    }

    static Opening opening(ResultSet rs) throws SQLException {
        return new Opening(rs.getLong("opening_id"), rs.getString("order_id"), rs.getString("recipient"),
                rs.getString("authority"), rs.getString("opened_by"),
                rs.getObject("opened_at", OffsetDateTime.class).toInstant(), rs.getLong("row_count"),
                rs.getLong("ledger_seq"));
    }
}
