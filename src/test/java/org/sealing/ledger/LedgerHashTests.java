package org.sealing.ledger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The canonical text of a ledger entry and its hash: fixed by its values alone, every value in it
 * (a null apart from an empty text, and no value able to pass for two), and the row digest in order.
 */
class LedgerHashTests {

    private static final Instant AT = Instant.parse("2026-11-30T07:35:29.123456Z");
    private static final LedgerEntry.Fields FIELDS = new LedgerEntry.Fields(7L, 12L, "booking", "purge", 100L, 199L, 98);
    private static final String DETAIL = "ab".repeat(32);

    @Test
    void theCanonicalTextNamesEveryValueByItsLengthAndTheHashIsItsSha256() throws Exception {
        String text = LedgerHash.entryText(3, EntryKind.CHANGE, FIELDS, AT, DETAIL, LedgerHash.GENESIS);

        assertThat(text).isEqualTo("sealing-ledger-1\n1:3\n6:CHANGE\n1:7\n2:12\n7:booking\n5:purge\n3:100\n3:199\n2:98\n"
                + "16:1796024129123456\n64:" + DETAIL + "\n64:" + "0".repeat(64) + "\n");
        assertThat(LedgerHash.entryHash(3, EntryKind.CHANGE, FIELDS, AT, DETAIL, LedgerHash.GENESIS))
                .isEqualTo(sha256(text)).hasSize(64).matches("[0-9a-f]{64}");
    }

    @Test
    void everyValueOfAnEntryChangesItsHash() {
        String hash = LedgerHash.entryHash(3, EntryKind.CHANGE, FIELDS, AT, DETAIL, LedgerHash.GENESIS);
        List<String> others = List.of(
                LedgerHash.entryHash(4, EntryKind.CHANGE, FIELDS, AT, DETAIL, LedgerHash.GENESIS),
                LedgerHash.entryHash(3, EntryKind.RESTORE, FIELDS, AT, DETAIL, LedgerHash.GENESIS),
                LedgerHash.entryHash(3, EntryKind.CHANGE, new LedgerEntry.Fields(8L, 12L, "booking", "purge", 100L,
                        199L, 98), AT, DETAIL, LedgerHash.GENESIS),
                LedgerHash.entryHash(3, EntryKind.CHANGE, new LedgerEntry.Fields(7L, null, "booking", "purge", 100L,
                        199L, 98), AT, DETAIL, LedgerHash.GENESIS),
                LedgerHash.entryHash(3, EntryKind.CHANGE, new LedgerEntry.Fields(7L, 12L, "booking", "mask:s.t", 100L,
                        199L, 98), AT, DETAIL, LedgerHash.GENESIS),
                LedgerHash.entryHash(3, EntryKind.CHANGE, new LedgerEntry.Fields(7L, 12L, "booking", "purge", 100L,
                        199L, 97), AT, DETAIL, LedgerHash.GENESIS),
                LedgerHash.entryHash(3, EntryKind.CHANGE, FIELDS, AT.plusNanos(1000), DETAIL, LedgerHash.GENESIS),
                LedgerHash.entryHash(3, EntryKind.CHANGE, FIELDS, AT, "cd".repeat(32), LedgerHash.GENESIS),
                LedgerHash.entryHash(3, EntryKind.CHANGE, FIELDS, AT, DETAIL, "1".repeat(64)));
        assertThat(others).doesNotContain(hash).doesNotHaveDuplicates();
    }

    @Test
    void aNullIsNotAnEmptyTextAndNoValueCanPassForTwo() {
        LedgerEntry.Fields nullLane = new LedgerEntry.Fields(null, null, "t", null, null, null, 0);
        LedgerEntry.Fields emptyLane = new LedgerEntry.Fields(null, null, "t", "", null, null, 0);
        assertThat(LedgerHash.entryHash(1, EntryKind.OPENING, nullLane, AT, DETAIL, LedgerHash.GENESIS))
                .isNotEqualTo(LedgerHash.entryHash(1, EntryKind.OPENING, emptyLane, AT, DETAIL, LedgerHash.GENESIS));
        // a separator inside a value does not shift it into the next one
        assertThat(new LedgerHash.Rows().add("a\n1:b").hex()).isNotEqualTo(new LedgerHash.Rows().add("a", "b").hex());
    }

    @Test
    void theRowDigestCoversEveryRowInItsOrder() throws Exception {
        assertThat(new LedgerHash.Rows().hex()).isEqualTo(sha256(""));
        String one = new LedgerHash.Rows().change(1, "ref1", "O-1", "160.50", "PURGE", "DESTROY")
                .change(2, "ref2", "O-1", "160.50", "PURGE", "DESTROY").hex();
        assertThat(one).isEqualTo(sha256("1:1\n4:ref1\n3:O-1\n6:160.50\n5:PURGE\n7:DESTROY\n\n"
                + "1:2\n4:ref2\n3:O-1\n6:160.50\n5:PURGE\n7:DESTROY\n\n"));
        assertThat(new LedgerHash.Rows().change(2, "ref2", "O-1", "160.50", "PURGE", "DESTROY")
                .change(1, "ref1", "O-1", "160.50", "PURGE", "DESTROY").hex()).isNotEqualTo(one);
        assertThat(new LedgerHash.Rows().change(1, "ref1", "O-2", "160.50", "PURGE", "DESTROY")
                .change(2, "ref2", "O-1", "160.50", "PURGE", "DESTROY").hex()).isNotEqualTo(one);
        LedgerHash.Rows counted = new LedgerHash.Rows().change(1, "r", "o", "s", "MASK", "SEAL");
        assertThat(counted.count()).isEqualTo(1);
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
