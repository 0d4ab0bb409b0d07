package org.sealing.run;


import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
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
import org.sealing.catalog.TargetDefinition;
import org.sealing.control.HmacKey;
import org.sealing.job.RunningStatements;
import org.sealing.ledger.LedgerChain;
import org.sealing.ledger.RunRecords;
import org.sealing.targetdb.TargetDatabases;
import org.sealing.vault.VaultStore;

/**
 * The chunk steps that apply a target's plan, each reading plan rows and writing changes: one per range of a
 * lane (its purges; a masked table's rows, in one range or several, see {@link ApplyRanges}), each run as one
 * partition of the run's apply step; and the restores of rows of unsealed orders.
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

    /** The restores of the target's rows of unsealed orders: one chunk step, parents' rows before children's. */
    Step restores(TargetSteps steps) {
        TargetDefinition target = steps.definition();
        return step(steps, Lane.RESTORES, "apply." + target.name() + "." + Lane.RESTORES.stepSuffix(),
                new PlanReader(jdbc, target.name(), Lane.RESTORES, properties.remediation().chunkSize()), 0);
    }

    /** The chunk step that applies one range of one of the target's lanes (one partition of the apply step). */
    Step range(TargetSteps steps, ApplyRanges.Range range) {
        Lane lane = laneOf(steps.definition(), range.lane());
        PlanReader reader = new PlanReader(jdbc, range.target(), lane, properties.remediation().chunkSize(),
                range.from(), range.to());
        // a lane applied in one range records 0, as every lane did before lanes were cut into ranges
        return step(steps, lane, range.stepName(lane), reader, range.parts() > 1 ? range.from() : 0);
    }

    /** The lane of the target of this name: its purges, or one of its masked tables. */
    static Lane laneOf(TargetDefinition target, String name) {
        if (name.equals(Lane.PURGES.name()) && target.tables().stream().anyMatch(r -> r.action() == Action.PURGE)) {
            return Lane.PURGES;
        }
        return target.tables().stream().filter(r -> r.action() == Action.MASK).map(r -> Lane.mask(r.table()))
                .filter(l -> l.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("target " + target.name() + " has no lane " + name
                        + " in the definition the run recorded"));
    }

    private Step step(TargetSteps steps, Lane lane, String stepName, PlanReader reader, long rangeFrom) {
        int chunk = properties.remediation().chunkSize();
        TargetDefinition target = steps.definition();
        ChangeWriter writer = new ChangeWriter(steps::resolve, lane, rangeFrom, databases.dataSource(target), jdbc,
                hmac, running, ledger, vault);
        return builders.step(stepName)
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
