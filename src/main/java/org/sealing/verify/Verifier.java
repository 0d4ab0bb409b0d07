package org.sealing.verify;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

import org.sealing.job.StepInterruption;
import org.sealing.plan.MatchSession;
import org.sealing.ledger.RunRecords;
import org.sealing.policy.Policy;
import org.sealing.support.ProgressLog;
import org.sealing.targetdb.ResolvedTarget;
import org.sealing.targetdb.ResolvedTarget.ResolvedTable;
import org.sealing.targetdb.RestoreSql;
import org.sealing.targetdb.TableSql;
import org.sealing.targetdb.TargetDatabases;

/**
 * Verifies a target by searching it again, with the very queries that planned it, for rows of active
 * sealed cases that are not in their remediated state: the residual. It never trusts what apply
 * counted; a row that reappeared since (restored from a backup, replicated back) counts too.
 */
public class Verifier {

    private static final Logger log = LoggerFactory.getLogger(Verifier.class);
    private final JdbcTemplate streaming;
    private final TargetDatabases databases;
    private final RunRecords runs;

    public Verifier(JdbcTemplate streaming, TargetDatabases databases, RunRecords runs) {
        this.streaming = streaming;
        this.databases = databases;
        this.runs = runs;
    }

    /**
     * Searches the target and records the residual of each table and of the target; returns the total. A
     * row of a case whose statute leaves it as it is (the policy's outcome none) is no residual.
     */
    public long verify(long runId, ResolvedTarget target, LocalDate asOf, Policy policy) throws SQLException {
        long residual = 0;
        String[] reading = {null};
        int[] verified = {0};
        int tables = target.tables().size();
        try (Connection c = databases.dataSource(target.definition()).getConnection();
                ProgressLog progress = ProgressLog.start(log, () -> "target " + target.name() + ": verifying, "
                        + verified[0] + " of " + tables + " tables verified, "
                        + (reading[0] == null ? "copying the sealed cases" : "reading table " + reading[0]))) {
            try {
                MatchSession.prepare(c, target, streaming, asOf, policy, table -> reading[0] = table);
                for (ResolvedTable table : target.tables()) {
                    reading[0] = table.name();
                    long tableResidual;
                    try (PreparedStatement ps = c.prepareStatement(MatchSession.sql(table, policy).countResidual());
                            ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        tableResidual = rs.getLong(1);
                    }
                    runs.tableResidual(runId, target.name(), table.name(), table.action().name(), tableResidual);
                    residual += tableResidual;
                    verified[0]++;
                }
                reading[0] = null;
                long missing = missingRestores(c, runId, target);
                runs.restoreMissing(runId, target.name(), missing);
                if (missing > 0) {
                    log.warn("target {}: {} rows this run restored are no longer in the target", target.name(), missing);
                    residual += missing;
                }
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            // a statement cancelled because the run must stop: the step stops, resumable
            if (StepInterruption.requested()) {
                throw StepInterruption.stopped("verifying target " + target.name());
            }
            throw e;
        }
        runs.targetVerified(runId, target.name(), residual);
        return residual;
    }

    /**
     * The rows this run restored (its restores done) that the target no longer has, unless this run has
     * since changed them again under another active case: they count in the residual, since the target is
     * not as the orders require.
     */
    private long missingRestores(Connection c, long runId, ResolvedTarget target) throws SQLException {
        Map<String, List<String[]>> restored = new HashMap<>();
        streaming.query("""
                select p.table_name, p.row_key from remediation_plan p
                join run_target t on t.run_id = p.run_id and t.target = p.target
                where p.run_id = ? and p.target = ? and p.plan_id > t.restore_from and p.plan_id <= t.restore_to
                  and p.action = 'RESTORE'
                  and not exists (select 1 from apply_failure f where f.plan_id = p.plan_id)
                  and not exists (select 1 from restore_conflict r where r.plan_id = p.plan_id)
                  and not exists (select 1 from remediation_plan q where q.run_id = p.run_id and q.target = p.target
                                  and q.plan_id > t.plan_from and q.plan_id <= t.plan_to
                                  and q.table_name = p.table_name and q.row_ref = p.row_ref)
                """, rs -> {
                restored.computeIfAbsent(rs.getString(1), t -> new ArrayList<>())
                        .add((String[]) rs.getArray(2).getArray());
            }, runId, target.name());
        long missing = 0;
        for (ResolvedTable table : target.tables()) {
            List<String[]> keys = restored.get(table.name());
            if (keys == null) {
                continue;
            }
            Set<List<String>> present = new HashSet<>();
            try (PreparedStatement ps = c.prepareStatement(new RestoreSql(table).present())) {
                List<String[]> arrays = new ArrayList<>();
                for (int k = 0; k < table.keyColumns().size(); k++) {
                    String[] column = new String[keys.size()];
                    for (int i = 0; i < keys.size(); i++) {
                        column[i] = keys.get(i)[k];
                    }
                    arrays.add(column);
                }
                new TableSql(table).bindKeys(c, ps, arrays);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        List<String> key = new ArrayList<>();
                        for (int k = 1; k <= table.keyColumns().size(); k++) {
                            key.add(rs.getString(k));
                        }
                        present.add(key);
                    }
                }
            }
            for (String[] key : keys) {
                missing += present.contains(List.of(key)) ? 0 : 1;
            }
        }
        return missing;
    }
}
