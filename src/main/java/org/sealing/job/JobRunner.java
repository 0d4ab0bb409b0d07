package org.sealing.job;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Component;

import org.sealing.support.ConfigurationException;
import org.sealing.support.RefusedException;

/**
 * Starts, restarts and stops executions the way operators need: one execution at a time per job (or
 * group of jobs that write the same thing) for the whole control database, whichever machine runs
 * it; a dead execution recovered before it is restarted; and a refusal that says which execution holds
 * the job.
 */
@Component
public class JobRunner {

    /** Jobs that must not overlap share a lock: every job that writes the register takes "register". */
    private static final Map<String, String> LOCKS = Map.of("import", "register");

    private final JobOperator jobOperator;
    private final JobRepository jobRepository;
    private final ExecutionLocks locks;
    private final List<Job> jobs;

    public JobRunner(JobOperator jobOperator, JobRepository jobRepository, ExecutionLocks locks, List<Job> jobs) {
        this.jobOperator = jobOperator;
        this.jobRepository = jobRepository;
        this.locks = locks;
        this.jobs = jobs;
    }

    static String lockOf(String jobName) {
        return LOCKS.getOrDefault(jobName, jobName);
    }

    /** Runs a job now, in this thread, and returns its finished execution. */
    public JobExecution start(String jobName, JobParameters parameters) {
        Job job = job(jobName);
        String lock = lockOf(jobName);
        if (!locks.tryLockJob(lock)) {
            throw new RefusedException("another execution of " + jobName + " is running: " + holder(lock)
                    + "; wait for it, or stop it with: sealctl stop EXECUTION_ID");
        }
        try {
            return jobOperator.start(job, parameters);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start " + jobName + ": " + e.getMessage(), e);
        } finally {
            locks.unlockJob(lock);
        }
    }

    /**
     * Resumes a failed, stopped or dead execution from where it stopped. An execution whose process
     * died still says STARTED in the repository; it is marked FAILED first, which is what it is.
     */
    public JobExecution restart(long executionId) {
        JobExecution execution = execution(executionId);
        String jobName = execution.getJobInstance().getJobName();
        String lock = lockOf(jobName);
        if (!locks.tryLockJob(lock)) {
            throw new RefusedException("another execution of " + jobName + " is running: " + holder(lock));
        }
        try {
            execution = execution(executionId);
            if (execution.getStatus().isRunning()) {
                if (locks.isRunningSomewhere(executionId)) {
                    throw new RefusedException("execution " + executionId + " is still running");
                }
                execution = jobOperator.recover(execution);
            }
            JobExecution latest = latestOf(execution.getJobInstance());
            if (latest.getId() != executionId) {
                throw new ConfigurationException("execution " + executionId + " was already restarted as execution "
                        + latest.getId() + " (" + latest.getStatus() + "); restart that one instead");
            }
            if (execution.getStatus() == BatchStatus.COMPLETED) {
                throw new ConfigurationException("execution " + executionId + " completed; there is nothing to"
                        + " restart");
            }
            if (execution.getStatus() == BatchStatus.ABANDONED) {
                throw new ConfigurationException("execution " + executionId + " was abandoned and cannot be restarted");
            }
            return jobOperator.restart(execution);
        } catch (ConfigurationException | RefusedException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("cannot restart execution " + executionId + ": " + e.getMessage(), e);
        } finally {
            locks.unlockJob(lock);
        }
    }

    /**
     * Asks a running execution to stop at its next chunk boundary, wherever it runs: its status
     * becomes STOPPING in the repository, which the running step reads at every chunk commit.
     * (JobOperator.stop also updates the step from this process's stale copy of it, which fails
     * with an optimistic-locking error while another process is writing that step.)
     */
    public JobExecution stop(long executionId) {
        for (int attempt = 0; ; attempt++) {
            JobExecution execution = execution(executionId);
            if (!execution.getStatus().isRunning()) {
                throw new ConfigurationException("execution " + executionId + " is not running ("
                        + execution.getStatus() + ")");
            }
            if (!locks.isRunningSomewhere(executionId)) {
                throw new ConfigurationException("execution " + executionId + " is dead: its process is gone;"
                        + " resume it with: sealctl restart " + executionId);
            }
            execution.setStatus(BatchStatus.STOPPING);
            try {
                jobRepository.update(execution);
                return execution;
            } catch (OptimisticLockingFailureException e) {
                if (attempt >= 10) {
                    throw new IllegalStateException("cannot stop execution " + executionId + ": it kept changing", e);
                }
            }
        }
    }

    public JobExecution execution(long executionId) {
        JobExecution execution = jobRepository.getJobExecution(executionId);
        if (execution == null) {
            throw new ConfigurationException("no execution " + executionId);
        }
        return execution;
    }

    private JobExecution latestOf(JobInstance instance) {
        return jobRepository.getJobExecutions(instance).stream()
                .max(Comparator.comparingLong(JobExecution::getId)).orElseThrow();
    }

    private String holder(String lock) {
        for (Job job : jobs) {
            if (!lockOf(job.getName()).equals(lock)) {
                continue;
            }
            Set<JobExecution> running = jobRepository.findRunningJobExecutions(job.getName());
            for (JobExecution e : running) {
                if (locks.isRunningSomewhere(e.getId())) {
                    return job.getName() + " execution " + e.getId() + " started " + e.getStartTime();
                }
            }
        }
        return "an execution that is starting";
    }

    private Job job(String name) {
        return jobs.stream().filter(j -> j.getName().equals(name)).findFirst()
                .orElseThrow(() -> new ConfigurationException("no job named " + name));
    }
}
