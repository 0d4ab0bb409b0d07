package org.sealing.run;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import javax.sql.DataSource;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.builder.FlowBuilder;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.flow.Flow;
import org.springframework.batch.core.job.flow.FlowExecutionStatus;
import org.springframework.batch.core.job.flow.JobExecutionDecider;
import org.springframework.batch.core.job.flow.support.SimpleFlow;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;

import org.sealing.ledger.RunFigures;
import org.sealing.ledger.RunRecords;
import org.sealing.ledger.TargetState;
import org.sealing.ledger.Verdict;
import org.sealing.SealingProperties;
import org.sealing.apply.ChangeWriter;
import org.sealing.apply.Lane;
import org.sealing.apply.PlanReader;
import org.sealing.apply.PlanRow;
import org.sealing.catalog.Action;
import org.sealing.catalog.TableRule;
import org.sealing.catalog.TargetDefinition;
import org.sealing.control.HmacKey;
import org.sealing.job.ExecutionLivenessListener;
import org.sealing.plan.Planner;
import org.sealing.report.ComplianceWorkbook;
import org.sealing.targetdb.TargetChecker;
import org.sealing.targetdb.TargetDatabases;
import org.sealing.verify.Verifier;

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

    private final JobRepository jobRepository;
    private final PlatformTransactionManager transactionManager;
    private final JdbcTemplate jdbc;
    private final JdbcTemplate streaming;
    private final DataSource control;
    private final TargetChecker checker;
    private final TargetDatabases databases;
    private final HmacKey hmac;
    private final RunRecords runs;
    private final RunFigures figures;
    private final ComplianceWorkbook workbook;
    private final ExecutionLivenessListener liveness;
    private final SealingProperties properties;
    private final Clock clock;
    private final Step importFeedStep;
    private final Step importSummaryStep;

    public RemediationJobs(JobRepository jobRepository, PlatformTransactionManager transactionManager,
            JdbcTemplate jdbc, DataSource control, TargetChecker checker, TargetDatabases databases, HmacKey hmac,
            RunRecords runs, RunFigures figures, ComplianceWorkbook workbook, ExecutionLivenessListener liveness,
            SealingProperties properties, Clock clock, @Qualifier("importFeedStep") Step importFeedStep,
            @Qualifier("importSummaryStep") Step importSummaryStep) {
        this.jobRepository = jobRepository;
        this.transactionManager = transactionManager;
        this.jdbc = jdbc;
        this.streaming = new JdbcTemplate(control);
        this.streaming.setFetchSize(10_000);
        this.control = control;
        this.checker = checker;
        this.databases = databases;
        this.hmac = hmac;
        this.runs = runs;
        this.figures = figures;
        this.workbook = workbook;
        this.liveness = liveness;
        this.properties = properties;
        this.clock = clock;
        this.importFeedStep = importFeedStep;
        this.importSummaryStep = importSummaryStep;
    }

    /** The job of this name over these targets. */
    public Job build(String jobName, List<TargetDefinition> targets, boolean dryRun) {
        List<Flow> flows = new ArrayList<>();
        for (TargetDefinition target : targets) {
            flows.add(targetFlow(jobName, target, dryRun));
        }
        SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor("target-");
        executor.setConcurrencyLimit(properties.remediation().parallelTargets());
        Flow split = new FlowBuilder<SimpleFlow>("targets").split(executor).add(flows.toArray(new Flow[0])).build();
        // a dry run changes nothing, the register and the inbox included: it plans against the register as it is
        Flow main = "nightly".equals(jobName) && !dryRun
                ? new FlowBuilder<SimpleFlow>("nightly").start(importFeedStep).next(importSummaryStep).next(split)
                        .build()
                : split;
        Step report = reportStep();
        JobExecutionDecider outcome = outcome();
        return new JobBuilder(jobName, jobRepository)
                .listener(liveness)
                .listener(runListener(jobName, targets))
                .start(main).on("*").to(report)
                .from(report).on("*").to(outcome)
                .from(outcome).on("FAILED").fail()
                .from(outcome).on("*").end()
                .end()
                .build();
    }

    private Flow targetFlow(String jobName, TargetDefinition target, boolean dryRun) {
        TargetSteps steps = new TargetSteps(target, checker, runs, liveness::lostReason);
        String name = target.name();
        FlowBuilder<SimpleFlow> flow = new FlowBuilder<>("target." + name);
        if ("verify".equals(jobName)) {
            return flow.start(verifyStep(steps)).build();
        }
        flow.start(planStep(steps, dryRun));
        if (!dryRun) {
            // the lanes of a target's plan are applied side by side: its purges in one, each masked table in its own
            List<Flow> lanes = new ArrayList<>();
            if (target.tables().stream().anyMatch(r -> r.action() == Action.PURGE)) {
                lanes.add(new FlowBuilder<SimpleFlow>("lane." + name + ".purge").start(applyStep(steps, Lane.PURGES))
                        .build());
            }
            for (TableRule rule : target.tables()) {
                if (rule.action() == Action.MASK) {
                    Lane lane = Lane.mask(rule.table());
                    lanes.add(new FlowBuilder<SimpleFlow>("lane." + name + "." + lane.stepSuffix())
                            .start(applyStep(steps, lane)).build());
                }
            }
            SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor("apply-" + name + "-");
            executor.setConcurrencyLimit(properties.remediation().parallelLanes());
            Flow apply = new FlowBuilder<SimpleFlow>("apply." + name).split(executor).add(lanes.toArray(new Flow[0]))
                    .build();
            flow.next(apply).next(verifyStep(steps));
        }
        return flow.build();
    }

    private Step planStep(TargetSteps steps, boolean dryRun) {
        Planner planner = new Planner(control, databases, hmac, runs);
        return new StepBuilder("plan." + steps.definition().name(), jobRepository)
                .tasklet((contribution, context) -> {
                    StepExecution step = context.getStepContext().getStepExecution();
                    long runId = TargetSteps.runId(step);
                    LocalDate asOf = runs.run(runId).asOf();
                    planner.plan(runId, step.getJobExecutionId(), steps.resolve(runId), asOf);
                    runs.targetState(runId, steps.definition().name(), TargetState.PLANNED);
                    return RepeatStatus.FINISHED;
                }, transactionManager)
                .listener((StepExecutionListener) steps)
                .build();
    }

    private Step applyStep(TargetSteps steps, Lane lane) {
        int chunk = properties.remediation().chunkSize();
        PlanReader reader = new PlanReader(jdbc, steps.definition().name(), lane, chunk);
        ChangeWriter writer = new ChangeWriter(steps::resolve, lane, databases.dataSource(steps.definition()), jdbc,
                hmac);
        return new StepBuilder("apply." + steps.definition().name() + "." + lane.stepSuffix(), jobRepository)
                .<PlanRow, PlanRow>chunk(chunk)
                .transactionManager(transactionManager)
                .reader(reader)
                .writer(writer)
                .listener((StepExecutionListener) steps)
                .listener((StepExecutionListener) reader)
                .listener((StepExecutionListener) writer)
                .listener(new StepExecutionListener() {
                    @Override
                    public ExitStatus afterStep(StepExecution stepExecution) {
                        if (stepExecution.getStatus() == BatchStatus.COMPLETED) {
                            runs.targetState(TargetSteps.runId(stepExecution), steps.definition().name(),
                                    TargetState.APPLIED);
                        }
                        return null;
                    }
                })
                .build();
    }

    private Step verifyStep(TargetSteps steps) {
        Verifier verifier = new Verifier(streaming, databases, runs);
        return new StepBuilder("verify." + steps.definition().name(), jobRepository)
                .tasklet((contribution, context) -> {
                    long runId = TargetSteps.runId(context.getStepContext().getStepExecution());
                    verifier.verify(runId, steps.resolve(runId), runs.run(runId).asOf());
                    return RepeatStatus.FINISHED;
                }, transactionManager)
                .listener((StepExecutionListener) steps)
                .build();
    }

    /** The workbook, written at the end of every execution, restarts included. */
    private Step reportStep() {
        return new StepBuilder("report", jobRepository)
                .tasklet((contribution, context) -> {
                    StepExecution step = context.getStepContext().getStepExecution();
                    long runId = TargetSteps.runId(step);
                    Verdict verdict = figures.verdict(runId);
                    runs.finish(runId, verdict, null);
                    String file = workbook.write(step.getJobExecutionId()).toString();
                    runs.finish(runId, verdict, file);
                    return RepeatStatus.FINISHED;
                }, transactionManager)
                .allowStartIfComplete(true)
                .build();
    }

    /** FAILED when a step of this execution failed, so that the execution can be restarted. */
    private static JobExecutionDecider outcome() {
        return (jobExecution, stepExecution) -> jobExecution.getStepExecutions().stream()
                .anyMatch(s -> s.getStatus() == BatchStatus.FAILED) ? FlowExecutionStatus.FAILED
                : FlowExecutionStatus.COMPLETED;
    }

    /**
     * Records the run and the definitions it starts with when its first execution begins (a restart
     * is built from the recorded ones, so they are the same); its fingerprint is a job parameter.
     */
    private JobExecutionListener runListener(String jobName, List<TargetDefinition> targets) {
        List<RunRecords.RecordedDefinition> definitions = targets.stream().map(RunDefinitions::record).toList();
        return new JobExecutionListener() {
            @Override
            public void beforeJob(JobExecution execution) {
                runs.begin(execution.getJobInstance().getInstanceId(), jobName,
                        Boolean.parseBoolean(execution.getJobParameters().getString(DRY_RUN, "false")),
                        definitions, execution.getJobParameters().getString(FINGERPRINT, ""), LocalDate.now(clock));
            }
        };
    }
}
