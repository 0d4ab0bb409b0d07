package org.sealing.run;

import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

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
import org.sealing.targetdb.ResolvedTarget;
import org.sealing.catalog.check.TargetChecker;
import org.sealing.verify.Verifier;

/**
 * The flows one target's partitions run, one for each partitioned step of a remediation job (see
 * {@link TargetPartitions}): its preparation (restores, plan), one range of its apply, its verification. The
 * steps of a flow share one {@link TargetSteps}, so the target is checked against its catalog once per
 * partition and a failure of any of them is recorded against the target.
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
    /** The targets checked against their catalogs in this process, by run, execution and target (the latest). */
    private final Map<String, ResolvedTarget> checked = Collections.synchronizedMap(
            new LinkedHashMap<String, ResolvedTarget>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, ResolvedTarget> eldest) {
                    return size() > 256;
                }
            });

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

    /**
     * The target's part of the run's {@code targets} step: the restores of unsealed orders' rows planned and
     * applied (restores come first: a restored row that another active case still holds is then planned again),
     * then its plan; for a dry run, the plans alone.
     */
    Flow prepare(TargetDefinition target, Policy policy, boolean dryRun) {
        TargetSteps steps = steps(target);
        FlowBuilder<SimpleFlow> flow = new FlowBuilder<>("target." + target.name());
        flow.start(restorePlanStep(steps));
        if (!dryRun) {
            flow.next(lanes.restores(steps));
        }
        return flow.next(planStep(steps, policy)).build();
    }

    /** One partition of the run's {@code apply} step: one range of one of the target's lanes. */
    Flow apply(TargetDefinition target, ApplyRanges.Range range) {
        return new FlowBuilder<SimpleFlow>("apply." + target.name() + "." + range.lane() + "#" + range.part())
                .start(lanes.range(steps(target), range)).build();
    }

    /** The target's part of the run's {@code verify} step. */
    Flow verify(TargetDefinition target, Policy policy) {
        return new FlowBuilder<SimpleFlow>("verify." + target.name()).start(verifyStep(steps(target), policy))
                .build();
    }

    private TargetSteps steps(TargetDefinition target) {
        return new TargetSteps(target, checker, runs, liveness::lostReason, checked);
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
