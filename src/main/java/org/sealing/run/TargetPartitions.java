package org.sealing.run;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.batch.core.job.JobExecutionException;
import org.springframework.batch.core.partition.StepExecutionSplitter;
import org.springframework.batch.core.partition.support.SimpleStepExecutionSplitter;
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
 * The partitioned steps of a remediation job, each with partitions computed when it runs from the definitions
 * the run recorded:
 * <ul>
 * <li>{@code targets}: one partition per target ({@code targets:T}), its restores and its plan;</li>
 * <li>{@code apply}: one partition per range of a planned target's lanes ({@code apply:T.purge},
 * {@code apply:T.mask.t}, {@code apply:T.mask.t#2}...; see {@link ApplyRanges}), the largest first;</li>
 * <li>{@code verify}: one partition per target whose apply completed ({@code verify:T}).</li>
 * </ul>
 * Each partition runs a flow of its target ({@link TargetPartitionStep}). With {@code SEALING_BROKER_URL} set,
 * the partitions are sent to {@code sealctl worker} processes ({@link RemotePartitionHandler},
 * {@link PartitionWorker}); otherwise they run in this process, at most {@code parallel-targets} at once in every
 * step, at most {@code parallel-lanes} of one target ({@link OrderedPartitionHandler}).
 * A target that fails fails its partitions alone; the others go on, and the step ends FAILED once all have
 * ended, so that the report step runs and a restart runs again only the partitions (and, in them, the steps)
 * that did not complete. The apply and verify steps run again on a restart even when they completed, so that a
 * target planned only then is applied and verified.
 * <p>
 * The partitions and these steps carry no counts of their own (the rows read and written are counted by the
 * target's chunk steps only), so Spring Batch's sum of the partitions into each step counts nothing twice.
 */
@Component
class TargetPartitions {

    static final String STEP = "targets";
    static final String APPLY = "apply";
    static final String VERIFY = "verify";
    static final String PARTITION = "target";

    private final JobRepository jobRepository;
    private final TargetFlows flows;
    private final TargetOrder order;
    private final RunDefinitions definitions;
    private final SealingProperties properties;
    private final Environment env;
    private final JdbcTemplate jdbc;
    private final RunRecords runs;
    private final ApplyRanges ranges;

    TargetPartitions(JobRepository jobRepository, TargetFlows flows, TargetOrder order,
            RunDefinitions definitions, SealingProperties properties, Environment env, JdbcTemplate jdbc,
            RunRecords runs, ApplyRanges ranges) {
        this.jobRepository = jobRepository;
        this.flows = flows;
        this.order = order;
        this.definitions = definitions;
        this.properties = properties;
        this.env = env;
        this.jdbc = jdbc;
        this.runs = runs;
        this.ranges = ranges;
    }

    /**
     * Fails, before a job is built, when its partitions are to go to a broker that cannot be used: a run then
     * stops before it starts. Nothing to check when they run in this process.
     */
    void checkBroker() {
        Broker broker = Broker.of(env);
        if (broker != null) {
            broker.connect().destroy();
        }
    }

    /**
     * The partitioned step of this name ({@link #STEP}, {@link #APPLY}, {@link #VERIFY}); {@code targets} and
     * {@code policy} serve only a run that recorded no definitions (started by an older version), whose
     * partitions are then these.
     */
    Step step(String phase, List<TargetDefinition> targets, Policy policy) {
        TargetPartitionStep.RunTargets runTargets = runId -> {
            RunDefinitions.Restored recorded = definitions.recorded(runId);
            return recorded != null ? recorded : new RunDefinitions.Restored(targets, policy, List.of());
        };
        ManagerStep manager = new ManagerStep(jobRepository);
        manager.setName(phase);
        // apply and verify split again on a restart: a target planned only then has partitions of them now
        manager.setAllowStartIfComplete(!phase.equals(STEP));
        Broker broker = Broker.of(env);
        if (broker != null) {
            // the partitions go to sealctl worker processes (the broker was checked when the job was built)
            manager.setPartitionHandler(new RemotePartitionHandler(broker, jobRepository, jdbc, runs));
        } else {
            // as many partitions at once as a worker's consumers take: the targets worked on at once, and in
            // apply as many ranges, at most parallel-lanes of one target (the free places of a run with fewer
            // targets go to its targets' other ranges)
            OrderedPartitionHandler handler = new OrderedPartitionHandler(properties.remediation().parallelTargets(),
                    properties.remediation().parallelLanes());
            handler.setTaskExecutor(new SimpleAsyncTaskExecutor(phase + "-"));
            handler.setStep(partitionStep(runTargets));
            manager.setPartitionHandler(handler);
        }
        manager.setStepExecutionSplitter(splitter(phase, runTargets));
        return manager;
    }

    private TargetPartitionStep partitionStep(TargetPartitionStep.RunTargets runTargets) {
        return new TargetPartitionStep(PARTITION, jobRepository, flows, runTargets, ranges,
                properties.remediation().parallelLanes());
    }

    /** The step a {@code sealctl worker} runs a partition of any of the steps with, from the run's records. */
    Step workerStep() {
        return partitionStep(runId -> {
            RunDefinitions.Restored recorded = definitions.recorded(runId);
            if (recorded == null) {
                throw new IllegalStateException("run " + runId + " recorded no target definitions (started by an"
                        + " older version): run it without SEALING_BROKER_URL");
            }
            return recorded;
        });
    }

    /** The partitions of the step, named after what they work on, each with its place in the start order. */
    private StepExecutionSplitter splitter(String phase, TargetPartitionStep.RunTargets runTargets) {
        return new StepExecutionSplitter() {
            @Override
            public String getStepName() {
                return phase;
            }

            @Override
            public Set<StepExecution> split(StepExecution manager, int gridSize) throws JobExecutionException {
                RunDefinitions.Restored recorded = runTargets.apply(TargetSteps.runId(manager));
                List<TargetDefinition> targets = order.of(recorded.targets());
                Map<String, ExecutionContext> partitions = switch (phase) {
                    case APPLY -> applyPartitions(manager, targets);
                    case VERIFY -> verifyPartitions(manager, targets);
                    default -> targetPartitions(targets);
                };
                Set<StepExecution> split = new SimpleStepExecutionSplitter(jobRepository, phase, size -> partitions)
                        .split(manager, gridSize);
                // a partition restarted takes its last execution's context, which Spring Batch writes after
                // creating it: one killed in between has an empty one, which its partition's names fill again
                for (StepExecution partition : split) {
                    String name = partition.getStepName().substring(phase.length() + 1);
                    if (!partition.getExecutionContext().containsKey(TargetPartitionStep.TARGET)
                            && partitions.containsKey(name)) {
                        partitions.get(name).entrySet().forEach(e -> partition.getExecutionContext()
                                .put(e.getKey(), e.getValue()));
                        jobRepository.updateExecutionContext(partition);
                    }
                }
                return split;
            }
        };
    }

    private static Map<String, ExecutionContext> targetPartitions(List<TargetDefinition> targets) {
        Map<String, ExecutionContext> partitions = new LinkedHashMap<>();
        int place = 0;
        for (TargetDefinition target : targets) {
            partitions.put(target.name(), context(target, STEP, place++));
        }
        return partitions;
    }

    /**
     * A partition per range of each target whose plan completed in the run: the largest ranges first, a target's
     * first ranges before any target's second ones, so that the targets are worked on side by side.
     */
    private Map<String, ExecutionContext> applyPartitions(StepExecution manager, List<TargetDefinition> targets) {
        long runId = TargetSteps.runId(manager);
        Set<String> completed = completedSteps(manager);
        // a target whose partition of the targets step completed (its plan step alone could have completed in a
        // partition that then failed, a worker dying after it: the restart runs that partition again first)
        List<TargetDefinition> planned = targets.stream()
                .filter(t -> completed.contains(STEP + ":" + t.name())).toList();
        Map<String, List<ApplyRanges.Range>> split = ranges.of(runId, planned);
        List<ApplyRanges.Range> all = new ArrayList<>();
        Map<ApplyRanges.Range, Integer> rank = new HashMap<>();
        for (TargetDefinition target : planned) {
            List<ApplyRanges.Range> of = new ArrayList<>(split.getOrDefault(target.name(), List.of()));
            of.sort(Comparator.comparingLong(ApplyRanges.Range::rows).reversed());
            for (int i = 0; i < of.size(); i++) {
                rank.put(of.get(i), i);
            }
            all.addAll(of);
        }
        all.sort(Comparator.comparingInt((ApplyRanges.Range r) -> rank.get(r))
                .thenComparing(Comparator.comparingLong(ApplyRanges.Range::rows).reversed()));
        Map<String, ExecutionContext> partitions = new LinkedHashMap<>();
        int place = 0;
        for (ApplyRanges.Range range : all) {
            TargetDefinition target = targets.stream().filter(t -> t.name().equals(range.target())).findFirst()
                    .orElseThrow();
            String step = range.stepName(LaneSteps.laneOf(target, range.lane()));
            ExecutionContext context = context(target, APPLY, place++);
            context.putString(TargetPartitionStep.LANE, range.lane());
            context.putInt(TargetPartitionStep.PART, range.part());
            context.putString(TargetPartitionStep.STEP, step);
            context.putString(TargetPartitionStep.DESCRIBED, range.describe());
            partitions.put(partitionName(step), context);
        }
        return partitions;
    }

    /**
     * A partition per target to verify: every target, for the verify job; else each target whose plan and every
     * range of whose apply completed in the run (one that failed is verified once a restart has applied it).
     */
    private Map<String, ExecutionContext> verifyPartitions(StepExecution manager, List<TargetDefinition> targets) {
        boolean verifyJob = "verify".equals(manager.getJobExecution().getJobInstance().getJobName());
        long runId = TargetSteps.runId(manager);
        Map<String, List<ApplyRanges.Range>> split = verifyJob ? Map.of() : ranges.recorded(runId);
        Set<String> completed = verifyJob ? Set.of() : completedSteps(manager);
        Map<String, ExecutionContext> partitions = new LinkedHashMap<>();
        int place = 0;
        for (TargetDefinition target : targets) {
            // a target planned has recorded ranges (its apply split it); one never split has no verification yet;
            // the partitions, not only their steps, must have completed (as for the apply step's partitions)
            if (!verifyJob && !(completed.contains(STEP + ":" + target.name()) && split.containsKey(target.name())
                    && split.get(target.name()).stream().allMatch(r -> completed.contains(
                            APPLY + ":" + partitionName(r.stepName(LaneSteps.laneOf(target, r.lane()))))))) {
                continue;
            }
            partitions.put(target.name(), context(target, VERIFY, place++));
        }
        return partitions;
    }

    /** The name of the apply partition that runs this step: {@code T.mask.t#2} of {@code apply.T.mask.t#2}. */
    private static String partitionName(String applyStep) {
        return applyStep.substring("apply.".length());
    }

    private static ExecutionContext context(TargetDefinition target, String phase, int place) {
        ExecutionContext context = new ExecutionContext();
        context.putString(TargetPartitionStep.TARGET, target.name());
        context.putString(TargetPartitionStep.PHASE, phase);
        context.putInt(TargetPartitionStep.ORDER, place);
        return context;
    }

    /** The steps whose last execution in the job instance (this run) completed. */
    private Set<String> completedSteps(StepExecution manager) {
        return new HashSet<>(jdbc.queryForList("""
                select step_name from (
                    select distinct on (s.step_name) s.step_name, s.status
                    from batch_step_execution s
                    join batch_job_execution e on e.job_execution_id = s.job_execution_id
                    where e.job_instance_id = ?
                    order by s.step_name, s.step_execution_id desc) last
                where status = 'COMPLETED'""", String.class, manager.getJobExecution().getJobInstance().getInstanceId()));
    }
}
