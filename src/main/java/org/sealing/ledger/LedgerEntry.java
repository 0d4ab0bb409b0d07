package org.sealing.ledger;

import java.time.Instant;

/**
 * One link of the hash-chained ledger as it is stored: what it records, the digest of the rows it
 * covers, the previous entry's hash and its own.
 *
 * @param seq        its place in the chain, from 1
 * @param detail     SHA-256 of the rows it covers ({@link LedgerHash.Rows}), 64 hex digits
 * @param prevHash   the previous entry's hash; {@link LedgerHash#GENESIS} for the first
 * @param hash       SHA-256 of its canonical text ({@link LedgerHash#entryText})
 */
public record LedgerEntry(long seq, EntryKind kind, Fields fields, Instant recordedAt, String detail, String prevHash,
        String hash) {

    /**
     * What an entry says it covers; a kind leaves null what it has no use for (an opening has no
     * plan rows).
     *
     * @param lane        a change's lane ({@code purge}, or {@code mask:} and the table)
     * @param firstPlanId the first plan row it covers
     * @param lastPlanId  the last plan row it covers
     * @param rows        how many rows it covers
     */
    public record Fields(Long runId, Long executionId, String target, String lane, Long firstPlanId,
            Long lastPlanId, long rows) {
    }

    /** The chain's last entry, which a monitor pins: its place and its hash. */
    public record Head(long seq, String hash) {

        /** The head of an empty chain. */
        public static final Head EMPTY = new Head(0, LedgerHash.GENESIS);
    }
}
