package org.sealing.job;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.stereotype.Component;

/**
 * Holds an execution's liveness lock while this process runs it; every job registers it, so that
 * {@code status} can tell a running execution from one whose process died.
 */
@Component
public class ExecutionLivenessListener implements JobExecutionListener {

    private final ExecutionLocks locks;

    public ExecutionLivenessListener(ExecutionLocks locks) {
        this.locks = locks;
    }

    @Override
    public void beforeJob(JobExecution jobExecution) {
        locks.holdExecution(jobExecution.getId());
        // every log line of the execution names it (steps in other threads set it again)
        org.slf4j.MDC.put("execution", "e" + jobExecution.getId());
    }

    @Override
    public void afterJob(JobExecution jobExecution) {
        locks.releaseExecution(jobExecution.getId());
        org.slf4j.MDC.remove("execution");
    }
}
