package org.sealing.job;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Holds an execution's liveness lock while this process runs it, and watches it: every job registers
 * it, so that {@code status} can tell a running execution from one whose process died. Every two
 * seconds it checks on the server that the lock is still held and reads whether someone asked the
 * execution to stop. Either way, what the execution runs ends now: no further step starts, running
 * steps end at their next chunk boundary, and a statement one of them waits on in a target is
 * cancelled. An execution whose lock was lost ends FAILED with the reason, since another node may
 * already be taking it over; it is never locked again.
 */
@Component
public class ExecutionLivenessListener implements JobExecutionListener, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ExecutionLivenessListener.class);
    private static final long CHECK_SECONDS = 2;

    private final ExecutionLocks locks;
    private final RunningStatements statements;
    private final JobRepository jobRepository;
    private final JdbcTemplate jdbc;
    private final Map<Long, JobExecution> running = new ConcurrentHashMap<>();
    private ScheduledExecutorService monitor;

    public ExecutionLivenessListener(ExecutionLocks locks, RunningStatements statements, JobRepository jobRepository,
            JdbcTemplate jdbc) {
        this.locks = locks;
        this.statements = statements;
        this.jobRepository = jobRepository;
        this.jdbc = jdbc;
    }

    @Override
    public void beforeJob(JobExecution jobExecution) {
        locks.holdExecution(jobExecution.getId());
        running.put(jobExecution.getId(), jobExecution);
        startMonitor();
        // every log line of the execution names it (steps in other threads set it again)
        MDC.put("execution", "e" + jobExecution.getId());
    }

    @Override
    public void afterJob(JobExecution jobExecution) {
        long id = jobExecution.getId();
        try {
            running.remove(id);
            // a loss the monitor has not seen yet is seen now
            locks.verify();
            String lost = locks.lostReason(id);
            if (lost != null && jobExecution.getStatus() != BatchStatus.COMPLETED) {
                fail(jobExecution, lost);
            }
        } finally {
            locks.releaseExecution(id);
            MDC.remove("execution");
        }
    }

    /**
     * Ends what an execution of this process runs now: no further step starts, its steps end at their
     * next chunk boundary (see {@link StepInterruption}), and statements they run in targets are
     * cancelled. Called when a stop is requested or its lock is lost; harmless when repeated.
     */
    /** Why an execution of this process lost its lock, or null while it holds it. */
    public String lostReason(long executionId) {
        return locks.lostReason(executionId);
    }

    public void interrupt(long executionId) {
        JobExecution execution = running.get(executionId);
        if (execution == null) {
            return;
        }
        if (execution.getStatus().isLessThan(BatchStatus.STOPPING)) {
            execution.setStatus(BatchStatus.STOPPING);
        }
        for (StepExecution step : execution.getStepExecutions()) {
            if (step.getStatus().isRunning()) {
                step.setTerminateOnly();
            }
        }
        statements.cancel(executionId);
    }

    private synchronized void startMonitor() {
        if (monitor == null) {
            monitor = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "execution-monitor");
                t.setDaemon(true);
                return t;
            });
            monitor.scheduleWithFixedDelay(this::check, CHECK_SECONDS, CHECK_SECONDS, TimeUnit.SECONDS);
        }
    }

    private void check() {
        if (running.isEmpty()) {
            return;
        }
        try {
            locks.verify();
            for (long id : running.keySet()) {
                if (locks.lostReason(id) != null) {
                    interrupt(id);
                }
            }
            String ids = running.keySet().stream().map(String::valueOf).collect(Collectors.joining(","));
            List<Long> stopping = ids.isEmpty() ? List.of() : jdbc.queryForList("select job_execution_id from"
                    + " batch_job_execution where status = 'STOPPING' and job_execution_id in (" + ids + ")", Long.class);
            stopping.forEach(this::interrupt);
        } catch (RuntimeException e) {
            // the control database may be unreachable for a moment; the next check tries again
            log.debug("checking the running executions: {}", e.getMessage());
        }
    }

    /**
     * Marks an execution whose lock was lost FAILED with the reason, and its steps that stopped for it
     * (so that {@code status} and a restart read what happened).
     */
    private void fail(JobExecution execution, String reason) {
        LostLockException failure = new LostLockException(reason);
        for (StepExecution step : execution.getStepExecutions()) {
            BatchStatus status = step.getStatus();
            if (status == BatchStatus.STOPPED || status == BatchStatus.STOPPING || status.isRunning()) {
                step.setStatus(BatchStatus.FAILED);
                step.setExitStatus(ExitStatus.FAILED.addExitDescription(reason));
                step.getFailureExceptions().clear();
                step.addFailureException(failure);
                try {
                    jobRepository.update(step);
                } catch (RuntimeException e) {
                    log.debug("cannot mark step {} failed: {}", step.getStepName(), e.getMessage());
                }
            }
        }
        execution.setStatus(BatchStatus.FAILED);
        execution.setExitStatus(ExitStatus.FAILED.addExitDescription(reason));
        execution.getFailureExceptions().clear();
        execution.addFailureException(failure);
        log.error("execution {}: {}", execution.getId(), reason);
    }

    @Override
    public synchronized void destroy() {
        if (monitor != null) {
            monitor.shutdownNow();
            monitor = null;
        }
    }

    /** The reason an execution ended: the lock that proved it alive was lost. */
    static final class LostLockException extends RuntimeException {
        LostLockException(String message) {
            super(message, null, false, false);
        }
    }
}
