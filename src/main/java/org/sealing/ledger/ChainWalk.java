package org.sealing.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Walks the ledger chain in seq order, recomputing each entry's hash from its values and the previous
 * entry's hash, and each change's detail from the rows it covers as the {@code audit_ledger} view
 * shows them, and each opening's detail from its {@code vault_opening} row, and stops at the first link
 * that does not hold.
 *
 * <p>The chain is read in one read-only snapshot (entries appended meanwhile are left to the next
 * walk), a page of entries at a time by seq with the rows they cover, streamed with a fetch size;
 * each entry's detail is digested as its rows stream by, so a ledger of millions of entries is walked
 * in bounded memory. A restore's detail is recomputed like a change's, from the restore rows it covers.
 */
final class ChainWalk {

    private static final int ENTRIES_PER_PAGE = 200;
    private static final int FETCH_SIZE = 2000;
    private static final String PAGE = """
            select e.seq, e.kind, e.run_id, e.execution_id, e.target, e.lane, e.first_plan_id, e.last_plan_id,
                   e.row_count, e.recorded_at, e.detail, e.prev_hash, e.hash,
                   v.audit_id, v.row_ref, v.order_id, v.statute, v.action, v.outcome,
                   o.opening_id, o.order_id, o.recipient, o.authority, o.opened_by, o.opened_at, o.row_count
            from (select * from ledger_entry where seq > ? order by seq limit ?) e
            left join lateral (
                select a.audit_id, a.row_ref, a.order_id, a.statute, a.action, a.outcome from audit_ledger a
                where e.kind in ('CHANGE', 'RESTORE') and a.run_id = e.run_id and a.target = e.target
                  and a.audit_id between e.first_plan_id and e.last_plan_id
                  and case when a.action = 'PURGE' then 'purge' when a.action = 'RESTORE' then 'restore'
                           else 'mask:' || a.table_name end = e.lane
            ) v on true
            left join vault_opening o on e.kind = 'OPENING' and o.ledger_seq = e.seq
            order by e.seq, v.audit_id
            """;

    private final JdbcTemplate jdbc;

    ChainWalk(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    ChainVerification walk() {
        return jdbc.execute((ConnectionCallback<ChainVerification>) c -> {
            boolean autoCommit = c.getAutoCommit();
            int isolation = c.getTransactionIsolation();
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setReadOnly(true);
            try {
                return walk(c);
            } finally {
                c.rollback();
                c.setReadOnly(false);
                c.setTransactionIsolation(isolation);
                c.setAutoCommit(autoCommit);
            }
        });
    }

    private ChainVerification walk(Connection c) throws SQLException {
        Link link = new Link();
        try (PreparedStatement ps = c.prepareStatement(PAGE)) {
            ps.setFetchSize(FETCH_SIZE);
            while (true) {
                ps.setLong(1, link.head.seq());
                ps.setInt(2, ENTRIES_PER_PAGE);
                long before = link.entries;
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long seq = rs.getLong(1);
                        if (link.entry == null || link.entry.seq() != seq) {
                            if (link.entry != null && !link.close()) {
                                return link.broken();
                            }
                            link.open(entry(rs), openingDetail(rs));
                        }
                        if (rs.getObject(14) != null) {
                            link.rows.change(rs.getLong(14), rs.getString(15), rs.getString(16), rs.getString(17),
                                    rs.getString(18), rs.getString(19));
                        }
                    }
                }
                // an entry never spans two pages: the page's last one is complete
                if (link.entry != null && !link.close()) {
                    return link.broken();
                }
                if (link.entries - before < ENTRIES_PER_PAGE) {
                    return new ChainVerification(true, link.entries, link.head, null, null, null);
                }
            }
        }
    }

    private static LedgerEntry entry(ResultSet rs) throws SQLException {
        LedgerEntry.Fields fields = new LedgerEntry.Fields(rs.getObject(3, Long.class), rs.getObject(4, Long.class),
                rs.getString(5), rs.getString(6), rs.getObject(7, Long.class), rs.getObject(8, Long.class),
                rs.getLong(9));
        return new LedgerEntry(rs.getLong(1), EntryKind.valueOf(rs.getString(2)), fields,
                rs.getObject(10, OffsetDateTime.class).toInstant(), rs.getString(11), rs.getString(12),
                rs.getString(13));
    }

    /** The detail the row's opening gives ({@code vault_opening} joined to an OPENING entry), or null. */
    private static String openingDetail(ResultSet rs) throws SQLException {
        if (rs.getObject(20) == null) {
            return null;
        }
        return VaultOpenings.detail(new VaultOpenings.Opening(rs.getLong(20), rs.getString(21), rs.getString(22),
                rs.getString(23), rs.getString(24), rs.getObject(25, OffsetDateTime.class).toInstant(), rs.getLong(26),
                rs.getLong(1)));
    }

    /** The entry being walked, the digest of its rows so far, and the last entry whose link held. */
    private static final class Link {

        private LedgerEntry.Head head = LedgerEntry.Head.EMPTY;
        private long entries;
        private LedgerEntry entry;
        private LedgerHash.Rows rows;
        private String opening;
        private String reason;

        void open(LedgerEntry next, String openingDetail) {
            entry = next;
            rows = new LedgerHash.Rows();
            opening = openingDetail;
        }

        /** Checks the open entry's link; when it holds, it becomes the head. */
        boolean close() {
            if (!entry.prevHash().equals(head.hash())) {
                reason = "previous hash differs";
            } else if (!LedgerHash.entryHash(entry).equals(entry.hash())) {
                reason = "recorded hash differs";
            } else if (entry.kind() != EntryKind.OPENING && !rows.hex().equals(entry.detail())) {
                reason = "the rows it covers differ";
            } else if (entry.kind() == EntryKind.OPENING && !entry.detail().equals(opening)) {
                reason = opening == null ? "the opening it records is missing" : "the opening it records differs";
            }
            if (reason != null) {
                return false;
            }
            head = new LedgerEntry.Head(entry.seq(), entry.hash());
            entries++;
            entry = null;
            return true;
        }

        ChainVerification broken() {
            LedgerEntry.Fields f = entry.fields();
            String what = entry.kind() + (f.runId() == null ? "" : " of run " + f.runId())
                    + (f.target() == null ? "" : ", target " + f.target())
                    + (f.lane() == null ? "" : ", lane " + f.lane());
            return new ChainVerification(false, entries, head, entry.seq(), what, reason);
        }
    }
}
