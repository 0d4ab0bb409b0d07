package org.sealing.run;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.batch.core.job.JobExecutionException;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.partition.PartitionStep;
import org.springframework.batch.core.partition.StepExecutionSplitter;
import org.springframework.batch.core.partition.support.SimpleStepExecutionSplitter;
import org.springframework.batch.core.partition.support.TaskExecutorPartitionHandler;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import org.sealing.SealingProperties;
import org.sealing.catalog.TargetDefinition;
import org.sealing.ledger.RunRecords;
import org.sealing.policy.Policy;

/**
 * The targets step of a remediation job: a Spring Batch partitioned step with one partition per target
 * ({@code targets:T}), computed when the step runs from the definitions the run recorded, each running that
 * target's flow ({@link TargetPartitionStep}). With {@code SEALING_BROKER_URL} set, the partitions are sent to
 * {@code sealctl worker} processes ({@link RemotePartitionHandler}, {@link PartitionWorker}); otherwise, in this
 * process, at most {@code parallel-targets} partitions at once, the longest target first (see {@link TargetOrder}).
 * A target that fails fails its partition alone;
 * the others go on, and the step ends FAILED once all have ended, so that the report step runs and a restart
 * runs again only the partitions (and, in them, the steps) that did not complete.
 * <p>
 * The partitions and this step carry no counts of their own (the rows read and written are counted by the
 * target's chunk steps only), so Spring Batch's sum of the partitions into this step counts nothing twice.
 */
@Component
class TargetPartitions {

    static final String STEP = "targets";
    static final String PARTITION = "target";

    private final JobRepository jobRepository;
    private final TargetFlows flows;
    private final TargetOrder order;
    private final RunDefinitions definitions;
    private final SealingProperties properties;
    private final Environment env;
    private final JdbcTemplate jdbc;
    private final RunRecords runs;

    TargetPartitions(JobRepository jobRepository, TargetFlows flows, TargetOrder order,
            RunDefinitions definitions, SealingProperties properties, Environment env, JdbcTemplate jdbc,
            RunRecords runs) {
        this.jobRepository = jobRepository;
        this.flows = flows;
        this.order = order;
        this.definitions = definitions;
        this.properties = properties;
        this.env = env;
        this.jdbc = jdbc;
        this.runs = runs;
    }

    /**
     * The partitioned step; {@code targets} and {@code policy} serve only a run that recorded no definitions
     * (started by an older version), whose partitions are then these.
     */
    Step step(List<TargetDefinition> targets, Policy policy) {
        TargetPartitionStep.RunTargets runTargets = runId -> {
            RunDefinitions.Restored recorded = definitions.recorded(runId);
            return recorded != null ? recorded : new RunDefinitions.Restored(targets, policy, List.of());
        };
        ManagerStep manager = new ManagerStep(jobRepository);
        manager.setName(STEP);
        Broker broker = Broker.of(env);
        if (broker != null) {
            // the partitions go to sealctl worker processes; a broker that cannot be used stops the run before it
            // starts
            broker.connect().destroy();
            manager.setPartitionHandler(new RemotePartitionHandler(broker, jobRepository, jdbc, runs));
        } else {
            TargetPartitionStep partition = new TargetPartitionStep(PARTITION, jobRepository, flows, runTargets);
            OrderedHandler handler = new OrderedHandler();
            SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor("target-");
            executor.setConcurrencyLimit(properties.remediation().parallelTargets());
            handler.setTaskExecutor(executor);
            handler.setStep(partition);
            manager.setPartitionHandler(handler);
        }
        manager.setStepExecutionSplitter(splitter(runTargets));
        return manager;
    }

    /** The step a {@code sealctl worker} runs a partition with: the target's flow, from the run's records. */
    Step workerStep() {
        return new TargetPartitionStep(PARTITION, jobRepository, flows, runId -> {
            RunDefinitions.Restored recorded = definitions.recorded(runId);
            if (recorded == null) {
                throw new IllegalStateException("run " + runId + " recorded no target definitions (started by an"
                        + " older version): run it without SEALING_BROKER_URL");
            }
            return recorded;
        });
    }

    /** One partition per target the run recorded, named after it, with its place in the start order. */
    private StepExecutionSplitter splitter(TargetPartitionStep.RunTargets runTargets) {
        return new StepExecutionSplitter() {
            @Override
            public String getStepName() {
                return STEP;
            }

            @Override
            public Set<StepExecution> split(StepExecution manager, int gridSize) throws JobExecutionException {
                List<TargetDefinition> targets = runTargets.apply(TargetSteps.runId(manager)).targets();
                Map<String, ExecutionContext> partitions = new LinkedHashMap<>();
                int place = 0;
                for (TargetDefinition target : order.of(targets)) {
                    ExecutionContext context = new ExecutionContext();
                    context.putString(TargetPartitionStep.TARGET, target.name());
                    context.putInt(TargetPartitionStep.ORDER, place++);
                    partitions.put(target.name(), context);
                }
                return new SimpleStepExecutionSplitter(jobRepository, STEP, size -> partitions)
                        .split(manager, gridSize);
            }
        };
    }

    /** Starts the partitions in their order (the longest target first) rather than in a set's. */
    private static final class OrderedHandler extends TaskExecutorPartitionHandler {
        @Override
        protected Set<StepExecution> doHandle(StepExecution manager, Set<StepExecution> partitions) throws Exception {
            Set<StepExecution> ordered = new LinkedHashSet<>();
            partitions.stream().sorted(Comparator.comparingInt(
                    (StepExecution p) -> p.getExecutionContext().getInt(TargetPartitionStep.ORDER, 0)))
                    .forEach(ordered::add);
            return super.doHandle(manager, ordered);
        }
    }

    /**
     * The partitioned step, which ends FAILED without an exception of its own when a partition failed: the
     * reason is that of the target's failed step, which status and the run's output show.
     */
    private static final class ManagerStep extends PartitionStep {
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
}
