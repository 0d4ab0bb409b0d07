package org.sealing.run;

import java.util.List;

import org.springframework.batch.core.job.builder.FlowBuilder;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.flow.Flow;
import org.springframework.batch.core.job.flow.support.SimpleFlow;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The stock Spring Batch builders over the one job repository and control transaction manager,
 * which every step of a remediation job shares, and the split that runs flows side by side.
 */
@Component
class BatchBuilders {

    private final JobRepository jobRepository;
    private final PlatformTransactionManager transactionManager;

    BatchBuilders(JobRepository jobRepository, PlatformTransactionManager transactionManager) {
        this.jobRepository = jobRepository;
        this.transactionManager = transactionManager;
    }

    JobBuilder job(String name) {
        return new JobBuilder(name, jobRepository);
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

    /** The flows side by side, at most {@code limit} at once, in threads named after {@code threads}. */
    static Flow split(String name, String threads, int limit, List<Flow> flows) {
        SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor(threads);
        executor.setConcurrencyLimit(limit);
        return new FlowBuilder<SimpleFlow>(name).split(executor).add(flows.toArray(new Flow[0])).build();
    }
}
