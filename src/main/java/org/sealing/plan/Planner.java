package org.sealing.plan;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceUtils;

import org.sealing.control.HmacKey;
import org.sealing.job.StepInterruption;
import org.sealing.ledger.RunRecords;
import org.sealing.policy.Policy;
import org.sealing.support.CopyText;
import org.sealing.support.ProgressLog;
import org.sealing.targetdb.ResolvedTarget;
import org.sealing.targetdb.ResolvedTarget.ResolvedTable;
import org.sealing.targetdb.TableSql;
import org.sealing.targetdb.TargetDatabases;

/**
 * Plans a target: finds, set-based and inside the target, every row that belongs to an active sealed
 * case and is not yet in its remediated state, and writes one plan row for each into the control
 * database with its HMAC row reference, its case and its action. A table whose plan exceeds the
 * target's max-change-ratio is planned as refused and never applied.
 *
 * <p>It runs in the step's control transaction: a plan is written whole or not at all, and at most
 * once per run and target. It first claims the plan (a row whose primary key is the run and the
 * target) in that same transaction; planning that finds the claim taken, because an earlier
 * execution of the run committed this plan before it was stopped or killed, writes nothing and
 * returns {@link Outcome#ALREADY_PLANNED}. So a plan step run twice can never plan twice.
 */
public class Planner {

    private static final Logger log = LoggerFactory.getLogger(Planner.class);

    private final DataSource control;
    private final JdbcTemplate streaming;
    private final TargetDatabases databases;
    private final HmacKey hmac;
    private final RunRecords runs;

    public Planner(DataSource control, TargetDatabases databases, HmacKey hmac, RunRecords runs) {
        this.control = control;
        this.streaming = new JdbcTemplate(control);
        this.streaming.setFetchSize(10_000);
        this.databases = databases;
        this.hmac = hmac;
        this.runs = runs;
    }

    /** What planning a target found. */
    public record Outcome(long cases, long planned, long refused) {

        /** What planning a target that this run has already planned does: nothing. */
        public static final Outcome ALREADY_PLANNED = new Outcome(-1, -1, -1);
    }

    /**
     * Plans a target under a policy: each row's outcome is its order's statute by what its table holds;
     * rows whose outcome is none are not planned.
     */
    public Outcome plan(long runId, long executionId, ResolvedTarget target, LocalDate asOf, Policy policy)
            throws SQLException {
        Connection controlConnection = DataSourceUtils.getConnection(control);
        if (!claim(controlConnection, runId, executionId, target.name())) {
            log.info("target {}: planned by an earlier execution of this run; its plan is applied as it stands",
                    target.name());
            return Outcome.ALREADY_PLANNED;
        }
        // every plan row of this target will lie between these two values of the plan's sequence
        long from = sequence(controlConnection);
        long planned = 0;
        long refused = 0;
        long cases;
        Progress progress = new Progress();
        try (Connection c = databases.dataSource(target.definition()).getConnection();
                ProgressLog progressLog = ProgressLog.start(log, () -> progress.line(target.name()))) {
            try {
                cases = MatchSession.prepare(c, target, streaming, asOf, policy, progress::finding);
                // plan rows are written in the order apply takes them: children's purges before parents'
                List<ResolvedTable> applyOrder = target.tables().stream()
                        .sorted(java.util.Comparator.comparingInt(ResolvedTable::purgeLevel)).toList();
                for (ResolvedTable table : applyOrder) {
                    TableSql sql = MatchSession.sql(table, policy);
                    // a table's size is only needed (and worth its full scan) against a change ratio below 1
                    boolean limited = target.definition().maxChangeRatio() < 1;
                    Long rows = limited ? count(c, sql.countRows()) : null;
                    long tablePlanned = write(c, controlConnection, runId, target, table, sql, policy, progress);
                    double share = rows == null || rows == 0 ? 0 : (double) tablePlanned / rows;
                    boolean refuse = limited && share > target.definition().maxChangeRatio();
                    String reason = null;
                    if (refuse) {
                        reason = String.format("the plan changes %d of %d rows (%.1f%%), more than max-change-ratio"
                                + " %s allows", tablePlanned, rows, share * 100, target.definition().maxChangeRatio());
                        try (PreparedStatement ps = controlConnection.prepareStatement("update remediation_plan"
                                + " set state = 'REFUSED', reason = ? where run_id = ? and target = ? and table_name = ?"
                                // this run's restores of the table were applied before it was planned
                                + " and action <> 'RESTORE'")) {
                            ps.setString(1, reason);
                            ps.setLong(2, runId);
                            ps.setString(3, target.name());
                            ps.setString(4, table.name());
                            ps.executeUpdate();
                        }
                        refused += tablePlanned;
                        log.warn("target {} table {}: refused, {}", target.name(), table.name(), reason);
                    }
                    runs.table(runId, target.name(), table.name(), table.action().name(), rows, refuse, reason,
                            tablePlanned);
                    planned += tablePlanned;
                }
            } finally {
                // the session's temporary tables go with the transaction; nothing else was written
                c.rollback();
            }
        } catch (SQLException e) {
            // a statement cancelled because the run must stop: the step stops, resumable
            if (StepInterruption.requested()) {
                throw StepInterruption.stopped("planning target " + target.name());
            }
            throw e;
        }
        if (planned > 0) {
            recordFound(controlConnection, runId, target.name(), from);
            analyzePlan(controlConnection);
        }
        runs.planBounds(runId, target.name(), from, sequence(controlConnection));
        return new Outcome(cases, planned, refused);
    }

