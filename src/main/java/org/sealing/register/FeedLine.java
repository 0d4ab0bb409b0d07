package org.sealing.register;

/**
 * A feed line after validation: a valid order, or the reason it was rejected.
 *
 * @param fileSeq the file's position in its import
 * @param lineNo  the physical line the record starts on
 * @param orderId the order_id of the line, when it has a trustworthy one
 * @param order   the validated order, or null when rejected
 * @param reason  why the line was rejected, or null when valid
 */
public record FeedLine(int fileSeq, long lineNo, String orderId, SealingOrder order, RejectReason reason) {

    static FeedLine valid(FeedRecord record, SealingOrder order) {
        return new FeedLine(record.fileSeq(), record.lineNo(), order.orderId(), order, null);
    }

    static FeedLine rejected(FeedRecord record, RejectReason reason) {
        // an unreadable record's order_id was made keepable when it was read; a readable one's is raw
        String orderId = record.problem() != null ? record.orderId() : FeedRecord.keepableOrderId(record.orderId());
        return new FeedLine(record.fileSeq(), record.lineNo(), orderId, null, reason);
    }

    @Override
    public String toString() {
        return "FeedLine[file=" + fileSeq + ", line=" + lineNo + ", orderId=" + Printable.orderId(orderId)
                + ", reason=" + reason + "]";
    }
}
