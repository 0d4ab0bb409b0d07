package org.sealing.ledger;

/**
 * What a walk of the ledger chain found: the chain whole (every entry walked, and its head), or the
 * first entry whose link does not hold, so that {@code sealctl audit verify} can say which.
 *
 * @param entries  how many entries were walked whole
 * @param head     the last entry whose link held
 * @param brokenAt the seq of the first broken entry, or null when whole
 * @param what     that entry in words (kind, run, target, lane; no personal data), or null
 * @param reason   which part of its link does not hold, or null
 */
public record ChainVerification(boolean whole, long entries, LedgerEntry.Head head, Long brokenAt, String what,
        String reason) {
}
