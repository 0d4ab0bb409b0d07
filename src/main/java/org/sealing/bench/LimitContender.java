package org.sealing.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.sealing.targetdb.ResolvedTarget;

/**
 * The limit: what the database alone can do, with no audit and no restart bookkeeping. Two forms are
 * timed on fresh copies, one set-based statement per table ({@link ReferenceSql#setBased()}) and the
 * same statements over arrays of 10,000 keys, target after target, the sealed cases shipped into each
 * target first; the faster form is the limit.
 */
final class LimitContender {

    static final String CONTENDER = "limit";
    private static final String SET_BASED = "set-based";
    private static final String ARRAYS = "arrays of 10,000 keys";
    private static final int ARRAY_SIZE = 10_000;

    /** The faster form's timing, and which form it was. */
    record Run(Timing timing, String kind) {
    }

    private LimitContender() {
    }

    static Run run(BenchRun run, long matched) throws SQLException {
        double best = Double.MAX_VALUE;
        String bestKind = "";
        for (String kind : List.of(SET_BASED, ARRAYS)) {
            run.copies(CONTENDER);
            long started = System.nanoTime();
            for (String target : run.world().targets()) {
                try (Connection c = run.server().connect(World.copy(CONTENDER, target))) {
                    c.setAutoCommit(false);
                    // the limit ships the sealed cases into the target too: the product's time includes that
                    run.shipCases(c);
                    c.commit();
                    for (ResolvedTarget.ResolvedTable table : ReferenceSql.order(run.targets().get(target))) {
                        ReferenceSql sql = new ReferenceSql(table, run.policy());
                        if (kind.equals(SET_BASED)) {
                            try (Statement s = c.createStatement()) {
                                s.executeUpdate(sql.setBased());
                            }
                        } else {
                            byArrays(c, sql);
                        }
                    }
                    c.commit();
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            BenchCheck.check("limit (" + kind + ")", matched, matched, run.residual(CONTENDER), false);
            run.dropCopies(CONTENDER);
            if (seconds < best) {
                best = seconds;
                bestKind = kind;
            }
        }
        return new Run(Timing.of(best, matched), bestKind);
    }

    /** The table's keys first, then its statement over arrays of them, a transaction per array. */
    private static void byArrays(Connection c, ReferenceSql sql) throws SQLException {
        int n = sql.keyCount();
        List<String[]> keys = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql.selectKeys())) {
            while (rs.next()) {
                String[] key = new String[n];
                for (int i = 0; i < n; i++) {
                    key[i] = rs.getString(i + 1);
                }
                keys.add(key);
            }
        }
        try (PreparedStatement ps = c.prepareStatement(sql.byArrays())) {
            for (int from = 0; from < keys.size(); from += ARRAY_SIZE) {
                List<String[]> part = keys.subList(from, Math.min(keys.size(), from + ARRAY_SIZE));
                for (int i = 0; i < n; i++) {
                    String[] column = new String[part.size()];
                    for (int r = 0; r < column.length; r++) {
                        column[r] = part.get(r)[i];
                    }
                    ps.setArray(i + 1, c.createArrayOf("text", column));
                }
                ps.executeUpdate();
                c.commit();
            }
        }
    }
}
