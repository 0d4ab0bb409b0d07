package org.sealing.run;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.function.LongFunction;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobExecutionException;
import org.springframework.batch.core.job.SimpleStepHandler;
import org.springframework.batch.core.job.flow.Flow;
import org.springframework.batch.core.job.flow.FlowExecutionException;
import org.springframework.batch.core.job.flow.FlowExecutionStatus;
import org.springframework.batch.core.job.flow.JobFlowExecutor;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.AbstractStep;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.dao.OptimisticLockingFailureException;

import org.sealing.catalog.TargetDefinition;

/**
 * One partition of a remediation job's partitioned steps (see {@link TargetPartitions}), whose execution context
 * names its phase and target: in {@code targets}, the target's restores and plan; in {@code apply}, one range of
 * one of its lanes; in {@code verify}, its verification. It runs that flow, built from the definitions and policy
 * the run recorded, its steps in the job's execution under their usual names ({@code plan.T},
 * {@code apply.T.purge}, {@code apply.T.mask.t#2}...), so that status, figures, workbook and restart read them
 * as they always have. A target whose steps fail ends this partition FAILED (its reason is on the failed step,
 * recorded against the target); a restart runs only its steps that did not complete. Like Spring Batch's
 * FlowStep, but the flow is the partition's and is built when it runs. At most {@code parallel-lanes} apply
 * partitions of one target run at once in a process, the connections its pool holds.
 */
final class TargetPartitionStep extends AbstractStep {

    static final String TARGET = "sealing.target";
    static final String ORDER = "sealing.order";
    static final String PHASE = "sealing.phase";
    static final String LANE = "sealing.lane";
    static final String PART = "sealing.part";
    /** The one step an apply partition runs (a targets or verify partition runs the target's steps of its phase). */
    static final String STEP = "sealing.step";
    /** How a reason names the partition, when it is not simply its target. */
    static final String DESCRIBED = "sealing.described";

    /** The definitions and policy of a run, as its partitions work on them. */
    interface RunTargets extends LongFunction<RunDefinitions.Restored> {
    }

    private final TargetFlows flows;
    private final RunTargets runTargets;
    private final ApplyRanges ranges;
    private final int lanesPerTarget;
    private final Map<String, Semaphore> lanes = new ConcurrentHashMap<>();

    TargetPartitionStep(String name, JobRepository jobRepository, TargetFlows flows, RunTargets runTargets,
            ApplyRanges ranges, int lanesPerTarget) {
        super(jobRepository);
        setName(name);
        this.flows = flows;
        this.runTargets = runTargets;
        this.ranges = ranges;
        this.lanesPerTarget = lanesPerTarget;
    }

    @Override
    protected void doExecute(StepExecution stepExecution) throws Exception {
        ExecutionContext context = stepExecution.getExecutionContext();
        String name = context.getString(TARGET);
        String phase = context.getString(PHASE, TargetPartitions.STEP);
        JobExecution job = stepExecution.getJobExecution();
        long runId = TargetSteps.runId(stepExecution);
        RunDefinitions.Restored definitions = runTargets.apply(runId);
        List<TargetDefinition> targets = definitions.targets();
        TargetDefinition target = targets.stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("run " + runId + " recorded no definition of target "
                        + name + "; the control database is not as the run left it: start a new run"));
        boolean dryRun = Boolean.parseBoolean(job.getJobParameters().getString(RemediationJobs.DRY_RUN, "false"));
        Semaphore lane = null;
        Flow flow;
        switch (phase) {
            case TargetPartitions.APPLY -> {
                String laneName = context.getString(LANE);
                int part = context.getInt(PART);
                ApplyRanges.Range range = ranges.recorded(runId, name, laneName, part).orElseThrow(
                        () -> new IllegalStateException("run " + runId + " recorded no range " + part + " of lane "
                                + laneName + " of target " + name));
                flow = flows.apply(target, range);
                lane = lanes.computeIfAbsent(name, t -> new Semaphore(lanesPerTarget, true));
            }
            case TargetPartitions.VERIFY -> flow = flows.verify(target, definitions.policy());
            default -> flow = flows.prepare(target, definitions.policy(), dryRun);
        }
        if (lane != null) {
            lane.acquire();
        }
        Executor executor = new Executor(getJobRepository(), stepExecution);
        try {
            FlowExecutionStatus status = flow.start(executor).getStatus();
            stepExecution.upgradeStatus(executor.batchStatus(status));
            stepExecution.setExitStatus(executor.exit().and(new ExitStatus(status.getName())));
        } catch (FlowExecutionException e) {
            if (e.getCause() instanceof JobExecutionException cause) {
                throw cause;
            }
            throw new JobExecutionException("the flow of target " + name + " ended unexpectedly", e);
        } finally {
            if (lane != null) {
                lane.release();
            }
        }
    }

    /**
     * Whether a step of the job is one this partition runs: the one step of an apply partition, or a step of the
     * target of another partition ({@code plan.T}, {@code verify.T}...: the phases run one after the other).
     */
    static boolean runs(StepExecution partition, String stepName) {
        ExecutionContext context = partition.getExecutionContext();
        String step = context.getString(STEP, null);
        if (step != null) {
            return step.equals(stepName);
        }
        return RemotePartitionHandler.isStepOf(stepName, context.getString(TARGET, partition.getStepName()));
    }

    /** Ends the steps of a partition's target that are still recorded running, as the partition ended. */
    static void closeTargetSteps(JobRepository jobRepository, StepExecution partition, BatchStatus status,
            String reason) {
        for (StepExecution step : jobRepository.getJobExecution(partition.getJobExecutionId()).getStepExecutions()) {
            // UNKNOWN: a step whose process could not save its end, which Spring Batch would refuse to restart
            boolean unended = step.getStatus().isRunning() || step.getStatus() == BatchStatus.UNKNOWN;
            if (unended && runs(partition, step.getStepName())) {
                try {
                    close(jobRepository, step, status, reason);
                } catch (OptimisticLockingFailureException e) {
                    // its process ended it meanwhile: what it wrote stands
                }
            }
        }
    }

    /** Records a step ended (stopped when there is no reason). */
    static void close(JobRepository jobRepository, StepExecution step, BatchStatus status, String reason) {
        step.setStatus(status);
        step.setExitStatus(reason == null ? ExitStatus.STOPPED : ExitStatus.FAILED.addExitDescription(reason));
        step.setEndTime(LocalDateTime.now());
        jobRepository.update(step);
    }

    /** The partition as a reason names it: its target, and the table and part of an apply partition. */
    static String describe(StepExecution partition) {
        ExecutionContext context = partition.getExecutionContext();
        String described = context.getString(DESCRIBED, null);
        return described != null ? described : "target " + context.getString(TARGET, partition.getStepName());
    }

    /** Runs the target's steps in the job's execution; the job's own status is left to the job. */
    private static final class Executor extends JobFlowExecutor {

        Executor(JobRepository jobRepository, StepExecution partition) {
            super(jobRepository, new SimpleStepHandler(jobRepository, partition.getExecutionContext()),
                    partition.getJobExecution());
        }

        BatchStatus batchStatus(FlowExecutionStatus status) {
            return findBatchStatus(status);
        }

        ExitStatus exit() {
            return exitStatus;
        }

        @Override
        public void abandonStepExecution() {
            // a target's flow ends at its first failed step, which a restart runs again; a worker's thread runs
            // one partition after another, and must not mark the last one's failed step ABANDONED
        }
    }
}
