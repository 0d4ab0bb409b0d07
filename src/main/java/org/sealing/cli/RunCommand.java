package org.sealing.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;

import org.sealing.ledger.RunFigures;
import org.sealing.ledger.RunRecords;
import org.sealing.ledger.Verdict;
import org.sealing.report.ComplianceWorkbook;
import org.sealing.run.RunService;
import org.sealing.support.FailureMessages;
import org.sealing.support.Text;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sealctl run JOB}: runs a job now and waits for it. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Runs a job now and waits: nightly (import inbox, plan, apply, verify, report), remediate"
            + " (plan, apply, verify, report), verify (search again, report) or report (rewrite the latest workbook).",
            "Exit codes: 0 compliant, 1 failed (restartable), 2 configuration error, 3 not compliant, 4 refused."})
class RunCommand extends ContextCommand {

    @Parameters(paramLabel = "JOB", description = "nightly, remediate, verify or report")
    private String job;

    @Option(names = "--dry-run", description = "Plan and report; change nothing in any target.")
    private boolean dryRun;

    @Option(names = "--target", paramLabel = "NAME", description = "Only this target (repeatable).")
    private List<String> targets = new ArrayList<>();

    RunCommand(CliContext context) {
        super(context);
    }

    @Override
    public Integer call() {
        RunService service = context.bean(RunService.class);
        stopJobsOnSignal();
        if ("report".equals(job)) {
            String path = service.report(null);
            String ledger = ComplianceWorkbook.ledgerOf(java.nio.file.Path.of(path)).toString();
            if (context.json()) {
                Printer.json(context, Map.of("job", "report", "workbook", path, "ledger", ledger));
            } else {
                context.out().println("workbook written: " + Text.escape(path));
                context.out().println("ledger export written: " + Text.escape(ledger));
            }
            return ExitCodes.OK;
        }
        JobExecution execution = service.run(job, dryRun, targets, context.configDir());
        return print(context, service, execution);
    }

    /**
     * Prints a remediation execution's outcome and returns its exit code: the figures on stdout, and
     * when the execution did not complete, one line on stderr that says why and how to resume (with
     * {@code --json}, also as {@code error} and {@code exitCode} in the one JSON object).
     */
    static int print(CliContext context, RunService service, JobExecution execution) {
        Outcome outcome = outcome(context, service, execution);
        if (context.json()) {
            Printer.json(context, outcome.json());
        } else {
            context.out().print(outcome.text());
            context.out().flush();
        }
        outcome.printError(context);
        return outcome.exitCode();
    }

    /**
     * A remediation execution's outcome as sealctl prints it: its exit code, its figures as a JSON object and
     * as lines of text, and when it did not complete, the line for stderr (without {@code sealctl: }).
     */
    record Outcome(int exitCode, Map<String, Object> json, String text, String error) {

        void printError(CliContext context) {
            if (error != null) {
                context.err().println("sealctl: " + error);
                context.err().flush();
            }
        }
    }

    /** The outcome of a remediation execution that has ended. */
    static Outcome outcome(CliContext context, RunService service, JobExecution execution) {
        // the figures the execution's report step fixed: the figures query is not run a second time
        RunFigures.Figures f = service.figuresAtEnd(execution.getId());
        // the verdict is the one this execution's report reached; an execution stopped before its report
        // reached none (the run's recorded verdict would be an earlier execution's)
        boolean reported = execution.getStepExecutions().stream()
                .anyMatch(s -> s.getStepName().equals("report") && s.getStatus() == BatchStatus.COMPLETED);
        Verdict verdict = f == null || !reported ? null : context.bean(RunFigures.class).recordedVerdict(f.runId());
        String workbook = context.bean(RunRecords.class).run(f.runId()).workbook();
        int code = exitCode(execution, f, verdict);
        String job = execution.getJobInstance().getJobName();
        String reason = execution.getStatus() == BatchStatus.COMPLETED ? null : ExitCodes.failureOf(context, execution);
        String error = reason == null ? null : failureLine(job, execution, reason);
        long[] imported = context.bean(RunFigures.class).imported(f.runId());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("executionId", execution.getId());
        json.put("job", job);
        json.put("status", execution.getStatus().name());
        json.put("verdict", verdict == null ? null : verdict.name());
        json.put("runId", f.runId());
        json.put("dryRun", f.dryRun());
        json.putAll(f.rowFigures());
        json.put("imported", imported[0]);
        json.put("rejected", imported[1]);
        json.put("targets", f.targets());
        json.put("targetsVerified", f.targetsVerified());
        json.put("targetsFailed", f.targetsFailed());
        json.put("workbook", workbook);
        String ledger = workbook == null ? null : ComplianceWorkbook.ledgerOf(java.nio.file.Path.of(workbook)).toString();
        json.put("ledger", ledger);
        if (reason != null) {
            json.put("reason", reason);
            json.put("error", error);
        }
        json.put("exitCode", code);
        StringBuilder text = new StringBuilder();
        text.append(String.format("%s execution %d %s, verdict %s%n", Text.escape(job), execution.getId(),
                execution.getStatus(), verdict));
        if ("nightly".equals(job)) {
            text.append(String.format("  feed lines imported %d, rejected %d%n", imported[0], imported[1]));
        }
        text.append(String.format("  targets %d (verified %d, failed %d)%n", f.targets(), f.targetsVerified(),
                f.targetsFailed()));
        text.append(String.format("  matched %d, purged %d, masked %d, review %d, failed %d, refused %d, residual %s%n",
                f.matched(), f.purged(), f.masked(), f.review(), f.failed(), f.refused(),
                f.residual() == null ? "-" : f.residual()));
        text.append(String.format("  of the rows changed: destroyed %d, sealed %d (kept in the vault)%n",
                f.destroyed(), f.sealed()));
        text.append(String.format("  unsealed orders: restored %d, conflicts %d (changed since they were sealed:"
                + " for review)%n", f.restored(), f.conflicts()));
        if (workbook != null) {
            text.append("  workbook ").append(Text.escape(workbook)).append(System.lineSeparator());
            text.append("  ledger export ").append(Text.escape(ledger)).append(System.lineSeparator());
        }
        return new Outcome(code, json, text.toString(), error);
    }

    /** "remediate execution 7 failed: step plan.olbs: cannot reach ...; see ..., then resume with: ...". */
    private static String failureLine(String job, JobExecution execution, String reason) {
        long id = execution.getId();
        boolean stopped = reason.equals(FailureMessages.STOPPED);
        return Text.escape(job) + " execution " + id + (stopped ? " " : " failed: ") + reason
                + "; see sealctl status " + id + ", then resume with: sealctl restart " + id;
    }

    private static int exitCode(JobExecution execution, RunFigures.Figures f, Verdict verdict) {
        if (execution.getStatus() != BatchStatus.COMPLETED) {
            return ExitCodes.FAILED;
        }
        if (verdict == Verdict.COMPLIANT || verdict == Verdict.DRY_RUN) {
            return ExitCodes.OK;
        }
        if (f.refused() > 0 && f.changed() == 0 && f.failed() == 0) {
            return ExitCodes.REFUSED;
        }
        return ExitCodes.NOT_COMPLIANT;
    }
}
