package org.sealing.run;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobExecutionException;
import org.springframework.batch.core.job.SimpleStepHandler;
import org.springframework.batch.core.job.flow.Flow;
import org.springframework.batch.core.job.flow.FlowExecutionException;
import org.springframework.batch.core.job.flow.FlowJob;
import org.springframework.batch.core.job.flow.JobFlowExecutor;
import org.springframework.batch.core.repository.JobRepository;

/**
 * A flow job whose failed steps are all run again on a restart. Spring Batch's flow marks the last step that
 * ran ABANDONED when it goes on to another step after that one failed (so that a restart does not replay it);
 * a remediation job goes on after a failed step on purpose (a failed target's partitions fail, the other
 * targets are applied and verified, the report is written), and its restart must redo exactly the steps that
 * failed. So this job's flow never abandons a step; its flows go on to a next step only through transitions
 * that mean to.
 */
final class RestartableFlowJob extends FlowJob {

    RestartableFlowJob(String name, JobRepository jobRepository, Flow flow) {
        super(name);
        setJobRepository(jobRepository);
        setFlow(flow);
    }

    @Override
    protected void doExecute(JobExecution execution) throws JobExecutionException {
        try {
            KeepingExecutor executor = new KeepingExecutor(getJobRepository(), execution);
            executor.updateJobExecutionStatus(flow.start(executor).getStatus());
        } catch (FlowExecutionException e) {
            if (e.getCause() instanceof JobExecutionException cause) {
                throw cause;
            }
            throw new JobExecutionException("Flow execution ended unexpectedly", e);
        }
    }

    /** Runs the job's steps, and never marks a failed one ABANDONED. */
    static final class KeepingExecutor extends JobFlowExecutor {
        KeepingExecutor(JobRepository jobRepository, JobExecution execution) {
            super(jobRepository, new SimpleStepHandler(jobRepository), execution);
        }

        @Override
        public void abandonStepExecution() {
            // a failed step stays FAILED, so that a restart runs it again
        }
    }
}
