package org.sealing.run;

import java.time.LocalDate;

import org.springframework.batch.core.job.builder.FlowBuilder;
import org.springframework.batch.core.job.flow.Flow;
import org.springframework.batch.core.job.flow.support.SimpleFlow;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.stereotype.Component;

import org.sealing.ledger.TargetState;
import org.sealing.catalog.TargetDefinition;
import org.sealing.job.ExecutionLivenessListener;
import org.sealing.ledger.RunRecords;
import org.sealing.plan.Planner;
import org.sealing.plan.RestorePlanner;
import org.sealing.policy.Policy;
import org.sealing.catalog.check.TargetChecker;
import org.sealing.verify.Verifier;

/**
 * The flow of one target in a remediation job: the restores of unsealed orders' rows planned and applied,
 * then plan, apply, verify (verify alone for the verify job; for a dry run, the plans alone). Its steps share one {@link TargetSteps}, so the target is checked
 * against its catalog once and a failure of any of them is recorded against the target.
 */
@Component
class TargetFlows {

    private final BatchBuilders builders;
    private final Planner planner;
    private final RestorePlanner restorePlanner;
    private final LaneSteps lanes;
    private final Verifier verifier;
    private final TargetChecker checker;
    private final RunRecords runs;
    private final ExecutionLivenessListener liveness;

    TargetFlows(BatchBuilders builders, Planner planner, RestorePlanner restorePlanner, LaneSteps lanes,
            Verifier verifier, TargetChecker checker, RunRecords runs, ExecutionLivenessListener liveness) {
        this.builders = builders;
        this.planner = planner;
        this.restorePlanner = restorePlanner;
        this.lanes = lanes;
        this.verifier = verifier;
        this.checker = checker;
        this.runs = runs;
        this.liveness = liveness;
    }

    Flow of(String jobName, TargetDefinition target, Policy policy, boolean dryRun) {
        TargetSteps steps = new TargetSteps(target, checker, runs, liveness::lostReason);
        FlowBuilder<SimpleFlow> flow = new FlowBuilder<>("target." + target.name());
        if ("verify".equals(jobName)) {
            return flow.start(verifyStep(steps, policy)).build();
        }
        // restores come first: a restored row that another active case still holds is then planned again
        flow.start(restorePlanStep(steps));
        if (!dryRun) {
            flow.next(lanes.restores(steps));
        }
        flow.next(planStep(steps, policy));
        if (!dryRun) {
            flow.next(lanes.apply(steps)).next(verifyStep(steps, policy));
        }
        return flow.build();
    }

    private Step restorePlanStep(TargetSteps steps) {
        return builders.tasklet("plan-restores." + steps.definition().name(), (contribution, context) -> {
            StepExecution step = context.getStepContext().getStepExecution();
            long runId = TargetSteps.runId(step);
            restorePlanner.plan(runId, step.getJobExecutionId(), steps.resolve(runId), runs.run(runId).asOf());
            return RepeatStatus.FINISHED;
        }, steps);
    }

    private Step planStep(TargetSteps steps, Policy policy) {
        String name = steps.definition().name();
        return builders.tasklet("plan." + name, (contribution, context) -> {
            StepExecution step = context.getStepContext().getStepExecution();
            long runId = TargetSteps.runId(step);
            LocalDate asOf = runs.run(runId).asOf();
            planner.plan(runId, step.getJobExecutionId(), steps.resolve(runId), asOf, policy);
            runs.targetState(runId, name, TargetState.PLANNED);
            return RepeatStatus.FINISHED;
        }, steps);
    }

    private Step verifyStep(TargetSteps steps, Policy policy) {
        return builders.tasklet("verify." + steps.definition().name(), (contribution, context) -> {
            long runId = TargetSteps.runId(context.getStepContext().getStepExecution());
            verifier.verify(runId, steps.resolve(runId), runs.run(runId).asOf(), policy);
            return RepeatStatus.FINISHED;
        }, steps);
    }
}