    private long write(Connection target, Connection controlConnection, long runId, ResolvedTarget resolved,
            ResolvedTable table, TableSql sql, Policy policy, Progress progress) throws SQLException {
        progress.planning(table.name());
        int keys = table.key().size();
        String kind = table.rule().holds();
        try (CopyText copy = CopyText.startPipelined(controlConnection, "copy remediation_plan (run_id, target, table_name,"
                + " row_ref, row_key, order_id, statute, action, depth, outcome) from stdin");
                PreparedStatement ps = target.prepareStatement(sql.selectPlan())) {
            ps.setFetchSize(10_000);
            try (ResultSet rs = ps.executeQuery()) {
                String[] refParts = new String[keys + 2];
                refParts[0] = resolved.name();
                refParts[1] = table.name();
                while (rs.next()) {
                    String[] key = new String[keys];
                    for (int i = 0; i < keys; i++) {
                        key[i] = rs.getString(i + 1);
                        refParts[i + 2] = key[i];
                    }
                    String statute = rs.getString(keys + 2);
                    // the plan's query keeps only statutes whose outcome for this kind is not none
                    org.sealing.policy.Outcome outcome = policy.outcome(statute, kind);
                    copy.field(runId).field(resolved.name()).field(table.name()).field(hmac.hex(refParts))
                            .arrayField(key).field(rs.getString(keys + 1)).field(statute)
                            .field(table.action().name()).field(table.purgeLevel()).field(outcome.name());
                    copy.endRow();
                    progress.planned();
                }
            }
            return copy.finish();
        }
    }

    /**
     * Claims the plan of a target in the caller's transaction: true when this is its first planning in
     * the run. A concurrent claim waits for the first one's transaction and then finds it taken.
     */
    private static boolean claim(Connection control, long runId, long executionId, String target)
            throws SQLException {
        try (PreparedStatement ps = control.prepareStatement("insert into target_plan (run_id, target, execution_id)"
                + " values (?, ?, ?) on conflict (run_id, target) do nothing")) {
            ps.setLong(1, runId);
            ps.setString(2, target);
            ps.setLong(3, executionId);
            return ps.executeUpdate() == 1;
        }
    }

    /** What planning a target is doing, for its progress lines: table names and counts only. */
    private static final class Progress {
        private volatile String table;
        private volatile boolean planning;
        private volatile long tableRows;
        private volatile long rows;

        void finding(String tableName) {
            table = tableName;
        }

        void planning(String tableName) {
            table = tableName;
            planning = true;
            tableRows = 0;
        }

        void planned() {
            tableRows++;
            rows++;
        }

        String line(String target) {
            if (table == null) {
                return "target " + target + ": planning, copying the sealed cases";
            }
            if (!planning) {
                return "target " + target + ": planning, finding the sealed rows of table " + table;
            }
            return "target " + target + ": planning table " + table + ", " + tableRows + " rows planned in it, "
                    + rows + " in all so far";
        }
    }

    /**
     * Records the orders of the target's plan rows just written (those after {@code from}) in {@code order_found},
     * with this run, or an earlier run where one found them first; an order found already costs a lookup, not a
     * write. In order of order id, so that two targets planned at once that found the same orders wait for each
     * other at most, and never deadlock.
     */
    private static void recordFound(Connection control, long runId, String target, long from) throws SQLException {
        try (PreparedStatement ps = control.prepareStatement("""
                insert into order_found (order_id, run_id)
                select distinct p.order_id, p.run_id from remediation_plan p
                where p.plan_id > ? and p.run_id = ? and p.target = ? and p.action in ('PURGE', 'MASK')
                  and not exists (select 1 from order_found f where f.order_id = p.order_id and f.run_id <= p.run_id)
                order by p.order_id
                on conflict (order_id) do update set run_id = excluded.run_id
                    where excluded.run_id < order_found.run_id
                """)) {
            ps.setLong(1, from);
            ps.setLong(2, runId);
            ps.setString(3, target);
            ps.executeUpdate();
        }
    }

    /**
     * Gives the plan statistics that include the rows just written, in the step's transaction (ANALYZE samples
     * the rows its own transaction inserted): without them PostgreSQL takes a freshly written plan for a few
     * rows, reads each of apply's plan pages as a bitmap scan of the lane's whole remaining range and a sort
     * (0.36 s a page instead of 0.02 s at 500,000 plan rows), and joins the plan in nested loops in verify and
     * the figures. A target planned at the same time as another that is analysing the plan does not wait for
     * it ({@code skip_locked}): the other's statistics serve both, and autovacuum's later ones too.
     */
    private static void analyzePlan(Connection control) throws SQLException {
        try (java.sql.Statement s = control.createStatement()) {
            s.execute("analyze (skip_locked) remediation_plan");
        }
    }

    static long sequence(Connection control) throws SQLException {
        // the last value handed out (a sequence never used yet hands out its last_value next)
        try (PreparedStatement ps = control.prepareStatement("select case when is_called then last_value"
                + " else last_value - 1 end from remediation_plan_plan_id_seq");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
