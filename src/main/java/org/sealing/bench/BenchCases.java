package org.sealing.bench;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;

import org.springframework.jdbc.core.JdbcTemplate;

import org.sealing.support.CopyText;

/**
 * The sealed cases of the benchmark's world (every fifth arrest): as orders in the product's register,
 * and as a table shipped into a copy for the contenders that do not ship their own; and how many target
 * rows they match, the figure every contender is checked against.
 */
final class BenchCases {

    private static final LocalDate BASE = LocalDate.of(2015, 1, 1);

    private BenchCases() {
    }

    /** The target rows of a world of {@code rows} that belong to sealed cases: arrests and their photos. */
    static long matched(long rows) {
        long arrests = arrests(rows);
        long sealed = arrests / 5;
        for (long p = 1; p <= rows - arrests; p++) {
            if (BenchWorld.sealed((p - 1) % arrests + 1)) {
                sealed++;
            }
        }
        return sealed;
    }

    /** Half the world's rows are arrests, the rest their photos. */
    static long arrests(long rows) {
        return Math.max(1, rows / 2);
    }

    /** The orders, in the register of the product's own control database. */
    static void insertOrders(JdbcTemplate control, long arrests) {
        control.execute((Connection c) -> {
            try (CopyText copy = CopyText.start(c, "copy sealing_order (order_id, order_type, arrest_number, arrest_date,"
                    + " disposition, disposition_date, statute, first_import_id, last_import_id) from stdin")) {
                for (long a = 5; a <= arrests; a += 5) {
                    copy.field("BENCH-" + a).field("SEAL").field(BenchWorld.arrestNumber(a)).field(BASE.plusDays(a % 2000))
                            .field("DISMISSED").field(BASE.plusDays(a % 2000 + 30)).field("160.50").field(0).field(0);
                    copy.endRow();
                }
                copy.finish();
            }
            return null;
        });
    }

    /** The cases as the table {@code bench_case} of a copy, indexed and analysed; the caller commits. */
    static void ship(Connection c, long arrests) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("create table bench_case (order_id text, statute text, arrest_number text)");
        }
        try (CopyText copy = CopyText.start(c, "copy bench_case from stdin")) {
            for (long a = 5; a <= arrests; a += 5) {
                copy.field("BENCH-" + a).field("160.50").field(BenchWorld.arrestNumber(a));
                copy.endRow();
            }
            copy.finish();
        }
        try (Statement s = c.createStatement()) {
            s.execute("create index on bench_case (arrest_number)");
            s.execute("analyze bench_case");
        }
    }
}
