package org.sealing.bench;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.Map;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import org.sealing.plan.MatchSession;
import org.sealing.policy.Policy;
import org.sealing.register.Identifiers;
import org.sealing.support.CopyText;
import org.sealing.targetdb.ResolvedTarget;

/**
 * What every contender of one benchmark run shares: the server, the world, the benchmark's own
 * application (its control database holds the register of the world's orders), the world's targets as
 * checked against their live catalogs, the policy and the day, and how many rows must change.
 */
record BenchRun(BenchServer server, World world, ConfigurableApplicationContext bench,
        Map<String, ResolvedTarget> targets, Policy policy, LocalDate asOf) {

    JdbcTemplate control() {
        return bench.getBean(JdbcTemplate.class);
    }

    /** Makes a contender's copy of every target. */
    void copies(String contender) throws SQLException {
        for (String target : world.targets()) {
            server.copy(World.template(target), World.copy(contender, target));
        }
        server.checkpoint();
    }

    void dropCopies(String contender) throws SQLException {
        for (String target : world.targets()) {
            server.drop(World.copy(contender, target));
        }
    }

    /**
     * The rows of sealed cases not in their remediated state in a contender's copies, found the way the
     * product's plan and verification find them: before a contender runs, the rows it must change; after,
     * what it left behind.
     */
    long residual(String contender) throws SQLException {
        return residual(target -> World.copy(contender, target));
    }

    /** {@link #residual(String)} in the databases {@code database} names for each target. */
    long residual(java.util.function.UnaryOperator<String> database) throws SQLException {
        long residual = 0;
        for (String target : world.targets()) {
            ResolvedTarget resolved = targets.get(target);
            try (Connection c = server.connect(database.apply(target))) {
                c.setAutoCommit(false);
                try {
                    MatchSession.prepare(c, resolved, control(), asOf, policy);
                    for (ResolvedTarget.ResolvedTable table : resolved.tables()) {
                        residual += BenchCheck.count(c, MatchSession.sql(table, policy).countResidual());
                    }
                } finally {
                    c.rollback();
                }
            }
        }
        return residual;
    }

    /**
     * Ships the sealed cases in effect into a target as the table {@value ReferenceSql#CASES} (the
     * register's fields, identifiers normalised as the register normalises them), analysed; the caller
     * commits.
     */
    long shipCases(Connection target) throws SQLException {
        try (Statement s = target.createStatement()) {
            for (String sql : ReferenceSql.createCases()) {
                s.execute(sql);
            }
        }
        long cases;
        try (CopyText copy = CopyText.startPipelined(target, "copy " + ReferenceSql.CASES + " from stdin")) {
            SQLException[] failure = new SQLException[1];
            control().query("select order_id, statute, arrest_number, nysid, docket_number, arrest_date from sealing_order"
                    + " where order_type = 'SEAL' and effective_from <= ?", rs -> {
                        if (failure[0] != null) {
                            return;
                        }
                        try {
                            copy.field(rs.getString(1)).field(rs.getString(2)).field(rs.getString(3))
                                    .field(rs.getString(4)).field(Identifiers.normalise(rs.getString(5)))
                                    .field(rs.getObject(6, LocalDate.class));
                            copy.endRow();
                        } catch (SQLException e) {
                            failure[0] = e;
                        }
                    }, asOf);
            if (failure[0] != null) {
                throw failure[0];
            }
            cases = copy.finish();
        }
        try (Statement s = target.createStatement()) {
            s.execute("analyze " + ReferenceSql.CASES);
        }
        return cases;
    }
}
