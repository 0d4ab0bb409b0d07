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

import org.sealing.SealingProperties;
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
    private final ZoneId courtZone;

    public ExecutionHistory(JdbcTemplate jdbc, ExecutionLocks locks, List<ExecutionCounts> counts,
            SealingProperties properties) {
        this.jdbc = jdbc;
        this.locks = locks;
        this.counts = counts;
        this.courtZone = properties.zone();
    }

    /**
     * One execution as operators see it.
     *
     * @param status     Spring Batch's status, or DEAD for a running execution whose process is gone
     * @param startTime  when it started (and {@code endTime} when it ended), in the court's zone
     *                   ({@code SEALING_ZONE})
     * @param failedStep the step that failed or stopped, or null
     * @param reason     the most specific line of its error, or null
     */
    public record Execution(long executionId, String job, String status, OffsetDateTime startTime,
            OffsetDateTime endTime, String exitCode, String failedStep, String reason, Map<String, Object> counts,
            String verdict, Long resumes, Long resumedBy) {
    }

    /** The columns of an execution, with the executions of the same run just before and after it. */
    private static final String COLUMNS = """
            select e.job_execution_id, i.job_name, e.status, e.create_time, e.start_time, e.end_time, e.exit_code,
                   e.exit_message,
                   (select max(p.job_execution_id) from batch_job_execution p
                    where p.job_instance_id = e.job_instance_id and p.job_execution_id < e.job_execution_id),
                   (select min(n.job_execution_id) from batch_job_execution n
                    where n.job_instance_id = e.job_instance_id and n.job_execution_id > e.job_execution_id)
            from batch_job_execution e join batch_job_instance i on i.job_instance_id = e.job_instance_id
            """;

    public List<Execution> recent(int limit) {
        return jdbc.query(COLUMNS + " order by e.job_execution_id desc limit ?", (rs, i) -> toExecution(rs), limit);
    }

    public Execution one(long executionId) {
        List<Execution> found = jdbc.query(COLUMNS + " where e.job_execution_id = ?", (rs, i) -> toExecution(rs),
                executionId);
        return found.isEmpty() ? null : found.get(0);
    }

    private Execution toExecution(java.sql.ResultSet rs) throws java.sql.SQLException {
        return toExecution(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getTimestamp(4), rs.getTimestamp(5),
                rs.getTimestamp(6), rs.getString(7), rs.getString(8), (Long) rs.getObject(9, Long.class),
                (Long) rs.getObject(10, Long.class));
    }

    /**
     * The executions the repository says are running, split into those a process really runs and
     * those whose process died ({@code DEAD} in {@code status}), by the same test as {@code status}.
     */
    public record Liveness(int running, int dead) {
    }

    public Liveness liveness() {
        List<Object[]> unfinished = jdbc.query("""
                select e.job_execution_id, i.job_name, e.status, e.create_time
                from batch_job_execution e join batch_job_instance i on i.job_instance_id = e.job_instance_id
                where e.status in ('STARTING', 'STARTED', 'STOPPING')
                """, (rs, i) -> new Object[] {rs.getLong(1), rs.getString(2), rs.getString(3), rs.getTimestamp(4)});
        int running = 0;
        int dead = 0;
        for (Object[] e : unfinished) {
            if ("DEAD".equals(shown((Long) e[0], (String) e[1], (String) e[2], (Timestamp) e[3]))) {
                dead++;
            } else {
                running++;
            }
        }
        return new Liveness(running, dead);
    }

    /** Spring Batch's status, or DEAD when it says running but no process holds the execution's lock. */
    private String shown(long id, String job, String status, Timestamp created) {
        if (("STARTING".equals(status) || "STARTED".equals(status) || "STOPPING".equals(status))
                && !locks.isRunningSomewhere(id)
                && (JobRunner.locksOf(job).stream().noneMatch(locks::isJobLocked)
                    || Duration.between(created.toLocalDateTime(), LocalDateTime.now()).compareTo(STARTUP_GRACE) > 0)) {
            return "DEAD";
        }
        return status;
    }

    private Execution toExecution(long id, String job, String status, Timestamp created, Timestamp started,
            Timestamp ended, String exitCode, String exitMessage, Long resumes, Long resumedBy) {
        String shown = shown(id, job, status, created);
        String failedStep = null;
        String reason = null;
        if (!"COMPLETED".equals(status) && !"STARTING".equals(status) && !"STARTED".equals(status)) {
            List<String[]> steps = jdbc.query("""
                    select step_name, exit_message from batch_step_execution
                    where job_execution_id = ? and status in ('FAILED', 'STOPPED', 'STOPPING', 'UNKNOWN', 'STARTED')
                    order by status = 'FAILED' and coalesce(exit_message, '') <> '' desc, step_execution_id desc
                    limit 1
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
            reason = "its process died (killed or crashed); " + (resumedBy == null
                    ? "resume it with: sealctl restart " + id : "resumed by execution " + resumedBy);
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
                verdict, resumes, resumedBy);
    }

    /**
     * The line of an exit message that says what went wrong: Spring Batch stores a whole stack
     * trace; the line is its reason for a user, without class names or framework wrappers.
     */
    static String reasonOf(String exitMessage) {
        return FailureMessages.ofTrace(exitMessage);
    }

    /** Spring Batch keeps times without a zone, in this machine's; shown, they are the court's. */
    private OffsetDateTime offset(Timestamp t) {
        return t == null ? null : t.toLocalDateTime().atZone(ZoneId.systemDefault()).withZoneSameInstant(courtZone)
                .toOffsetDateTime();
    }
}
