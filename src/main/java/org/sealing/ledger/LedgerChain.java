package org.sealing.ledger;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The hash-chained ledger (table {@code ledger_entry}): appends an entry in the caller's control
 * transaction, gives the chain's head, and walks the chain for {@code sealctl audit verify}.
 *
 * <p>Appends from concurrent lanes and targets are serialized by a transaction-scoped advisory lock
 * taken before the head is read: the lock is held until the caller's transaction ends, so the next
 * append reads the head this one wrote (read committed reads it in its next statement), and seq and
 * prev_hash never fork. The lock costs one statement per entry, and is released by a rollback too.
 */
@Repository
public class LedgerChain {

    /** The advisory lock class of the chain, unlike {@link org.sealing.job.ExecutionLocks}'s. */
    private static final int CHAIN_LOCK_CLASS = 0x5EA3;

    private final JdbcTemplate jdbc;

    public LedgerChain(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Appends an entry to the chain within the caller's transaction (which must be a transaction: the
     * entry commits with what it records, or not at all) and returns the new head.
     *
     * @param detail the digest of the rows the entry covers ({@link LedgerHash.Rows#hex()})
     */
    public LedgerEntry.Head append(EntryKind kind, LedgerEntry.Fields fields, String detail) {
        jdbc.query("select pg_advisory_xact_lock(?, 0)", rs -> { }, CHAIN_LOCK_CLASS);
        LedgerEntry.Head previous = head();
        long seq = previous.seq() + 1;
        Instant recordedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        String hash = LedgerHash.entryHash(seq, kind, fields, recordedAt, detail, previous.hash());
        jdbc.update("""
                insert into ledger_entry (seq, kind, run_id, execution_id, target, lane, first_plan_id, last_plan_id,
                                          row_count, recorded_at, detail, prev_hash, hash)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, seq, kind.name(), fields.runId(), fields.executionId(), fields.target(), fields.lane(),
                fields.firstPlanId(), fields.lastPlanId(), fields.rows(), OffsetDateTime.ofInstant(recordedAt, ZoneOffset.UTC), detail,
                previous.hash(), hash);
        return new LedgerEntry.Head(seq, hash);
    }

    /** The chain's last entry (its seq and hash), or {@link LedgerEntry.Head#EMPTY}. */
    public LedgerEntry.Head head() {
        List<LedgerEntry.Head> last = jdbc.query("select seq, hash from ledger_entry order by seq desc limit 1",
                (rs, i) -> new LedgerEntry.Head(rs.getLong(1), rs.getString(2)));
        return last.isEmpty() ? LedgerEntry.Head.EMPTY : last.get(0);
    }

    /** Walks the whole chain, recomputing every hash and every change's detail. */
    public ChainVerification verify() {
        return new ChainWalk(jdbc).walk();
    }
}
