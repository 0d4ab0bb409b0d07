package org.sealing.plan;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

import org.sealing.catalog.RegisterField;
import org.sealing.job.StepInterruption;
import org.sealing.policy.Policy;
import org.sealing.register.Identifiers;
import org.sealing.targetdb.ResolvedTarget;
import org.sealing.targetdb.SealedCasesTable;
import org.sealing.targetdb.TableSql;
import org.sealing.targetdb.TargetFailures;
import org.sealing.targetdb.dialect.PostgreSqlDialect;
import org.sealing.targetdb.dialect.RemediationSql;
import org.sealing.targetdb.dialect.TargetDialect;

/**
 * One transaction on a target in which its sealed rows are found: the active sealed cases are copied
 * into a temporary table of the session (nothing joins across databases), then each table's match
 * set is built from them, parents before the children that match through them. The transaction is
 * rolled back at the end, which drops the temporary tables; nothing in the target is changed.
 * Planning and verification both work this way, so they find exactly the same rows.
 *
 * <p>Reading a table waits for any session that holds it locked exclusively (an {@code ALTER TABLE}, a
 * {@code LOCK TABLE}): after the session's lock timeout the whole session is rolled back and tried
 * again after a pause, and after its last try the target fails with a message naming the table.
 */
public final class MatchSession {

    private static final Logger log = LoggerFactory.getLogger(MatchSession.class);

    private MatchSession() {
    }

    /**
     * The SQL of a table under a policy: its rows are found only for the statutes under which they
     * change (all of them, the SQL of every statute, when no statute leaves them as they are).
     */
    public static TableSql sql(ResolvedTarget.ResolvedTable table, Policy policy) {
        java.util.List<String> changing = policy.changing(table.rule().holds());
        return new TableSql(table, changing.size() == Policy.statutes().size() ? null : changing);
    }

    /**
     * {@link #prepare(Connection, ResolvedTarget, JdbcTemplate, LocalDate, Policy)}, telling {@code progress}
     * which table it reads, for the progress lines of long steps.
     */
    public static long prepare(Connection target, ResolvedTarget resolved, JdbcTemplate control, LocalDate asOf,
            Policy policy, Consumer<String> progress) throws SQLException {
        for (int tries = 1; ; tries++) {
            String[] table = new String[1];
            try {
                return prepareOnce(target, resolved, control, asOf, policy, name -> {
                    table[0] = name;
                    progress.accept(name);
                });
            } catch (SQLException e) {
                if (!TargetFailures.isLockTimeout(e) || table[0] == null || StepInterruption.requested()) {
                    throw e;
                }
                target.rollback();
                if (tries >= TargetFailures.LOCK_TRIES) {
                    throw new TargetFailures.Locked(table[0], TargetFailures.lockTimeoutOf(target), tries);
                }
                long pause = TargetFailures.lockPauseMillis(tries);
                log.warn("target {} table {}: locked by another session; trying again in {} s (try {} of {})",
                        resolved.name(), table[0], pause / 1000, tries + 1, TargetFailures.LOCK_TRIES);
                StepInterruption.pause(pause, "target " + resolved.name());
            }
        }
    }

    /**
     * Copies the cases that are sealed and in effect on {@code asOf} into the session, then builds the
     * match set of every table. Returns the number of cases copied.
     */
    public static long prepare(Connection target, ResolvedTarget resolved, JdbcTemplate control, LocalDate asOf,
            Policy policy) throws SQLException {
        return prepare(target, resolved, control, asOf, policy, table -> { });
    }

    private static long prepareOnce(Connection target, ResolvedTarget resolved, JdbcTemplate control,
            LocalDate asOf, Policy policy, Consumer<String> reading) throws SQLException {
        TargetDialect dialect = resolved.tables().isEmpty() ? PostgreSqlDialect.INSTANCE
                : resolved.tables().get(0).dialect();
        try (Statement s = target.createStatement()) {
            for (String sql : SealedCasesTable.create(dialect)) {
                s.execute(sql);
            }
        }
        long cases;
        // only the fields this target matches on travel; the others stay empty
        java.util.Set<RegisterField> used = resolved.usedFields();
        try (RemediationSql.BulkRows copy = dialect.remediation().loadCases(target, SealedCasesTable.name(dialect),
                SealedCasesTable.COLUMNS)) {
            SQLException[] failure = new SQLException[1];
            control.query("select order_id, statute, "
                    + (used.contains(RegisterField.ARREST_NUMBER) ? "arrest_number" : "null") + ", "
                    + (used.contains(RegisterField.NYSID) ? "nysid" : "null") + ", "
                    + (used.contains(RegisterField.DOCKET_NUMBER) ? "docket_number" : "null") + ", "
                    + (used.contains(RegisterField.ARREST_DATE) ? "arrest_date" : "null::date")
                    + " from sealing_order where order_type = 'SEAL' and effective_from <= ?", rs -> {
                    if (failure[0] != null) {
                        return;
                    }
                    try {
                        copy.row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                Identifiers.normalise(rs.getString(5)), rs.getObject(6, LocalDate.class));
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
            for (String sql : SealedCasesTable.loaded(dialect)) {
                s.execute(sql);
            }
            for (ResolvedTarget.ResolvedTable table : resolved.tables()) {
                reading.accept(table.name());
                for (String sql : sql(table, policy).createMatchSet()) {
                    s.execute(sql);
                }
            }
        }
        return cases;
    }
}
