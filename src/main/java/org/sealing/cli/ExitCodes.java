package org.sealing.cli;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.step.StepExecution;

import org.sealing.job.ExecutionHistory;
import org.sealing.support.FailureMessages;
import org.sealing.support.Text;

/** The exit codes of SPEC section 3, and the words for why an execution did not complete. */
final class ExitCodes {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
    static final int NOT_COMPLIANT = 3;
    static final int REFUSED = 4;

    private ExitCodes() {
    }

    /**
     * Why an execution did not complete, in one line, as {@link #failureOf(JobExecution)} says it from this process's
     * copy of the execution, else (when that knows no more than its status) as the job repository records it: a
     * partition that a worker ran, or that its manager failed (a worker dead, none to take it), left its reason there
     * only.
     */
    static String failureOf(CliContext context, JobExecution execution) {
        String reason = failureOf(execution);
        if (!reason.equals(execution.getStatus().name().toLowerCase(Locale.ROOT))) {
            return reason;
        }
        ExecutionHistory.Execution recorded;
        try {
            recorded = context.bean(ExecutionHistory.class).one(execution.getId());
        } catch (RuntimeException e) {
            // the control database out of reach: the status is all there is to say
            return reason;
        }
        if (recorded == null || recorded.reason() == null) {
            return reason;
        }
        return (recorded.failedStep() == null ? "" : "step " + Text.escape(recorded.failedStep()) + ": ")
                + recorded.reason();
    }

    /**
     * Why an execution did not complete, in one line: the first failed step and its reason (and how
     * many more failed), else the execution's own failure, else its status.
     */
    static String failureOf(JobExecution execution) {
        if (execution.getStatus() == BatchStatus.STOPPED || execution.getStatus() == BatchStatus.STOPPING) {
            return FailureMessages.STOPPED;
        }
        List<StepExecution> failed = execution.getStepExecutions().stream()
                .filter(s -> s.getStatus() == BatchStatus.FAILED && !s.getFailureExceptions().isEmpty()).toList();
        // a partitioned step and its partitions (T:P) fail with the steps they ran: those are the ones to name
        Set<String> partitioned = failed.stream().map(StepExecution::getStepName).filter(n -> n.contains(":"))
                .map(n -> n.substring(0, n.indexOf(':'))).collect(Collectors.toSet());
        List<StepExecution> work = failed.stream().filter(s -> !s.getStepName().contains(":")
                && !partitioned.contains(s.getStepName())).toList();
        List<String> steps = (work.isEmpty() ? failed : work).stream()
                .sorted(Comparator.comparing(StepExecution::getId, Comparator.nullsLast(Comparator.naturalOrder())))
                .map(s -> "step " + Text.escape(s.getStepName()) + ": " + FailureMessages.of(s.getFailureExceptions()
                        .get(0)))
                .toList();
        if (!steps.isEmpty()) {
            return steps.get(0) + (steps.size() == 1 ? "" : " (and " + (steps.size() - 1) + " more failed step"
                    + (steps.size() == 2 ? "" : "s") + ": sealctl status " + execution.getId() + " lists them)");
        }
        if (!execution.getFailureExceptions().isEmpty()) {
            return FailureMessages.of(execution.getFailureExceptions().get(0));
        }
        String described = FailureMessages.ofTrace(execution.getExitStatus().getExitDescription());
        return described != null ? described : execution.getStatus().name().toLowerCase(Locale.ROOT);
    }
}
