package org.sealing.run;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.stereotype.Component;

import org.sealing.ledger.Verdict;
import org.sealing.catalog.TargetDefinition;
import org.sealing.ledger.RunFigures;
import org.sealing.ledger.RunRecords;
import org.sealing.policy.Policy;
import org.sealing.report.ComplianceWorkbook;

/**
 * What a remediation job records of its run around its targets' flows: the run and the definitions
 * it starts with, when its first execution begins, and its verdict and workbook in the report step
 * that ends every execution.
 */
@Component
class RunBookkeeping {

    private final BatchBuilders builders;
    private final RunRecords runs;
    private final RunFigures figures;
    private final ComplianceWorkbook workbook;
    private final Clock clock;

    RunBookkeeping(BatchBuilders builders, RunRecords runs, RunFigures figures, ComplianceWorkbook workbook,
            Clock clock) {
        this.builders = builders;
        this.runs = runs;
        this.figures = figures;
        this.workbook = workbook;
        this.clock = clock;
    }

    /** The workbook, written at the end of every execution, restarts included. */
    Step reportStep() {
        return builders.step("report")
                .tasklet((contribution, context) -> {
                    StepExecution step = context.getStepContext().getStepExecution();
                    long runId = TargetSteps.runId(step);
                    Verdict verdict = figures.verdict(runId);
                    runs.finish(runId, verdict, null);
                    String file = workbook.write(step.getJobExecutionId()).toString();
                    runs.finish(runId, verdict, file);
                    return RepeatStatus.FINISHED;
                }, builders.transactionManager())
                .allowStartIfComplete(true)
                .build();
    }

    /**
     * Records the run and the definitions and policy it starts with when its first execution begins (a restart
     * is built from the recorded ones, so they are the same); its fingerprint is a job parameter.
     */
    JobExecutionListener runListener(String jobName, List<TargetDefinition> targets, Policy policy) {
        List<RunRecords.RecordedDefinition> definitions = targets.stream().map(RunDefinitions::record).toList();
        RunRecords.RecordedPolicy recordedPolicy = RunDefinitions.record(policy);
        return new JobExecutionListener() {
            @Override
            public void beforeJob(JobExecution execution) {
                runs.begin(execution.getJobInstance().getInstanceId(), jobName,
                        Boolean.parseBoolean(execution.getJobParameters().getString(RemediationJobs.DRY_RUN, "false")),
                        definitions, recordedPolicy, execution.getJobParameters().getString(RemediationJobs.FINGERPRINT, ""),
                        LocalDate.now(clock));
            }
        };
    }
}
