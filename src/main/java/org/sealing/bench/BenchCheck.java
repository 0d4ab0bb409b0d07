package org.sealing.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The check every contender passes before its time counts: no match left behind and, where it audits,
 * one audit row for every row it changed. A contender that is fast because it skipped work is refused.
 */
final class BenchCheck {

    // the checks are lines of the benchmark's own log
    private static final Logger log = LoggerFactory.getLogger(Benchmark.class);

    private BenchCheck() {
    }

    static void check(String contender, long matched, long audited, long left, boolean audits) {
        if (left != 0) {
            throw new IllegalStateException("bench: " + contender + " left " + left + " matches behind");
        }
        if (audits && audited != matched) {
            throw new IllegalStateException("bench: " + contender + " audited " + audited + " rows for " + matched
                    + " changed");
        }
        log.info("bench: {} checked: {} rows changed, none left{}", contender, matched, audits ? ", each audited" : "");
    }

    /** A count, zero when the query finds no row. */
    static long count(JdbcTemplate jdbc, String sql, Object... args) {
        Long n = jdbc.queryForObject(sql, Long.class, args);
        return n == null ? 0 : n;
    }

    /** A count on a connection. */
    static long count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }
}
