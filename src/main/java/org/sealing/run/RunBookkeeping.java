package org.sealing.run;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
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
import org.sealing.support.FailureMessages;

/**
 * What a remediation job records of its run around its targets' flows: the run and the definitions
 * it starts with, when its first execution begins, its verdict and the figures of its evidence in the
 * report step that ends every execution, and its evidence package once the execution has ended.
 */
@Component
class RunBookkeeping {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(RunBookkeeping.class);

    private final BatchBuilders builders;
    private final RunRecords runs;
    private final RunFigures figures;
    private final ComplianceWorkbook workbook;
    private final Clock clock;
    private final JobRepository jobRepository;

    RunBookkeeping(BatchBuilders builders, RunRecords runs, RunFigures figures, ComplianceWorkbook workbook,
            Clock clock, JobRepository jobRepository) {
        this.jobRepository = jobRepository;
        this.builders = builders;
        this.runs = runs;
        this.figures = figures;
        this.workbook = workbook;
        this.clock = clock;
    }

    /**
     * The verdict and the figures of the evidence, fixed at the end of every execution, restarts included
     * (the evidence files are written once the execution has ended, by {@link #writeEvidence}).
     */
    Step reportStep() {
        return builders.step("report")
                .tasklet((contribution, context) -> {
                    StepExecution step = context.getStepContext().getStepExecution();
                    long runId = TargetSteps.runId(step);
                    // the verdict of the figures the evidence fixes, from the one query of a run's figures
                    Verdict verdict = workbook.freeze(step.getJobExecutionId());
                    runs.finish(runId, verdict, null);
                    return RepeatStatus.FINISHED;
                }, builders.transactionManager())
                .allowStartIfComplete(true)
                .build();
    }

    /**
     * Begins reading what the evidence takes from the applied chunks alone (the ledger export, the Audit) once the
     * apply step has ended for every target, so that it is read while the targets are verified
     * ({@link ComplianceWorkbook#readAheadAfterApply}); nothing when the execution is known to be stopping (no
     * report follows; one begun all the same is given up as the execution ends). What cannot begin now begins in
     * the report step, as it would have.
     */
    StepExecutionListener readAheadAfterApply() {
        return new StepExecutionListener() {
            @Override
            public ExitStatus afterStep(StepExecution step) {
                if (step.getStatus() == BatchStatus.STOPPED || step.isTerminateOnly()
                        || step.getJobExecution().isStopping()) {
                    return null;
                }
                try {
                    workbook.readAheadAfterApply(step.getJobExecutionId());
                } catch (RuntimeException e) {
                    log.warn("execution {}: the evidence's reading did not begin after apply ({}); the report step"
                            + " begins it", step.getJobExecutionId(), FailureMessages.of(e));
                }
                return null;
            }
        };
    }

    /**
     * Writes the evidence package of an execution whose report step fixed its figures, once the execution
     * has ended: Spring Batch records the end (its time and status) before its listeners hear of it, so
     * the workbook's Finished is the execution's own end. Until the evidence is written the execution is
     * recorded as running again (its end time kept), so that a process killed meanwhile leaves an
     * execution that status shows as dead and restart resumes, never a completed one without evidence;
     * the status it ended with is recorded once the evidence is in place. An execution whose evidence
     * cannot be written ends FAILED, with the reason, so that a restart (or {@code sealctl report ID})
     * writes it.
     */
    void writeEvidence(JobExecution execution) {
        boolean reported = execution.getStepExecutions().stream()
                .anyMatch(s -> s.getStepName().equals("report") && s.getStatus() == BatchStatus.COMPLETED);
        if (!reported) {
            // a read-ahead begun when apply ended serves no report now (a restart is another execution)
            workbook.giveUpReadAhead(execution.getId());
            return;
        }
        long runId = execution.getJobInstance().getInstanceId();
        BatchStatus ended = execution.getStatus();
        execution.setStatus(BatchStatus.STARTED);
        jobRepository.update(execution);
        execution.setStatus(ended);
        try {
            ComplianceWorkbook.Evidence evidence = workbook.write(execution.getId());
            runs.finish(runId, figures.recordedVerdict(runId), evidence.workbook().toString());
        } catch (RuntimeException e) {
            String reason = "the evidence could not be written: " + FailureMessages.of(e);
            log.error("execution {}: {}; write it with: sealctl report {}", execution.getId(), reason,
                    execution.getId());
            execution.setStatus(BatchStatus.FAILED);
            execution.setExitStatus(ExitStatus.FAILED.addExitDescription(reason));
            execution.addFailureException(new IllegalStateException(reason, e));
        }
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

            @Override
            public void afterJob(JobExecution execution) {
                writeEvidence(execution);
            }
        };
    }
}
