package org.sealing.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.FlowBuilder;
import org.springframework.batch.core.job.flow.Flow;
import org.springframework.batch.core.job.flow.FlowExecutionStatus;
import org.springframework.batch.core.job.flow.JobExecutionDecider;
import org.springframework.batch.core.job.flow.support.SimpleFlow;
import org.springframework.batch.core.step.Step;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

import org.sealing.SealingProperties;
import org.sealing.catalog.TargetDefinition;
import org.sealing.job.ExecutionLivenessListener;
import org.sealing.policy.Policy;

/**
 * Builds the remediation jobs from the target files as they are when a job starts or restarts
 * (DESIGN section 1):
 * <pre>
 * nightly:   import inbox ─▶ [ per target, in parallel: plan ─▶ apply ─▶ verify ] ─▶ report
 * remediate:                 [ per target, in parallel: plan ─▶ apply ─▶ verify ] ─▶ report
 * verify:                    [ per target, in parallel: verify ]                  ─▶ report
 * dry run:                   [ per target, in parallel: plan ]                    ─▶ report
 * </pre>
 * A target that fails ends its own flow; the others go on, the report is always written, and the job
 * then ends FAILED so that a restart redoes what failed (completed steps are not run again; the
 * report is).
 */
@Component
public class RemediationJobs {

    public static final Set<String> JOBS = Set.of("nightly", "remediate", "verify");
    static final String DRY_RUN = "dry.run";
    static final String TARGETS = "targets";
    static final String FINGERPRINT = "config.fingerprint";

    private final BatchBuilders builders;
    private final TargetFlows targetFlows;
    private final TargetOrder targetOrder;
    private final RunBookkeeping bookkeeping;
    private final ExecutionLivenessListener liveness;
    private final SealingProperties properties;
    private final Step importFeedStep;
    private final Step importSummaryStep;

    RemediationJobs(BatchBuilders builders, TargetFlows targetFlows, TargetOrder targetOrder,
            RunBookkeeping bookkeeping, ExecutionLivenessListener liveness, SealingProperties properties,
            @Qualifier("importFeedStep") Step importFeedStep, @Qualifier("importSummaryStep") Step importSummaryStep) {
        this.builders = builders;
        this.targetFlows = targetFlows;
        this.targetOrder = targetOrder;
        this.bookkeeping = bookkeeping;
        this.liveness = liveness;
        this.properties = properties;
        this.importFeedStep = importFeedStep;
        this.importSummaryStep = importSummaryStep;
    }

    /** The job of this name over these targets, under this policy. */
    public Job build(String jobName, List<TargetDefinition> targets, Policy policy, boolean dryRun) {
        List<Flow> flows = new ArrayList<>();
        // the longest target (by the last run that finished it) starts first; the records keep the files' order
        for (TargetDefinition target : targetOrder.of(targets)) {
            flows.add(targetFlows.of(jobName, target, policy, dryRun));
        }
        Flow split = BatchBuilders.split("targets", "target-", properties.remediation().parallelTargets(), flows);
        // a dry run changes nothing, the register and the inbox included: it plans against the register as it is
        Flow main = "nightly".equals(jobName) && !dryRun
                ? new FlowBuilder<SimpleFlow>("nightly").start(importFeedStep).next(importSummaryStep).next(split)
                        .build()
                : split;
        Step report = bookkeeping.reportStep();
        JobExecutionDecider outcome = outcome();
        return builders.job(jobName)
                .listener(liveness)
                .listener(bookkeeping.runListener(jobName, targets, policy))
                .start(main).on("*").to(report)
                .from(report).on("*").to(outcome)
                .from(outcome).on("FAILED").fail()
                .from(outcome).on("*").end()
                .end()
                .build();
    }

    /** FAILED when a step of this execution failed, so that the execution can be restarted. */
    private static JobExecutionDecider outcome() {
        return (jobExecution, stepExecution) -> jobExecution.getStepExecutions().stream()
                .anyMatch(s -> s.getStatus() == BatchStatus.FAILED) ? FlowExecutionStatus.FAILED
                : FlowExecutionStatus.COMPLETED;
    }
}
