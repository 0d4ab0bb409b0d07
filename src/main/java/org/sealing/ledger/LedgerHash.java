package org.sealing.ledger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

/**
 * The canonical text of a ledger entry and of the rows it covers, and their SHA-256, so that the
 * writer and {@code sealctl audit verify} compute the same digests. Every value is written as its
 * length in UTF-8 bytes, a colon and the value (a null as {@code ~}), so that no two different
 * entries share a text whatever their values hold; times are whole microseconds since the epoch, the
 * precision PostgreSQL keeps.
 */
public final class LedgerHash {

    /** The previous hash of the first entry. */
    public static final String GENESIS = "0".repeat(64);
    private static final String VERSION = "sealing-ledger-1";
    private static final HexFormat HEX = HexFormat.of();

    private LedgerHash() {
    }

    /** The text an entry's hash is computed over: everything it records, and the previous hash. */
    public static String entryText(long seq, EntryKind kind, LedgerEntry.Fields fields, Instant recordedAt,
            String detail, String prevHash) {
        StringBuilder text = new StringBuilder(VERSION).append('\n');
        append(text, seq);
        append(text, kind.name());
        append(text, fields.runId());
        append(text, fields.executionId());
        append(text, fields.target());
        append(text, fields.lane());
        append(text, fields.firstPlanId());
        append(text, fields.lastPlanId());
        append(text, fields.rows());
        append(text, ChronoUnit.MICROS.between(Instant.EPOCH, recordedAt));
        append(text, detail);
        append(text, prevHash);
        return text.toString();
    }

    /** The hash of an entry with these values. */
    public static String entryHash(long seq, EntryKind kind, LedgerEntry.Fields fields, Instant recordedAt,
            String detail, String prevHash) {
        return HEX.formatHex(sha256().digest(entryText(seq, kind, fields, recordedAt, detail, prevHash)
                .getBytes(StandardCharsets.UTF_8)));
    }

    /** The hash the entry's values give, to compare with the hash it records. */
    public static String entryHash(LedgerEntry entry) {
        return entryHash(entry.seq(), entry.kind(), entry.fields(), entry.recordedAt(), entry.detail(),
                entry.prevHash());
    }

    private static void append(StringBuilder text, Object value) {
        if (value == null) {
            text.append("~\n");
            return;
        }
        String s = value.toString();
        text.append(s.getBytes(StandardCharsets.UTF_8).length).append(':').append(s).append('\n');
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java has no SHA-256", e);
        }
    }

    /**
     * The detail of an entry: SHA-256 over the rows it covers, added one by one in plan-id order (a
     * change's row: plan id, row reference, order, statute, action, outcome), so that it is computed while the
     * rows stream by, in constant memory.
     */
    public static final class Rows {

        private final MessageDigest digest = sha256();
        private final StringBuilder row = new StringBuilder();
        private long count;

        /** Adds one covered row, given by its values in their canonical order. */
        public Rows add(Object... values) {
            row.setLength(0);
            for (Object value : values) {
                append(row, value);
            }
            row.append('\n');
            digest.update(row.toString().getBytes(StandardCharsets.UTF_8));
            count++;
            return this;
        }

        /** Adds one row of a change: the canonical values of a plan row the change applied. */
        public Rows change(long planId, String rowRef, String orderId, String statute, String action,
                String outcome) {
            return add(planId, rowRef, orderId, statute, action, outcome);
        }

        /** How many rows were added. */
        public long count() {
            return count;
        }

        /** The digest of the rows added; the digest object is spent. */
        public String hex() {
            return HEX.formatHex(digest.digest());
        }
    }
}
