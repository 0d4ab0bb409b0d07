package org.sealing.run;

import java.util.ArrayList;
import java.util.List;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.builder.FlowBuilder;
import org.springframework.batch.core.job.flow.Flow;
import org.springframework.batch.core.job.flow.support.SimpleFlow;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import org.sealing.ledger.TargetState;
import org.sealing.SealingProperties;
import org.sealing.apply.ChangeWriter;
import org.sealing.apply.Lane;
import org.sealing.apply.PlanReader;
import org.sealing.apply.PlanRow;
import org.sealing.catalog.Action;
import org.sealing.catalog.TableRule;
import org.sealing.catalog.TargetDefinition;
import org.sealing.control.HmacKey;
import org.sealing.job.RunningStatements;
import org.sealing.ledger.LedgerChain;
import org.sealing.ledger.RunRecords;
import org.sealing.targetdb.TargetDatabases;
import org.sealing.vault.VaultStore;

/**
 * The apply stage of a target: its plan's lanes applied side by side, its purges in one lane and each
 * masked table in its own, each lane a chunk step that reads plan rows and writes changes.
 */
@Component
class LaneSteps {

    private final BatchBuilders builders;
    private final JdbcTemplate jdbc;
    private final TargetDatabases databases;
    private final HmacKey hmac;
    private final RunRecords runs;
    private final LedgerChain ledger;
    private final RunningStatements running;
    private final SealingProperties properties;
    private final VaultStore vault;

    LaneSteps(BatchBuilders builders, JdbcTemplate jdbc, TargetDatabases databases, HmacKey hmac, RunRecords runs,
            RunningStatements running, SealingProperties properties, LedgerChain ledger, VaultStore vault) {
        this.builders = builders;
        this.jdbc = jdbc;
        this.databases = databases;
        this.hmac = hmac;
        this.runs = runs;
        this.running = running;
        this.properties = properties;
        this.ledger = ledger;
        this.vault = vault;
    }

    /** The lanes of the target, at most {@code parallel-lanes} of them at once. */
    Flow apply(TargetSteps steps) {
        TargetDefinition target = steps.definition();
        String name = target.name();
        List<Flow> lanes = new ArrayList<>();
        if (target.tables().stream().anyMatch(r -> r.action() == Action.PURGE)) {
            lanes.add(lane(steps, Lane.PURGES));
        }
        for (TableRule rule : target.tables()) {
            if (rule.action() == Action.MASK) {
                lanes.add(lane(steps, Lane.mask(rule.table())));
            }
        }
        return BatchBuilders.split("apply." + name, "apply-" + name + "-", properties.remediation().parallelLanes(),
                lanes);
    }

    /** The restores of the target's rows of unsealed orders: one chunk step, parents' rows before children's. */
    Step restores(TargetSteps steps) {
        return step(steps, Lane.RESTORES);
    }

    private Flow lane(TargetSteps steps, Lane lane) {
        return new FlowBuilder<SimpleFlow>("lane." + steps.definition().name() + "." + lane.stepSuffix())
                .start(step(steps, lane)).build();
    }

    private Step step(TargetSteps steps, Lane lane) {
        int chunk = properties.remediation().chunkSize();
        TargetDefinition target = steps.definition();
        PlanReader reader = new PlanReader(jdbc, target.name(), lane, chunk);
        ChangeWriter writer = new ChangeWriter(steps::resolve, lane, databases.dataSource(target), jdbc, hmac,
                running, ledger, vault);
        return builders.step("apply." + target.name() + "." + lane.stepSuffix())
                .<PlanRow, PlanRow>chunk(chunk)
                .transactionManager(builders.transactionManager())
                .reader(reader)
                .writer(writer)
                .listener((StepExecutionListener) steps)
                .listener((StepExecutionListener) reader)
                .listener((StepExecutionListener) writer)
                .listener(new StepExecutionListener() {
                    @Override
                    public ExitStatus afterStep(StepExecution stepExecution) {
                        if (stepExecution.getStatus() == BatchStatus.COMPLETED && !lane.equals(Lane.RESTORES)) {
                            runs.targetState(TargetSteps.runId(stepExecution), target.name(), TargetState.APPLIED);
                        }
                        return null;
                    }
                })
                .build();
    }
}
