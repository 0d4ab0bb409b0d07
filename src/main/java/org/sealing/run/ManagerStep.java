package org.sealing.run;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecutionException;
import org.springframework.batch.core.partition.PartitionStep;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;

/**
 * A partitioned step of a remediation job ({@link TargetPartitions}), which ends FAILED without an exception of
 * its own when a partition failed: the reason is that of the target's failed step, which status and the run's
 * output show.
 */
final class ManagerStep extends PartitionStep {

    ManagerStep(JobRepository jobRepository) {
        super(jobRepository);
    }

    @Override
    protected void doExecute(StepExecution stepExecution) throws Exception {
        try {
            super.doExecute(stepExecution);
        } catch (JobExecutionException e) {
            if (stepExecution.getStatus() != BatchStatus.FAILED) {
                throw e;
            }
        }
    }
}
