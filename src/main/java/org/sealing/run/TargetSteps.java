package org.sealing.run;

import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobInterruptedException;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.dao.OptimisticLockingFailureException;

import org.sealing.ledger.RunRecords;
import org.sealing.catalog.TargetDefinition;
import org.sealing.support.ConfigurationException;
import org.sealing.support.FailureMessages;
import org.sealing.support.Text;
import org.sealing.targetdb.ResolvedTarget;
import org.sealing.catalog.check.TargetChecker;
import org.sealing.targetdb.TargetFailures;

/**
 * What the steps of one target share during a run: the target checked against its live catalog once
 * per process (the plan, apply and verify steps all need it), and a listener that names the target
 * in log lines and records in the control database why a step of it failed.
 */
final class TargetSteps implements StepExecutionListener {

    private static final Logger log = LoggerFactory.getLogger(TargetSteps.class);

    private final TargetDefinition target;
    private final TargetChecker checker;
    private final RunRecords runs;
    private final java.util.function.LongFunction<String> lostReason;
    private final Map<String, ResolvedTarget> resolved;
    private volatile long executionId;

    /**
     * {@code resolved} holds the targets checked in this process, by execution and target: the partitions of an
     * execution (a target's plan, each range of its apply, its verification) check a target once between them,
     * as one flow did; a restart, a new execution, checks it again.
     */
    TargetSteps(TargetDefinition target, TargetChecker checker, RunRecords runs,
            java.util.function.LongFunction<String> lostReason, Map<String, ResolvedTarget> resolved) {
        this.lostReason = lostReason;
        this.target = target;
        this.checker = checker;
        this.runs = runs;
        this.resolved = resolved;
    }

    TargetDefinition definition() {
        return target;
    }

    /** The target checked against its catalog, or an exception that lists its errors. */
    ResolvedTarget resolve(long runId) {
        String key = runId + "/" + executionId + "/" + target.name();
        ResolvedTarget known = resolved.get(key);
        if (known != null) {
            return known;
        }
        org.sealing.targetdb.dialect.TargetDialect dialect = org.sealing.targetdb.dialect.TargetDialect.of(target.url());
        if (!dialect.remediates()) {
            // refused before any connection: nothing of the target is read or changed (issue 14)
            throw new TargetProblem(dialect.name() + " targets are checked by `sealctl targets check` but not yet"
                    + " remediated (issue 14)", null);
        }
        TargetChecker.Report report = checker.check(target);
        if (report.hasErrors()) {
            String errors = report.errors().stream().map(f -> f.where() + ": " + f.message())
                    .collect(java.util.stream.Collectors.joining("; "));
            if (report.unreachable()) {
                String reason = report.errors().get(0).message();
                throw new TargetProblem(reason, new TargetFailures.Unreachable(reason, null));
            }
            throw new TargetProblem("its definition does not fit its database (run sealctl targets check): " + errors,
                    null);
        }
        resolved.put(key, report.resolved());
        return report.resolved();
    }

    @Override
    public void beforeStep(StepExecution stepExecution) {
        executionId = stepExecution.getJobExecutionId();
        MDC.put("execution", "e" + stepExecution.getJobExecutionId());
        MDC.put("target", target.name());
        runs.targetStarted(runId(stepExecution), target.name());
    }

    @Override
    public ExitStatus afterStep(StepExecution stepExecution) {
        try {
            if (stepExecution.getFailureExceptions().stream().anyMatch(TargetSteps::recordChangedElsewhere)) {
                // another process ended the step and recorded why (a manager that found this worker's partition
                // lock gone, a node that took the execution over): this process's view is out of date
                log.warn("target {}: step {} was ended by another process while it ran here; its reason stands",
                        target.name(), stepExecution.getStepName());
            } else if (!stepExecution.getFailureExceptions().isEmpty()) {
                Throwable failure = stepExecution.getFailureExceptions().get(0);
                String reason = reasonOf(failure);
                boolean reached = !TargetFailures.isUnreachable(failure);
                runs.targetFailed(runId(stepExecution), target.name(), stepExecution.getStepName() + ": " + reason,
                        reached);
                log.error("target {} failed in {}: {}", target.name(), stepExecution.getStepName(), reason);
            } else if (stepExecution.getStatus().name().equals("STOPPED")) {
                // a step stops for an operator, or because the execution lost the lock that proves it alive
                String lost = lostReason.apply(stepExecution.getJobExecutionId());
                runs.targetFailed(runId(stepExecution), target.name(), stepExecution.getStepName()
                        + ": " + (lost != null ? lost : "stopped by an operator"), true);
            }
            return null;
        } finally {
            MDC.remove("target");
        }
    }

    /** Whether a failure is that the step's record was changed by another process (its version moved on). */
    private static boolean recordChangedElsewhere(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof OptimisticLockingFailureException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Why a step of the target failed, as {@code status} and the run's output show it: one line, no
     * class name, no framework wrapper ("Unable to process chunk"), no control character.
     */
    private static String reasonOf(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof JobInterruptedException) {
                return FailureMessages.STOPPED;
            }
            if (t instanceof TargetProblem || t instanceof ConfigurationException) {
                return Text.escape(t.getMessage());
            }
        }
        return TargetFailures.describe(failure);
    }

    static long runId(StepExecution stepExecution) {
        return stepExecution.getJobExecution().getJobInstance().getInstanceId();
    }

    /** A target that cannot be worked on as it is; its message is the operator's to read. */
    static final class TargetProblem extends RuntimeException {
        TargetProblem(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
