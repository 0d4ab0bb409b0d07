package org.sealing.apply;

/**
 * One planned change, as apply reads it from the plan, with what the ledger's entry for its chunk
 * digests (its HMAC reference, order, statute and outcome). {@link #toString()} leaves the key out: a raw
 * target key must not reach a log line.
 */
public record PlanRow(long planId, String table, String action, String[] key, int depth, String rowRef,
        String orderId, String statute, String outcome) {

    @Override
    public String toString() {
        return "PlanRow[" + planId + " " + table + " " + action + "]";
    }
}
