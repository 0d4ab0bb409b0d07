package org.sealing.ledger;

import java.time.LocalDate;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The control database's record of remediation runs: the run itself, and the state of each target
 * and table in it. Plan rows and the audit ledger hold the row-level truth; these tables hold what
 * a run learned about targets and tables as a whole (reached or not, table sizes, refusals, the
 * residual that verification found).
 */
@Repository
public class RunRecords {

    private final JdbcTemplate jdbc;

    public RunRecords(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A run as recorded when it was first started. */
    public record Run(long runId, String job, boolean dryRun, List<String> targets, String configFingerprint,
            LocalDate asOf, String verdict, String workbook) {
    }

    /** A target definition as a run recorded it when it started. */
    public record RecordedDefinition(String target, String fileName, String source, String sha256) {
    }

    /** The policy as a run recorded it when it started: where from, its file's text (null: built-in), its hash. */
    public record RecordedPolicy(String source, String text, String sha256) {
    }

    /**
     * Records a run and the definitions it starts with on its first start, all in one transaction (a
     * run is recorded whole or not at all); a restart finds them already there and changes nothing.
     */
    @org.springframework.transaction.annotation.Transactional
    public void begin(long runId, String job, boolean dryRun, List<RecordedDefinition> definitions,
            RecordedPolicy policy, String fingerprint, LocalDate asOf) {
        List<String> targets = definitions.stream().map(RecordedDefinition::target).toList();
        jdbc.update("insert into remediation_run (run_id, job, dry_run, targets, config_fingerprint, as_of)"
                + " values (?, ?, ?, ?, ?, ?) on conflict (run_id) do nothing", ps -> {
                    ps.setLong(1, runId);
                    ps.setString(2, job);
                    ps.setBoolean(3, dryRun);
                    ps.setArray(4, ps.getConnection().createArrayOf("text", targets.toArray()));
                    ps.setString(5, fingerprint);
                    ps.setObject(6, asOf);
                });
        for (String target : targets) {
            jdbc.update("insert into run_target (run_id, target) values (?, ?) on conflict do nothing", runId, target);
        }
        for (RecordedDefinition d : definitions) {
            jdbc.update("insert into run_definition (run_id, target, file_name, source, sha256) values (?, ?, ?, ?, ?)"
                    + " on conflict do nothing", runId, d.target(), d.fileName(), d.source(), d.sha256());
        }
        jdbc.update("insert into run_policy (run_id, source, text, sha256) values (?, ?, ?, ?) on conflict do nothing",
                runId, policy.source(), policy.text(), policy.sha256());
    }

    /** The policy a run started with, or null for a run recorded before runs kept their policy. */
    public RecordedPolicy policy(long runId) {
        List<RecordedPolicy> policies = jdbc.query("select source, text, sha256 from run_policy where run_id = ?",
                (rs, i) -> new RecordedPolicy(rs.getString(1), rs.getString(2), rs.getString(3)), runId);
        return policies.isEmpty() ? null : policies.get(0);
    }

    /**
     * The latest execution of the run of a job fired for this schedule time, when that run did not
     * complete (a completed one is not run again), or null.
     */
    public Long scheduledExecution(String job, String fireTime) {
        List<Long> ids = jdbc.queryForList("""
                select e.job_execution_id from batch_job_execution e
                join batch_job_instance i on i.job_instance_id = e.job_instance_id
                where i.job_name = ? and e.job_instance_id in (
                    select x.job_instance_id from batch_job_execution x
                    join batch_job_execution_params p on p.job_execution_id = x.job_execution_id
                    where p.parameter_name = 'run.time' and p.parameter_value = ?)
                  and e.status not in ('COMPLETED', 'ABANDONED')
                  and e.job_execution_id = (select max(y.job_execution_id) from batch_job_execution y
                                            where y.job_instance_id = e.job_instance_id)
                """, Long.class, job, fireTime);
        return ids.isEmpty() ? null : ids.get(0);
    }

    /** The definitions a run started with, by target name in run order; empty for runs recorded before them. */
    public List<RecordedDefinition> definitions(long runId) {
        return jdbc.query("select d.target, d.file_name, d.source, d.sha256 from run_definition d"
                + " join remediation_run r on r.run_id = d.run_id where d.run_id = ?"
                + " order by array_position(r.targets, d.target)", (rs, i) -> new RecordedDefinition(rs.getString(1),
                rs.getString(2), rs.getString(3), rs.getString(4)), runId);
    }

    public Run run(long runId) {
        List<Run> runs = jdbc.query("select run_id, job, dry_run, targets, config_fingerprint, as_of, verdict, workbook"
                + " from remediation_run where run_id = ?", (rs, i) -> new Run(rs.getLong(1), rs.getString(2),
                rs.getBoolean(3), List.of((String[]) rs.getArray(4).getArray()), rs.getString(5),
                rs.getObject(6, LocalDate.class), rs.getString(7), rs.getString(8)), runId);
        return runs.isEmpty() ? null : runs.get(0);
    }

    /** Records the bounds of a target's plan rows: every one lies above {@code from} and at most {@code to}. */
    public void planBounds(long runId, String target, long from, long to) {
        jdbc.update("update run_target set plan_from = ?, plan_to = ? where run_id = ? and target = ?", from, to, runId,
                target);
    }

    /** Records the bounds of a target's restore rows: every one lies above {@code from} and at most {@code to}. */
    public void restoreBounds(long runId, String target, long from, long to) {
        jdbc.update("update run_target set restore_from = ?, restore_to = ? where run_id = ? and target = ?", from, to,
                runId, target);
    }

    /** Records how many rows this run restored that verification no longer found in the target. */
    public void restoreMissing(long runId, String target, long missing) {
        jdbc.update("update run_target set restore_missing = ? where run_id = ? and target = ?", missing, runId, target);
    }

    /** The execution of a run now running: its latest (a run has one execution at a time). */
    private static final String CURRENT = "(select max(e.job_execution_id) from batch_job_execution e"
            + " where e.job_instance_id = run_target.run_id)";

    public void targetStarted(long runId, String target) {
        jdbc.update("update run_target set started_at = coalesce(started_at, now()),"
                + " reason = case when failed_execution = " + CURRENT + " then reason else null end"
                + " where run_id = ? and target = ?", runId, target);
    }

    /** A step of the target completed; a target that failed earlier in the same execution stays failed. */
    public void targetState(long runId, String target, TargetState state) {
        // planning is as far as a dry run takes a target; verification ends the others
        boolean finished = state == TargetState.VERIFIED || state == TargetState.PLANNED;
        jdbc.update("update run_target set state = ?, reached = true, reason = null,"
                + " finished_at = case when ? then now() else finished_at end"
                + " where run_id = ? and target = ? and failed_execution is distinct from " + CURRENT,
                state.name(), finished, runId, target);
    }

    public void targetFailed(long runId, String target, String reason, boolean reached) {
        jdbc.update("update run_target set state = 'FAILED', reason = ?, reached = reached or ?, finished_at = now(),"
                + " failed_execution = " + CURRENT + " where run_id = ? and target = ?", reason, reached, runId,
                target);
    }

    public void targetVerified(long runId, String target, long residual) {
        jdbc.update("update run_target set state = 'VERIFIED', reached = true, residual = ?, verified_at = now(),"
                + " finished_at = now(), reason = null where run_id = ? and target = ?"
                + " and failed_execution is distinct from " + CURRENT, residual, runId, target);
    }

    /**
     * A table of a target as the run planned it: its size (when counted), whether its plan was refused and why,
     * and how many plan rows (purges or masks) the plan step wrote for it (null where it wrote none of its own).
     */
    public void table(long runId, String target, String table, String action, Long totalRows, boolean refused,
            String reason, Long planRows) {
        jdbc.update("""
                insert into run_table (run_id, target, table_name, action, total_rows, refused, reason, plan_rows)
                values (?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (run_id, target, table_name)
                do update set total_rows = excluded.total_rows, refused = excluded.refused, reason = excluded.reason,
                    plan_rows = coalesce(excluded.plan_rows, run_table.plan_rows)
                """, runId, target, table, action, totalRows, refused, reason, planRows);
    }

    /**
     * The plan rows each table of these targets' plans holds, by target and table, as their plan steps recorded
     * them; a target any of whose tables has no such record (planned by an earlier version) is left out.
     */
    public Map<String, Map<String, Long>> planRows(long runId, Collection<String> targets) {
        Map<String, Map<String, Long>> byTarget = new HashMap<>();
        Set<String> incomplete = new HashSet<>();
        jdbc.query("select target, table_name, plan_rows from run_table where run_id = ? and target = any (?)",
                ps -> {
                    ps.setLong(1, runId);
                    ps.setArray(2, ps.getConnection().createArrayOf("text", targets.toArray()));
                }, rs -> {
                    long rows = rs.getLong(3);
                    if (rs.wasNull()) {
                        incomplete.add(rs.getString(1));
                    } else {
                        byTarget.computeIfAbsent(rs.getString(1), t -> new HashMap<>())
                                .put(rs.getString(2), rows);
                    }
                });
        incomplete.forEach(byTarget::remove);
        return byTarget;
    }

    public void tableResidual(long runId, String target, String table, String action, long residual) {
        jdbc.update("""
                insert into run_table (run_id, target, table_name, action, residual) values (?, ?, ?, ?, ?)
                on conflict (run_id, target, table_name) do update set residual = excluded.residual
                """, runId, target, table, action, residual);
    }

    public void finish(long runId, Verdict verdict, String workbook) {
        jdbc.update("update remediation_run set verdict = ?, workbook = coalesce(?, workbook), finished_at = now()"
                + " where run_id = ?", verdict.name(), workbook, runId);
    }
}
