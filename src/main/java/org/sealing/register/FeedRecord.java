package org.sealing.register;

/**
 * One record of a feed file as the reader split it: its fields by column (null where the header has
 * no such column), or the reason it could not be split. {@link #toString()} shows no field.
 *
 * @param fileSeq the file's position in its import
 * @param lineNo  the physical line the record starts on (the header is line 1)
 * @param fields  the fields indexed by {@link FeedColumn#ordinal()}, or null when unreadable
 * @param problem why the record could not be split, or null
 * @param orderId the order_id where it can be trusted even in an unreadable record, or null
 */
public record FeedRecord(int fileSeq, long lineNo, String[] fields, RejectReason problem, String orderId) {

    static FeedRecord of(int fileSeq, long lineNo, String[] fields) {
        return new FeedRecord(fileSeq, lineNo, fields, null, fields[FeedColumn.ORDER_ID.ordinal()]);
    }

    static FeedRecord unreadable(int fileSeq, long lineNo, RejectReason problem, String orderId) {
        return new FeedRecord(fileSeq, lineNo, null, problem, keepableOrderId(orderId));
    }

    /**
     * The order_id of a rejected line as the register can keep and show it, whatever the line held:
     * stripped, a NUL (which PostgreSQL text cannot hold) replaced by U+FFFD, and an over-long one cut
     * to the longest a valid order_id may be, with a note of its full length. Null when nothing is left.
     */
    static String keepableOrderId(String raw) {
        if (raw == null) {
            return null;
        }
        String id = raw.strip();
        if (id.isEmpty()) {
            return null;
        }
        return Printable.shortened(id, FeedColumn.MAX_ORDER_ID_CHARS).replace('\u0000', '\uFFFD');
    }

    String field(FeedColumn column) {
        return fields[column.ordinal()];
    }

    @Override
    public String toString() {
        return "FeedRecord[file=" + fileSeq + ", line=" + lineNo + "]";
    }
}
