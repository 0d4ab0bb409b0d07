package org.sealing.report;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Audit sheet's groups as they are read off the ledger export on its way to the file: every byte
 * passes unchanged, each run of lines of one order, target, table, action and outcome is one group with
 * its rows and its first and last time (across a change of offset), whatever the writes that bring the
 * lines cut them into, and an order_id with commas and quotes is read as PostgreSQL quoted it.
 */
class AuditGroupingTests {

    private static final String HEADER = LedgerExport.HEADER + "\n";

    @Test
    void eachRunOfLinesOfOneGroupIsOneGroupWhateverTheWritesAndTheBytesPassUnchanged() throws Exception {
        String export = HEADER
                + line("W-1", "booking", "booking.arrest", "mask", "seal", "2026-03-08T01:59:00.000001-05:00")
                + line("W-1", "booking", "booking.arrest", "mask", "seal", "2026-03-08T03:01:00.000000-04:00")
                + line("W-1", "booking", "booking.arrest", "mask", "seal", "2026-03-08T01:00:00.000000-05:00")
                + line("W-1", "booking", "booking.photo", "purge", "destroy", "2026-03-08T01:00:00.000000-05:00")
                + line("\"W,2 \"\"x\"\"\"", "booking", "booking.arrest", "restore", "seal",
                        "2026-03-09T00:00:00.000000-04:00");
        for (int cut : new int[] {1, 7, 64, 100_000}) {
            ByteArrayOutputStream file = new ByteArrayOutputStream();
            List<WorkbookReader.AuditGroup> groups = new ArrayList<>();
            AuditGrouping grouping = new AuditGrouping(file, groups::add);
            byte[] bytes = export.getBytes(StandardCharsets.UTF_8);
            for (int at = 0; at < bytes.length; at += cut) {
                grouping.write(bytes, at, Math.min(cut, bytes.length - at));
            }
            grouping.finishGroups();

            assertThat(file.toString(StandardCharsets.UTF_8)).isEqualTo(export);
            assertThat(grouping.lines()).isEqualTo(6);
            assertThat(groups).as("writes of %d bytes", cut).hasSize(3);
            WorkbookReader.AuditGroup arrests = groups.get(0);
            assertThat(arrests.rows()).isEqualTo(3);
            assertThat(arrests.first()).isEqualTo(OffsetDateTime.parse("2026-03-08T01:00:00-05:00"));
            // 03:01 EDT (07:01 UTC) comes after 01:59 EST (06:59 UTC): times compare as instants
            assertThat(arrests.last()).isEqualTo(OffsetDateTime.parse("2026-03-08T03:01:00-04:00"));
            assertThat(groups.get(1).table()).isEqualTo("booking.photo");
            assertThat(groups.get(1).outcome()).isEqualTo("destroy");
            assertThat(groups.get(2).order()).isEqualTo("W,2 \"x\"");
            assertThat(groups.get(2).action()).isEqualTo("restore");
            assertThat(groups.get(2).rows()).isEqualTo(1);
        }
    }

    private static String line(String order, String target, String table, String action, String outcome,
            String time) {
        return String.join(",", order, "160.50", target, table, "ab".repeat(32), action, outcome, time,
                "cd".repeat(32), "7") + "\n";
    }
}
