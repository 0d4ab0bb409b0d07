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

    /** The faster form's timing, and which form it was; and the set-based form that keeps the sealed originals. */
    record Run(Timing timing, String kind, Timing withCopies) {
    }

    private LimitContender() {
    }

    static Run run(BenchRun run, long matched) throws Exception {
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
        return new Run(Timing.of(best, matched), bestKind, withCopies(run, matched));
    }

    /**
     * The set-based limit that also keeps the originals of the rows it seals, as the law asks of any
     * remediation (a hand-written one too): before each table's statement, its sealed rows are copied
     * out of the target ({@code COPY ... TO STDOUT}, as JSON) and into a table of the control database
     * ({@code COPY ... FROM STDIN}), streamed, in one transaction there per target. Unlike the product's
     * vault, the copies are not encrypted, and nothing is audited.
     */
    static Timing withCopies(BenchRun run, long matched) throws Exception {
        run.copies(CONTENDER);
        var control = run.control();
        control.execute("drop table if exists limit_vault");
        control.execute("create table limit_vault (table_name text not null, image text not null)");
        long started = System.nanoTime();
        for (String target : run.world().targets()) {
            try (Connection c = run.server().connect(World.copy(CONTENDER, target));
                    Connection vault = run.server().connect(control.queryForObject("select current_database()",
                            String.class))) {
                c.setAutoCommit(false);
                vault.setAutoCommit(false);
                run.shipCases(c);
                c.commit();
                for (ResolvedTarget.ResolvedTable table : ReferenceSql.order(run.targets().get(target))) {
                    ReferenceSql sql = new ReferenceSql(table, run.policy());
                    if (sql.copySealed() != null) {
                        keep(c, vault, sql.copySealed());
                    }
                    try (Statement s = c.createStatement()) {
                        s.executeUpdate(sql.setBased());
                    }
                }
                // the originals are kept before the changes are
                vault.commit();
                c.commit();
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        long kept = BenchCheck.count(control, "select count(*) from limit_vault");
        // when the product ran before, its vault holds one copy of each row it sealed: the same rows
        long vault = BenchCheck.count(control, "select count(*) from vault_copy");
        if (vault > 0 && vault != kept) {
            throw new IllegalStateException("bench: the limit kept " + kept + " originals where the product's vault"
                    + " keeps " + vault);
        }
        BenchCheck.check("limit (set-based, " + kept + " originals kept)", matched, matched,
                run.residual(CONTENDER), false);
        run.dropCopies(CONTENDER);
        control.execute("drop table limit_vault");
        return Timing.of(seconds, matched);
    }

    /** Streams the rows one COPY writes out of the target into the control database's table of originals. */
    private static void keep(Connection target, Connection vault, String copyOut) throws Exception {
        var in = new java.io.PipedInputStream(1 << 16);
        var out = new java.io.PipedOutputStream(in);
        var copyOutManager = target.unwrap(org.postgresql.PGConnection.class).getCopyAPI();
        var reader = java.util.concurrent.CompletableFuture.runAsync(() -> {
            try (out) {
                copyOutManager.copyOut(copyOut, out);
            } catch (SQLException | java.io.IOException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
        try {
            vault.unwrap(org.postgresql.PGConnection.class).getCopyAPI()
                    .copyIn("copy limit_vault (table_name, image) from stdin", in);
        } finally {
            // a failed COPY in must not leave the COPY out blocked on a full pipe
            in.close();
        }
        reader.join();
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
