package org.sealing.run;

import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The stock Spring Batch builders over the one job repository and control transaction manager,
 * which every step of a remediation job shares.
 */
@Component
class BatchBuilders {

    private final JobRepository jobRepository;
    private final PlatformTransactionManager transactionManager;

    BatchBuilders(JobRepository jobRepository, PlatformTransactionManager transactionManager) {
        this.jobRepository = jobRepository;
        this.transactionManager = transactionManager;
    }

    JobRepository jobRepository() {
        return jobRepository;
    }

    StepBuilder step(String name) {
        return new StepBuilder(name, jobRepository);
    }

    PlatformTransactionManager transactionManager() {
        return transactionManager;
    }

    /** A step that runs its tasklet once, in a control transaction. */
    Step tasklet(String name, Tasklet tasklet, StepExecutionListener listener) {
        return step(name).tasklet(tasklet, transactionManager).listener(listener).build();
    }
}
