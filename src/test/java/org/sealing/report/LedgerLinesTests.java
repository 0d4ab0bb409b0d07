package org.sealing.report;

import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ledger export's lines as they are made from the plan rows PostgreSQL streams (COPY's text format):
 * each row finds the chunk of its lane that holds it, as the SQL of the audit rows does (a row between
 * two chunks of its lane, or one of another lane, or before the first, is in no chunk and has no line),
 * and its fields come out as PostgreSQL's CSV would write them: COPY's escapes undone, a field with a
 * comma, a quote or a line break quoted, an empty one quoted.
 */
class LedgerLinesTests {

    private static final String HASH = "cd".repeat(32);
    private static final String REF = "ab".repeat(32);

    @Test
    void eachRowTakesTheEndingOfTheChunkOfItsLaneThatHoldsItAndRowsOfNoChunkHaveNoLine() throws Exception {
        List<LedgerLines.Chunk> chunks = List.of(
                new LedgerLines.Chunk("booking", "purge", 10, 20, List.of(LedgerLines.ending("T1", HASH, 1L))),
                new LedgerLines.Chunk("booking", "purge", 30, 40, List.of(LedgerLines.ending("T2", null, null))),
                new LedgerLines.Chunk("booking", "mask:booking.arrest", 5, 35,
                        List.of(LedgerLines.ending("T3", HASH, 3L))),
                new LedgerLines.Chunk("court", "restore", 1, 100, List.of(LedgerLines.ending("T4", HASH, 4L))));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LedgerLines lines = new LedgerLines(out, chunks);
        lines.header();
        for (String row : List.of(
                row(9, "booking", "booking.photo", "PURGE", "W-1"),      // before the first purge chunk
                row(10, "booking", "booking.photo", "PURGE", "W-1"),     // the first chunk's first row
                row(20, "booking", "booking.charge", "PURGE", "W-2"),    // its last
                row(25, "booking", "booking.photo", "PURGE", "W-2"),     // between two chunks
                row(31, "booking", "booking.arrest", "MASK", "W-3"),     // the mask lane's chunk
                row(36, "booking", "booking.arrest", "MASK", "W-3"),     // past it
                row(40, "booking", "booking.photo", "PURGE", "W-4"),     // the second purge chunk, no entry
                row(41, "booking", "booking.photo", "PURGE", "W-4"),     // past every chunk
                row(50, "booking", "booking.other", "MASK", "W-5"),      // a lane with no chunk
                row(60, "court", "court.case", "RESTORE", "W-6"))) {
            lines.row(row.getBytes(StandardCharsets.UTF_8));
        }
        lines.flush();

        List<CSVRecord> records = CSVFormat.DEFAULT.parse(new StringReader(out.toString(StandardCharsets.UTF_8)))
                .getRecords();
        assertThat(records.get(0).values()).containsExactly(LedgerExport.HEADER.split(","));
        assertThat(records.subList(1, records.size())).extracting(r -> r.get(0) + "/" + r.get(3) + "/" + r.get(5)
                + "/" + r.get(7) + "/" + r.get(8) + "/" + r.get(9)).containsExactly(
                        "W-1/booking.photo/purge/T1/" + HASH + "/1",
                        "W-2/booking.charge/purge/T1/" + HASH + "/1",
                        "W-3/booking.arrest/mask/T3/" + HASH + "/3",
                        "W-4/booking.photo/purge/T2//",
                        "W-6/court.case/restore/T4/" + HASH + "/4");
        assertThat(lines.lines()).isEqualTo(5);
        assertThat(records.get(1).get(4)).isEqualTo(REF);
        assertThat(records.get(1).get(6)).isEqualTo("seal");
    }

    @Test
    void fieldsAreWrittenAsPostgresqlWritesCsvWithCopysEscapesUndone() throws Exception {
        List<LedgerLines.Chunk> chunks = List.of(new LedgerLines.Chunk("t,1", "mask:s.\"x\"", 1, 9,
                List.of(LedgerLines.ending("T", HASH, 7L))));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LedgerLines lines = new LedgerLines(out, chunks);
        // COPY's text format escapes a tab, a line break and a backslash; an order_id holding all of them
        lines.row(("1\tt,1\ts.\"x\"\tMASK\tW\\t1,\\n\"2\"\\\\\t\t" + REF + "\tSEAL\n")
                .getBytes(StandardCharsets.UTF_8));
        lines.flush();

        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).isEqualTo("\"W\t1,\n\"\"2\"\"\\\",\"\",\"t,1\",\"s.\"\"x\"\"\"," + REF + ",mask,seal,T,"
                + HASH + ",7\n");
        CSVRecord record = CSVFormat.DEFAULT.parse(new StringReader(text)).getRecords().get(0);
        assertThat(record.get(0)).isEqualTo("W\t1,\n\"2\"\\");
        assertThat(record.get(1)).isEmpty();
        assertThat(record.get(2)).isEqualTo("t,1");
        assertThat(record.get(3)).isEqualTo("s.\"x\"");
    }

    private static String row(long planId, String target, String table, String action, String order) {
        return String.join("\t", String.valueOf(planId), target, table, action, order, "160.50", REF, "SEAL") + "\n";
    }
}
