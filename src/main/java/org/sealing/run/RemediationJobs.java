package org.sealing.run;

import java.util.List;
import java.util.Set;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.job.builder.FlowBuilder;
import org.springframework.batch.core.job.flow.Flow;
import org.springframework.batch.core.job.flow.FlowExecutionStatus;
import org.springframework.batch.core.job.flow.JobExecutionDecider;
import org.springframework.batch.core.job.flow.support.SimpleFlow;
import org.springframework.batch.core.step.Step;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

import org.sealing.catalog.TargetDefinition;
import org.sealing.job.ExecutionLivenessListener;
import org.sealing.policy.Policy;

/**
 * Builds the remediation jobs (DESIGN section 1), one shape whatever the targets: their work is partitioned
 * steps whose partitions are computed when they run from what the run recorded (see {@link TargetPartitions}):
 * <pre>
 * nightly:   import inbox ─▶ targets [per target: restores, plan] ─▶ apply [per table and range] ─▶ verify [per target] ─▶ report
 * remediate:                 targets [per target: restores, plan] ─▶ apply [per table and range] ─▶ verify [per target] ─▶ report
 * verify:                                                                                            verify [per target] ─▶ report
 * dry run:                   targets [per target: plans]                                                               ─▶ report
 * </pre>
 * A target that fails ends its own partitions and has none in the steps after; the others go on, the report
 * is always written, and the job then ends FAILED so that a restart redoes what failed (completed steps are not
 * run again; the report is).
 */
@Component
public class RemediationJobs {

    public static final Set<String> JOBS = Set.of("nightly", "remediate", "verify");
    static final String DRY_RUN = "dry.run";
    static final String TARGETS = "targets";
    static final String FINGERPRINT = "config.fingerprint";

    private final BatchBuilders builders;
    private final TargetPartitions partitions;
    private final RunBookkeeping bookkeeping;
    private final ExecutionLivenessListener liveness;
    private final Step importFeedStep;
    private final Step importSummaryStep;

    RemediationJobs(BatchBuilders builders, TargetPartitions partitions, RunBookkeeping bookkeeping,
            ExecutionLivenessListener liveness, @Qualifier("importFeedStep") Step importFeedStep,
            @Qualifier("importSummaryStep") Step importSummaryStep) {
        this.builders = builders;
        this.partitions = partitions;
        this.bookkeeping = bookkeeping;
        this.liveness = liveness;
        this.importFeedStep = importFeedStep;
        this.importSummaryStep = importSummaryStep;
    }

    /**
     * The job of this name; {@code targets} and {@code policy} are what its run records when it starts (its
     * partitions are then read from the records).
     */
    public Job build(String jobName, List<TargetDefinition> targets, Policy policy, boolean dryRun) {
        partitions.checkBroker();
        Flow work;
        if ("verify".equals(jobName)) {
            work = new FlowBuilder<SimpleFlow>("verification")
                    .start(partitions.step(TargetPartitions.VERIFY, targets, policy)).build();
        } else if (dryRun) {
            work = new FlowBuilder<SimpleFlow>("plans")
                    .start(partitions.step(TargetPartitions.STEP, targets, policy)).build();
        } else {
            // each step goes on whatever the one before it ended: a target that failed has no partitions after it
            Step apply = partitions.step(TargetPartitions.APPLY, targets, policy);
            // the evidence's applied chunks are read while the targets are verified
            ((org.springframework.batch.core.step.AbstractStep) apply).registerStepExecutionListener(
                    bookkeeping.readAheadAfterApply());
            Step verify = partitions.step(TargetPartitions.VERIFY, targets, policy);
            work = new FlowBuilder<SimpleFlow>("remediation")
                    .start(partitions.step(TargetPartitions.STEP, targets, policy)).on("*").to(apply)
                    .from(apply).on("*").to(verify)
                    .build();
        }
        // a dry run changes nothing, the register and the inbox included: it plans against the register as it is
        Flow main = "nightly".equals(jobName) && !dryRun
                ? new FlowBuilder<SimpleFlow>("nightly").start(importFeedStep).next(importSummaryStep)
                        .next(work).build()
                : work;
        Step report = bookkeeping.reportStep();
        JobExecutionDecider outcome = outcome();
        Flow flow = new FlowBuilder<SimpleFlow>(jobName)
                .start(main).on("*").to(report)
                .from(report).on("*").to(outcome)
                .from(outcome).on("FAILED").fail()
                .from(outcome).on("*").end()
                .build();
        RestartableFlowJob job = new RestartableFlowJob(jobName, builders.jobRepository(), flow);
        job.setJobExecutionListeners(new JobExecutionListener[] {liveness,
                bookkeeping.runListener(jobName, targets, policy)});
        try {
            job.afterPropertiesSet();
        } catch (Exception e) {
            throw new IllegalStateException("the " + jobName + " job cannot be built: " + e.getMessage(), e);
        }
        return job;
    }

    /** FAILED when a step of this execution failed, so that the execution can be restarted. */
    private static JobExecutionDecider outcome() {
        return (jobExecution, stepExecution) -> jobExecution.getStepExecutions().stream()
                .anyMatch(s -> s.getStatus() == BatchStatus.FAILED) ? FlowExecutionStatus.FAILED
                : FlowExecutionStatus.COMPLETED;
    }
}
