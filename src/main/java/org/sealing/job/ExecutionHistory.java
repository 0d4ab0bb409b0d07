package org.sealing.job;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import org.sealing.support.FailureMessages;

/**
 * The executions operators ask about, read straight from Spring Batch's tables: what ran, how it
 * ended, where and why it failed, with its job's figures, and whether an execution that still says
 * it is running really is or its process died.
 */
@Component
public class ExecutionHistory {

    /**
     * How long a just-created execution may go without its liveness lock while its job's lock is
     * held (the moments between Spring Batch creating it and the job taking the lock).
     */
    private static final Duration STARTUP_GRACE = Duration.ofSeconds(15);

    private final JdbcTemplate jdbc;
    private final ExecutionLocks locks;
    private final List<ExecutionCounts> counts;

    public ExecutionHistory(JdbcTemplate jdbc, ExecutionLocks locks, List<ExecutionCounts> counts) {
        this.jdbc = jdbc;
        this.locks = locks;
        this.counts = counts;
    }

    /**
     * One execution as operators see it.
     *
     * @param status     Spring Batch's status, or DEAD for a running execution whose process is gone
     * @param failedStep the step that failed or stopped, or null
     * @param reason     the most specific line of its error, or null
     */
    public record Execution(long executionId, String job, String status, OffsetDateTime startTime,
            OffsetDateTime endTime, String exitCode, String failedStep, String reason, Map<String, Object> counts,
            String verdict) {
    }

    public List<Execution> recent(int limit) {
        return jdbc.query("""
                select e.job_execution_id, i.job_name, e.status, e.create_time, e.start_time, e.end_time, e.exit_code,
                       e.exit_message
                from batch_job_execution e join batch_job_instance i on i.job_instance_id = e.job_instance_id
                order by e.job_execution_id desc limit ?
                """, (rs, i) -> toExecution(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getTimestamp(4),
                rs.getTimestamp(5), rs.getTimestamp(6), rs.getString(7), rs.getString(8)), limit);
    }

    public Execution one(long executionId) {
        List<Execution> found = jdbc.query("""
                select e.job_execution_id, i.job_name, e.status, e.create_time, e.start_time, e.end_time, e.exit_code,
                       e.exit_message
                from batch_job_execution e join batch_job_instance i on i.job_instance_id = e.job_instance_id
                where e.job_execution_id = ?
                """, (rs, i) -> toExecution(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getTimestamp(4),
                rs.getTimestamp(5), rs.getTimestamp(6), rs.getString(7), rs.getString(8)), executionId);
        return found.isEmpty() ? null : found.get(0);
    }

    private Execution toExecution(long id, String job, String status, Timestamp created, Timestamp started,
            Timestamp ended, String exitCode, String exitMessage) {
        String shown = status;
        if (("STARTING".equals(status) || "STARTED".equals(status) || "STOPPING".equals(status))
                && !locks.isRunningSomewhere(id)
                && (JobRunner.locksOf(job).stream().noneMatch(locks::isJobLocked)
                    || Duration.between(created.toLocalDateTime(), LocalDateTime.now()).compareTo(STARTUP_GRACE) > 0)) {
            shown = "DEAD";
        }
        String failedStep = null;
        String reason = null;
        if (!"COMPLETED".equals(status) && !"STARTING".equals(status) && !"STARTED".equals(status)) {
            List<String[]> steps = jdbc.query("""
                    select step_name, exit_message from batch_step_execution
                    where job_execution_id = ? and status in ('FAILED', 'STOPPED', 'STOPPING', 'UNKNOWN', 'STARTED')
                    order by step_execution_id desc limit 1
                    """, (rs, i) -> new String[] {rs.getString(1), rs.getString(2)}, id);
            if (!steps.isEmpty()) {
                failedStep = steps.get(0)[0];
                reason = reasonOf(steps.get(0)[1]);
            }
            if (reason == null) {
                reason = reasonOf(exitMessage);
            }
        }
        if ("DEAD".equals(shown)) {
            reason = "its process died (killed or crashed); resume it with: sealctl restart " + id;
        }
        Map<String, Object> figures = new LinkedHashMap<>();
        String verdict = null;
        for (ExecutionCounts c : counts) {
            if (c.supports(job)) {
                figures.putAll(c.counts(id));
                // the verdict is the run's; an execution that did not complete did not reach it
                verdict = "COMPLETED".equals(status) ? c.verdict(id) : null;
            }
        }
        return new Execution(id, job, shown, offset(started), offset(ended), exitCode, failedStep, reason, figures,
                verdict);
    }

    /**
     * The line of an exit message that says what went wrong: Spring Batch stores a whole stack
     * trace; the line is its reason for a user, without class names or framework wrappers.
     */
    static String reasonOf(String exitMessage) {
        return FailureMessages.ofTrace(exitMessage);
    }

    private static OffsetDateTime offset(Timestamp t) {
        return t == null ? null : t.toLocalDateTime().atZone(ZoneId.systemDefault()).toOffsetDateTime();
    }
}
