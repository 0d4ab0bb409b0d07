package org.sealing.apply;

/**
 * One planned change, as apply reads it from the plan, with what the ledger's entry for its chunk
 * digests (its HMAC reference, order, statute and outcome). {@link #toString()} leaves the key out: a raw
 * target key must not reach a log line.
 */
public record PlanRow(long planId, String table, String action, String[] key, int depth, String rowRef,
        String orderId, String statute, String outcome, Restoring restoring) {

    /**
     * What a restore row puts back: the copy of sealing plan row {@code planId}, whose action was {@code action}
     * (a purged row is inserted again, a masked row gets its columns and flag back).
     */
    public record Restoring(long planId, String action) {
    }

    @Override
    public String toString() {
        return "PlanRow[" + planId + " " + table + " " + action + "]";
    }
}
