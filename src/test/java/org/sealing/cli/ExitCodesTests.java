package org.sealing.cli;

import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.step.StepExecution;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Why a run failed names the step that failed inside a target's partition, not the partition
 * ({@code targets:T}) or the partitioned step ({@code targets}) that fail with it.
 */
class ExitCodesTests {

    @Test
    void theFailedStepNamedIsTheTargetsStepNotItsPartitionOrThePartitionedStep() {
        JobExecution execution = new JobExecution(7, new JobInstance(3, "remediate"), new JobParameters());
        execution.setStatus(BatchStatus.FAILED);
        failed(execution, 10, "targets", "lost the lock");
        failed(execution, 11, "targets:booking", "lost the lock");
        failed(execution, 12, "targets:cases", "lost the lock");
        failed(execution, 15, "plan.booking", "lost the lock");

        assertThat(ExitCodes.failureOf(execution)).isEqualTo("step plan.booking: lost the lock");

        failed(execution, 16, "apply.cases.purge", "lost the lock");
        assertThat(ExitCodes.failureOf(execution))
                .isEqualTo("step plan.booking: lost the lock (and 1 more failed step: sealctl status 7 lists them)");
    }

    @Test
    void aPartitionThatFailedBeforeAnyOfItsStepsIsNamed() {
        JobExecution execution = new JobExecution(8, new JobInstance(4, "remediate"), new JobParameters());
        execution.setStatus(BatchStatus.FAILED);
        failed(execution, 20, "targets:booking", "no definition");

        assertThat(ExitCodes.failureOf(execution)).isEqualTo("step targets:booking: no definition");
    }

    private static void failed(JobExecution execution, long id, String name, String reason) {
        StepExecution step = new StepExecution(id, name, execution);
        step.setStatus(BatchStatus.FAILED);
        step.addFailureException(new IllegalStateException(reason));
        execution.addStepExecution(step);
    }
}
