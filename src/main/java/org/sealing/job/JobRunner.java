package org.sealing.job;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.configuration.JobRegistry;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
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

    /** The jobs there are, and what each writes: jobs that write the same thing never overlap. */
    private static final Map<String, List<String>> LOCKS = Map.of(
            "import", List.of("register"),
            "nightly", List.of("register", "remediation"),
            "remediate", List.of("remediation"),
            "verify", List.of("remediation"));

    private final JobOperator jobOperator;
    private final JobRepository jobRepository;
    private final JobRegistry jobRegistry;
    private final ExecutionLocks locks;
    /** The running execution's process writes it all the time: a stop that lost the race reads it again. */
    private final RetryTemplate stopRetry = new RetryTemplate(RetryPolicy.builder()
            .includes(OptimisticLockingFailureException.class).maxRetries(10).delay(Duration.ZERO).build());

    public JobRunner(JobOperator jobOperator, JobRepository jobRepository, JobRegistry jobRegistry,
            ExecutionLocks locks) {
        this.jobOperator = jobOperator;
        this.jobRepository = jobRepository;
        this.jobRegistry = jobRegistry;
        this.locks = locks;
    }

    static List<String> locksOf(String jobName) {
        return LOCKS.getOrDefault(jobName, List.of(jobName));
    }

    /** Runs a registered job now, in this thread, and returns its finished execution. */
    public JobExecution start(String jobName, JobParameters parameters) {
        return start(job(jobName), () -> parameters);
    }

    /**
     * Runs a job now and returns its finished execution. The parameters are made once the job's locks
     * are held, so that whatever making them changes (recording an import) never happens for a
     * refused run.
     */
    public JobExecution start(Job job, Supplier<JobParameters> parameters) {
        List<String> held = lock(job.getName());
        try {
            return jobOperator.start(job, parameters.get());
        } catch (ConfigurationException | RefusedException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("cannot start " + job.getName() + ": " + e.getMessage(), e);
        } finally {
            held.forEach(locks::unlockJob);
        }
    }

    /**
     * Resumes a failed, stopped or dead execution from where it stopped; given an execution that an
     * earlier restart already resumed, it resumes the run's latest execution. An execution whose process
     * died still says STARTED in the repository; it is marked FAILED first, which is what it is. The
     * job must be registered (remediation jobs are built from their run's recorded definitions first).
     */
    public JobExecution restart(long executionId) {
        JobExecution execution = execution(executionId);
        String jobName = execution.getJobInstance().getJobName();
        List<String> held = lock(jobName);
        try {
            // any execution of a run names the run: the one to resume is its latest
            execution = latestOf(execution(executionId).getJobInstance());
            executionId = execution.getId();
            if (execution.getStatus().isRunning()) {
                if (locks.isRunningSomewhere(executionId)) {
                    throw new RefusedException("execution " + executionId + " is still running");
                }
                execution = jobOperator.recover(execution);
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
            held.forEach(locks::unlockJob);
        }
    }

    /**
     * Asks a running execution to stop at its next chunk boundary, wherever it runs (given an execution
     * that a restart resumed, the run's latest execution, the one running): its status
     * becomes STOPPING in the repository, which the running step reads at every chunk commit.
     * (JobOperator.stop also updates the step from this process's stale copy of it, which fails
     * with an optimistic-locking error while another process is writing that step.)
     */
    public JobExecution stop(long executionId) {
        // any execution of a run names the run: the one to stop is its latest, which may have resumed this one
        long latest = latestOf(execution(executionId).getJobInstance()).getId();
        try {
            return stopRetry.invoke(() -> askToStop(latest));
        } catch (OptimisticLockingFailureException e) {
            throw new IllegalStateException("cannot stop execution " + latest + ": it kept changing", e);
        }
    }

    /** One try at marking a running execution STOPPING, from the repository's latest copy of it. */
    private JobExecution askToStop(long executionId) {
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
        jobRepository.update(execution);
        return execution;
    }

    public JobExecution execution(long executionId) {
        JobExecution execution;
        try {
            execution = jobRepository.getJobExecution(executionId);
        } catch (org.springframework.dao.EmptyResultDataAccessException e) {
            execution = null;
        }
        if (execution == null) {
            throw new ConfigurationException("no execution " + executionId);
        }
        return execution;
    }

    private List<String> lock(String jobName) {
        List<String> held = new ArrayList<>();
        for (String lock : locksOf(jobName)) {
            if (!locks.tryLockJob(lock)) {
                held.forEach(locks::unlockJob);
                throw new RefusedException("another execution of " + jobName + " is running: " + holder(lock)
                        + "; wait for it, or stop it with: sealctl stop EXECUTION_ID");
            }
            held.add(lock);
        }
        return held;
    }

    private JobExecution latestOf(JobInstance instance) {
        return jobRepository.getJobExecutions(instance).stream()
                .max(Comparator.comparingLong(JobExecution::getId)).orElseThrow();
    }

    private String holder(String lock) {
        for (Map.Entry<String, List<String>> job : LOCKS.entrySet()) {
            if (!job.getValue().contains(lock)) {
                continue;
            }
            Set<JobExecution> running = jobRepository.findRunningJobExecutions(job.getKey());
            for (JobExecution e : running) {
                if (locks.isRunningSomewhere(e.getId())) {
                    return job.getKey() + " execution " + e.getId() + " started " + e.getStartTime();
                }
            }
        }
        return "an execution that is starting";
    }

    private Job job(String name) {
        Job job = jobRegistry.getJob(name);
        if (job == null) {
            throw new ConfigurationException("no job named " + name);
        }
        return job;
    }
}
