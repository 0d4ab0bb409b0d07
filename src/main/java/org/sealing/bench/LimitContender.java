package org.sealing.bench;

import static org.sealing.bench.BenchSql.NORMALISED;
import static org.sealing.bench.BenchSql.SEALED_ARRESTS;
import static org.sealing.bench.BenchSql.SEALED_PHOTOS;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The limit: what the database alone can do, with no audit and no restart bookkeeping. Two forms are
 * timed on fresh copies ({@code bench_limit}), one set-based statement per table and the same
 * statements over arrays of 10,000 keys, and the faster one is the limit.
 */
final class LimitContender {

    static final String DATABASE = "bench_limit";
    private static final String SET_BASED = "set-based";
    private static final String ARRAYS = "arrays of 10,000 keys";
    private static final int ARRAY_SIZE = 10_000;

    /** The faster form's timing, and which form it was. */
    record Run(Timing timing, String kind) {
    }

    private LimitContender() {
    }

    /** Times both forms on fresh copies made through the server's {@code admin} database. */
    static Run run(BenchWorld world, String admin, long arrests, long matched) throws SQLException {
        double best = Double.MAX_VALUE;
        String bestKind = "";
        for (String kind : List.of(SET_BASED, ARRAYS)) {
            world.copy(admin, DATABASE);
            try (Connection c = world.connect(DATABASE)) {
                c.setAutoCommit(false);
                // the limit ships the sealed cases into the target too: the product's time includes that
                long started = System.nanoTime();
                BenchCases.ship(c, arrests);
                c.commit();
                if (kind.equals(SET_BASED)) {
                    setBased(c);
                } else {
                    byArrays(c);
                }
                double seconds = (System.nanoTime() - started) / 1e9;
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(BenchSql.LEFT)) {
                    rs.next();
                    BenchCheck.check("limit (" + kind + ")", matched, matched, rs.getLong(1), false);
                }
                if (seconds < best) {
                    best = seconds;
                    bestKind = kind;
                }
            }
            world.drop(admin, DATABASE);
        }
        return new Run(Timing.of(best, matched), bestKind);
    }

    private static void setBased(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.executeUpdate("delete from bench.photo p using bench.arrest a, bench_case c where p.arrest_id"
                    + " = a.arrest_id and " + NORMALISED + " = c.arrest_number");
            s.executeUpdate("update bench.arrest a set " + BenchSql.MASK + " from bench_case c where " + NORMALISED
                    + " = c.arrest_number and not a.is_sealed");
        }
        c.commit();
    }

    private static void byArrays(Connection c) throws SQLException {
        List<Long> photoKeys = keys(c, "select p.photo_id from " + SEALED_PHOTOS);
        List<Long> arrestKeys = keys(c, "select a.arrest_id from " + SEALED_ARRESTS);
        byArrays(c, photoKeys, "delete from bench.photo where photo_id = any(?)");
        byArrays(c, arrestKeys, "update bench.arrest set " + BenchSql.MASK + " where arrest_id = any(?)");
    }

    private static void byArrays(Connection c, List<Long> keys, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int from = 0; from < keys.size(); from += ARRAY_SIZE) {
                List<Long> part = keys.subList(from, Math.min(keys.size(), from + ARRAY_SIZE));
                Array array = c.createArrayOf("bigint", part.toArray());
                ps.setArray(1, array);
                ps.executeUpdate();
                c.commit();
            }
        }
    }

    private static List<Long> keys(Connection c, String sql) throws SQLException {
        List<Long> keys = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                keys.add(rs.getLong(1));
            }
        }
        return keys;
    }
}
