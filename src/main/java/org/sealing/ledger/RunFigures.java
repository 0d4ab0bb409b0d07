package org.sealing.ledger;

import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * A run's figures, counted from the plan and the verification records, so that they cover every
 * execution of the run and count each row once; and its verdict, COMPLIANT only when every target
 * was reached and verified, no row failed or was refused, and nothing was left.
 */
@Component
public class RunFigures {

    public static final String COMPLIANT = "COMPLIANT";
    public static final String NOT_COMPLIANT = "NOT_COMPLIANT";
    public static final String DRY_RUN = "DRY_RUN";

    private final JdbcTemplate jdbc;

    public RunFigures(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The figures of a run.
     *
     * @param residual what verification found left (null when no target was verified)
     */
    public record Figures(long runId, long matched, long purged, long masked, long review, long failed, long refused,
            Long residual, int targets, int targetsVerified, int targetsFailed, boolean dryRun) {

        public long changed() {
            return purged + masked;
        }
    }

    public Figures of(long runId) {
        return jdbc.queryForObject("""
                select count(p.*), count(p.*) filter (where p.state = 'DONE' and p.action = 'PURGE'),
                       count(p.*) filter (where p.state = 'DONE' and p.action = 'MASK'),
                       count(p.*) filter (where p.action = 'REVIEW'),
                       count(p.*) filter (where p.state = 'FAILED'),
                       count(p.*) filter (where p.state = 'REFUSED')
                from remediation_plan_state p where p.run_id = ?
                """, (rs, i) -> {
                    long[] plan = {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                        rs.getLong(6)};
                    return jdbc.queryForObject("""
                            select cast(sum(t.residual) as bigint), count(*), count(*) filter (where t.state = 'VERIFIED'),
                                   count(*) filter (where t.state = 'FAILED'), bool_or(r.dry_run)
                            from run_target t join remediation_run r on r.run_id = t.run_id where t.run_id = ?
                            """, (rs2, j) -> new Figures(runId, plan[0], plan[1], plan[2], plan[3], plan[4], plan[5],
                            (Long) rs2.getObject(1, Long.class), rs2.getInt(2), rs2.getInt(3), rs2.getInt(4),
                            rs2.getBoolean(5)), runId);
                }, runId);
    }

    /** The verdict the figures of a run support. */
    public String verdict(long runId) {
        Figures f = of(runId);
        if (f.dryRun()) {
            return DRY_RUN;
        }
        boolean compliant = f.targets() > 0 && f.targetsVerified() == f.targets() && f.failed() == 0
                && f.refused() == 0 && f.residual() != null && f.residual() == 0;
        return compliant ? COMPLIANT : NOT_COMPLIANT;
    }

    /** The feed lines a run's import brought in (accepted or updated) and rejected: {@code [imported, rejected]}. */
    public long[] imported(long runId) {
        List<Long> ids = jdbc.queryForList("""
                select distinct cast(p.parameter_value as bigint) from batch_job_execution_params p
                join batch_job_execution e on e.job_execution_id = p.job_execution_id
                where e.job_instance_id = ? and p.parameter_name = 'import.id'
                """, Long.class, runId);
        if (ids.isEmpty()) {
            return new long[] {0, 0};
        }
        return jdbc.queryForObject("select coalesce(sum(accepted + updated), 0), coalesce(sum(rejected), 0)"
                + " from feed_file where import_id = any(?)", (rs, i) -> new long[] {rs.getLong(1), rs.getLong(2)},
                (Object) ids.toArray(new Long[0]));
    }

    /**
     * The latest execution of a run that remediates ({@code nightly} or {@code remediate}, not a dry run),
     * or null when there is none: the evidence a court monitor asks for, which a later {@code verify}
     * (completed, failed or dead) or a dry run must not displace.
     */
    public Long latestRemediationExecution() {
        return jdbc.queryForObject("select max(e.job_execution_id) from batch_job_execution e"
                + " join remediation_run r on r.run_id = e.job_instance_id"
                + " where r.job in ('nightly', 'remediate') and not r.dry_run", Long.class);
    }

    /** The verdict recorded for a run when its report was written, or null. */
    public String recordedVerdict(long runId) {
        List<String> verdicts = jdbc.queryForList("select verdict from remediation_run where run_id = ?", String.class,
                runId);
        return verdicts.isEmpty() ? null : verdicts.get(0);
    }

    /** The run of a job execution (its job instance). */
    public Long runOf(long executionId) {
        List<Long> ids = jdbc.queryForList("select job_instance_id from batch_job_execution where job_execution_id = ?",
                Long.class, executionId);
        return ids.isEmpty() ? null : ids.get(0);
    }
}
