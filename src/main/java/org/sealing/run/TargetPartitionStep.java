package org.sealing.run;

import java.util.List;
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

import org.sealing.catalog.TargetDefinition;

/**
 * One partition of a remediation job: the flow of the one target its execution context names (restores,
 * plan, apply lanes, verify), built from the definitions and policy the run recorded, its steps run in the
 * job's execution under their usual names ({@code plan.T}, {@code apply.T.purge}...), so that status, figures,
 * workbook and restart read them as they always have. A target whose steps fail ends this partition FAILED
 * (its reason is on the failed step, recorded against the target); a restart runs only its steps that did
 * not complete. Like Spring Batch's FlowStep, but the flow is the partition's and is built when it runs.
 */
final class TargetPartitionStep extends AbstractStep {

    static final String TARGET = "sealing.target";
    static final String ORDER = "sealing.order";

    /** The definitions and policy of a run, as its partitions work on them. */
    interface RunTargets extends LongFunction<RunDefinitions.Restored> {
    }

    private final TargetFlows flows;
    private final RunTargets runTargets;

    TargetPartitionStep(String name, JobRepository jobRepository, TargetFlows flows, RunTargets runTargets) {
        super(jobRepository);
        setName(name);
        this.flows = flows;
        this.runTargets = runTargets;
    }

    @Override
    protected void doExecute(StepExecution stepExecution) throws Exception {
        String name = stepExecution.getExecutionContext().getString(TARGET);
        JobExecution job = stepExecution.getJobExecution();
        long runId = TargetSteps.runId(stepExecution);
        RunDefinitions.Restored definitions = runTargets.apply(runId);
        List<TargetDefinition> targets = definitions.targets();
        TargetDefinition target = targets.stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("run " + runId + " recorded no definition of target "
                        + name + "; the control database is not as the run left it: start a new run"));
        boolean dryRun = Boolean.parseBoolean(job.getJobParameters().getString(RemediationJobs.DRY_RUN, "false"));
        Flow flow = flows.of(job.getJobInstance().getJobName(), target, definitions.policy(), dryRun);
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
        }
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
    }
}
