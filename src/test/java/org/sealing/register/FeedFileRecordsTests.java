package org.sealing.register;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.sealing.support.Feeds;

import static org.assertj.core.api.Assertions.assertThat;

/** The feed reader on its own: RFC 4180 records, exact line numbers, and exact resumption from any record. */
class FeedFileRecordsTests {

    @TempDir
    Path dir;

    @Test
    void aBomAndCrlfLineEndsLeaveNoTraceInTheFields() throws IOException {
        Path file = write("\uFEFF" + Feeds.HEADER + "\r\n" + Feeds.valid("A-1", "Q00000001") + "\r\n");

        List<FeedRecord> records = readAll(file, 0, 2);

        assertThat(records).hasSize(1);
        assertThat(records.get(0).field(FeedColumn.ORDER_ID)).isEqualTo("A-1");
        assertThat(records.get(0).field(FeedColumn.EFFECTIVE_DATE)).isEmpty();
        assertThat(records.get(0).lineNo()).isEqualTo(2);
    }

    @Test
    void recordsKeepThePhysicalLineTheyStartOnAcrossBlankLinesAndQuotedLineBreaks() throws IOException {
        Path file = write(Feeds.HEADER + "\n"
                + Feeds.valid("A-1", "Q00000001") + "\n"
                + "\n"
                + "A-2,SEAL,,Q00000002,,\"Two\r\nlines\",,,2019-01-01,DISMISSED,2019-01-02,160.50,\n"
                + Feeds.valid("A-3", "Q00000003") + "\n");

        List<FeedRecord> records = readAll(file, 0, 2);

        assertThat(records).extracting(FeedRecord::lineNo).containsExactly(2L, 4L, 6L);
        assertThat(records.get(1).field(FeedColumn.LAST_NAME)).isEqualTo("Two\nlines");
    }

    @Test
    void anUnclosedQuoteCostsOneLineEvenAtTheEndOfTheFile() throws IOException {
        Path file = write(Feeds.HEADER + "\n"
                + "A-1,SEAL,,Q00000001,,\"Never closed,,,2019-01-01,DISMISSED,2019-01-02,160.50,\n"
                + Feeds.valid("A-2", "Q00000002") + "\n"
                + "A-3,SEAL,,Q00000003,,\"Also never closed");

        List<FeedRecord> records = readAll(file, 0, 2);

        assertThat(records).extracting(FeedRecord::lineNo).containsExactly(2L, 3L, 4L);
        assertThat(records).extracting(FeedRecord::problem)
                .containsExactly(RejectReason.COLUMN_COUNT, null, RejectReason.COLUMN_COUNT);
        assertThat(records.get(0).orderId()).isEqualTo("A-1");
    }

    @Test
    void aLineTooLongToHoldIsRejectedAsFieldTooLongAndReadingGoesOn() throws IOException {
        Path file = write(Feeds.HEADER + "\n" + "A-1," + "x".repeat(PhysicalLines.MAX_LINE_BYTES + 10) + "\n"
                + Feeds.valid("A-2", "Q00000002") + "\n");

        List<FeedRecord> records = readAll(file, 0, 2);

        assertThat(records).extracting(FeedRecord::problem).containsExactly(RejectReason.FIELD_TOO_LONG, null);
        assertThat(records.get(0).orderId()).isEqualTo("A-1");
        assertThat(records.get(1).lineNo()).isEqualTo(3);
    }

    @Test
    void aRecordWithAFieldTooLongKeepsNoneOfItsFields() throws IOException {
        Path file = write(Feeds.HEADER + "\n" + Feeds.validWith("A-1", "Q00000001", 5, "N".repeat(100_000)) + "\n"
                + Feeds.validWith("A-2", "Q00000002", 5, "N".repeat(256)) + "\n");

        List<FeedRecord> records = readAll(file, 0, 2);

        assertThat(records.get(0).problem()).isEqualTo(RejectReason.FIELD_TOO_LONG);
        assertThat(records.get(0).fields()).isNull();
        assertThat(records.get(0).orderId()).isEqualTo("A-1");
        assertThat(records.get(1).problem()).isNull();
    }

    @Test
    void aNulByteCostsItsLineAloneEvenInsideAQuotedField() throws IOException {
        Path file = write(Feeds.HEADER + "\n"
                + "A-1,SEAL,,Q00000001,,Nul\u0000,,,2019-01-01,DISMISSED,2019-01-02,160.50,\n"
                + "A-2,SEAL,,Q00000002,,\"open\n"
                + "still\u0000open\",,,2019-01-01,DISMISSED,2019-01-02,160.50,\n"
                + Feeds.valid("A-4", "Q00000004") + "\n");

        List<FeedRecord> records = readAll(file, 0, 2);

        assertThat(records).extracting(r -> r.lineNo() + ":" + r.problem())
                .containsExactly("2:BAD_ENCODING", "3:COLUMN_COUNT", "4:BAD_ENCODING", "5:null");
        assertThat(records.get(0).orderId()).isEqualTo("A-1");
    }

    @Test
    void resumingAtTheOffsetSavedAfterAnyRecordReadsExactlyTheRecordsThatFollow() throws IOException {
        StringBuilder text = new StringBuilder(Feeds.HEADER + "\r\n");
        for (int i = 0; i < 30; i++) {
            switch (i % 6) {
                case 1 -> text.append("\r\n");
                case 2 -> text.append("B-").append(i).append(",SEAL,,Q00000001,,\"multi\nline\",,,2019-01-01,DISMISSED,"
                        + "2019-01-02,160.50,\r\n");
                case 3 -> text.append("B-").append(i).append(",SEAL,,\"broken\r\n");
                case 4 -> text.append("B-").append(i).append(",too,few\r\n");
                default -> text.append(Feeds.valid("B-" + i, "Q0000000" + (i % 10))).append("\r\n");
            }
        }
        Path file = write(text.toString());
        List<String> all = describe(readAll(file, 0, 2));

        try (FeedFileRecords reader = FeedFileRecords.open(1, file, 0, 2)) {
            for (int consumed = 0; consumed <= all.size(); consumed++) {
                List<String> resumed = describe(readAll(file, reader.offset(), reader.lineNo()));
                assertThat(resumed).as("after %d records", consumed).isEqualTo(all.subList(consumed, all.size()));
                if (consumed < all.size()) {
                    reader.next();
                }
            }
        }
    }

    private Path write(String text) throws IOException {
        Path file = dir.resolve("feed.csv");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    private static List<FeedRecord> readAll(Path file, long offset, long lineNo) throws IOException {
        List<FeedRecord> records = new ArrayList<>();
        try (FeedFileRecords reader = FeedFileRecords.open(1, file, offset, lineNo)) {
            FeedRecord r;
            while ((r = reader.next()) != null) {
                records.add(r);
            }
        }
        return records;
    }

    private static List<String> describe(List<FeedRecord> records) {
        return records.stream().map(r -> r.lineNo() + ":" + r.problem() + ":" + r.orderId() + ":"
                + (r.fields() == null ? "-" : Arrays.toString(r.fields()))).toList();
    }
}
