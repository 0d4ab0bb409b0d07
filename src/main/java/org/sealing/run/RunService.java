package org.sealing.run;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import org.springframework.batch.core.configuration.support.MapJobRegistry;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;

import org.sealing.ledger.RunFigures;
import org.sealing.ledger.RunRecords;
import org.sealing.catalog.TargetDefinition;
import org.sealing.catalog.TargetDefinitionLoader;
import org.sealing.job.JobRunner;
import org.sealing.policy.Policy;
import org.sealing.policy.PolicyLoader;
import org.sealing.register.Inbox;
import org.sealing.report.ComplianceWorkbook;
import org.sealing.support.ConfigurationException;

/**
 * Runs the remediation jobs: reads and checks the policy and the target files (a broken file refuses the run
 * before anything connects anywhere), builds the job over the chosen targets, picks up the inbox
 * for a nightly run once the job's locks are held, and starts it; restarts rebuild the job from the
 * definitions the run recorded when it started.
 */
@Service
public class RunService {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(RunService.class);

    private final TargetDefinitionLoader loader;
    private final RemediationJobs jobs;
    private final MapJobRegistry registry;
    private final JobRunner runner;
    private final Inbox inbox;
    private final ComplianceWorkbook workbook;
    private final RunFigures figures;
    private final RunDefinitions definitions;
    private final RunRecords runs;
    private final PolicyLoader policies;

    public RunService(TargetDefinitionLoader loader, RemediationJobs jobs, MapJobRegistry registry, JobRunner runner,
            Inbox inbox, ComplianceWorkbook workbook, PlatformTransactionManager transactions,
            RunFigures figures, RunDefinitions definitions, RunRecords runs, PolicyLoader policies) {
        this.loader = loader;
        this.policies = policies;
        this.jobs = jobs;
        this.registry = registry;
        this.runner = runner;
        this.inbox = inbox;
        this.workbook = workbook;
        this.figures = figures;
        this.definitions = definitions;
        this.runs = runs;
    }

    /** Runs {@code nightly}, {@code remediate} or {@code verify} now and returns its finished execution. */
    public JobExecution run(String jobName, boolean dryRun, List<String> targetNames, Path configDir) {
        return run(jobName, dryRun, targetNames, configDir, null);
    }

    /**
     * Runs a job; a scheduled run passes its fire time, which becomes the run's identity (one fire time,
     * one run).
     */
    public JobExecution run(String jobName, boolean dryRun, List<String> targetNames, Path configDir,
            Instant scheduledFireTime) {
        if (!RemediationJobs.JOBS.contains(jobName)) {
            throw new ConfigurationException("no job " + jobName + "; the jobs are nightly, remediate, verify, report");
        }
        if (dryRun && "verify".equals(jobName)) {
            throw new ConfigurationException("verify changes nothing already; --dry-run is for nightly and remediate");
        }
        if (scheduledFireTime != null) {
            // a fire time is a run's identity: a run of it that failed is resumed, with what it started with
            Long earlier = runs.scheduledExecution(jobName, scheduledFireTime.toString());
            if (earlier != null) {
                return restart(earlier, configDir, notice -> log.warn("{}", notice));
            }
        }
        Policy policy = policies.load(configDir);
        List<TargetDefinition> targets = chosen(loader.load(configDir, policy.kinds()), targetNames);
        String fingerprint = RunDefinitions.fingerprint(targets);
        Job job = register(jobs.build(jobName, targets, policy, dryRun));
        return runner.start(job, () -> {
            JobParametersBuilder parameters = new JobParametersBuilder()
                    .addString("run.time", (scheduledFireTime != null ? scheduledFireTime : Instant.now()).toString())
                    .addString("run.origin", scheduledFireTime != null ? "schedule" : "command", false)
                    .addString(RemediationJobs.DRY_RUN, String.valueOf(dryRun))
                    .addString(RemediationJobs.TARGETS, targets.stream().map(TargetDefinition::name)
                            .collect(Collectors.joining(",")), false)
                    .addString(RemediationJobs.FINGERPRINT, fingerprint, false);
            if ("nightly".equals(jobName) && !dryRun) {
                parameters.addLong("import.id", inbox.pickUp(), false);
            }
            return parameters.toJobParameters();
        });
    }

    /**
     * Restarts an execution; a remediation job is rebuilt from the definitions its run started with,
     * and each way in which the files of {@code configDir} now differ from them goes to {@code notices}.
     */
    public JobExecution restart(long executionId, Path configDir, Consumer<String> notices) {
        JobExecution execution = runner.execution(executionId);
        String jobName = execution.getJobInstance().getJobName();
        if (RemediationJobs.JOBS.contains(jobName)) {
            JobParameters parameters = execution.getJobParameters();
            String names = parameters.getString(RemediationJobs.TARGETS, "");
            RunDefinitions.Restored restored = definitions.restore(execution.getJobInstance().getInstanceId(),
                    names.isEmpty() ? List.of() : List.of(names.split(",")), configDir);
            restored.differences().forEach(notices);
            register(jobs.build(jobName, restored.targets(), restored.policy(),
                    Boolean.parseBoolean(parameters.getString(RemediationJobs.DRY_RUN, "false"))));
        }
        return runner.restart(executionId);
    }

    /**
     * Writes a new version of the evidence of an execution (default: the latest remediation run), from
     * the figures fixed when it ended; returns the workbook's path (the ledger export is beside it).
     */
    public String report(Long executionId) {
        long id = executionId != null ? executionId : latestExecution();
        return workbook.write(id).workbook().toString();
    }

    /** The figures and verdict of the run an execution belongs to. */
    public RunFigures.Figures figures(long executionId) {
        Long runId = figures.runOf(executionId);
        return runId == null ? null : figures.of(runId);
    }

    /**
     * The figures of the run of an execution that has just ended: as its report step fixed them, when it ran
     * (no later execution can have changed them yet), else the run's figures from the query.
     */
    public RunFigures.Figures figuresAtEnd(long executionId) {
        RunFigures.Figures fixed = figures.fixedBy(executionId);
        return fixed != null ? fixed : figures(executionId);
    }

    private long latestExecution() {
        Long id = figures.latestRemediationExecution();
        if (id == null) {
            throw new ConfigurationException("no remediation run yet: run sealctl run nightly first");
        }
        return id;
    }

    private Job register(Job job) {
        registry.unregister(job.getName());
        try {
            registry.register(job);
        } catch (Exception e) {
            throw new IllegalStateException("cannot register job " + job.getName(), e);
        }
        return job;
    }

    /** The targets of these names (all of them when none is named), or an error naming the one missing. */
    static List<TargetDefinition> chosen(List<TargetDefinition> all, List<String> names) {
        if (names == null || names.isEmpty()) {
            return all;
        }
        Set<String> wanted = new LinkedHashSet<>(names);
        List<TargetDefinition> chosen = new ArrayList<>();
        for (String name : wanted) {
            TargetDefinition target = all.stream().filter(t -> t.name().equals(name)).findFirst()
                    .orElseThrow(() -> new ConfigurationException("no target named " + name + "; the targets are "
                            + all.stream().map(TargetDefinition::name).collect(Collectors.joining(", "))));
            chosen.add(target);
        }
        return chosen;
    }
}
