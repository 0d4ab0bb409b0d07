package org.sealing.cli;


import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;

import org.sealing.job.ExecutionHistory;
import org.sealing.run.RemediationJobs;
import org.sealing.run.RunService;
import org.sealing.register.ImportService;
import org.sealing.support.Text;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code sealctl restart EXECUTION_ID}: resumes a failed, stopped or dead execution. */
@Command(name = "restart", mixinStandardHelpOptions = true,
        description = {"Resumes a failed or stopped execution from where it stopped, including one whose process"
            + " died (status shows it as DEAD).",
            "Work already committed is not done again, and the counts cover the whole run across its restarts."})
class RestartCommand extends ContextCommand {

    @Parameters(paramLabel = "EXECUTION_ID", description = "The execution to resume (see sealctl status).")
    private long executionId;

    RestartCommand(CliContext context) {
        super(context);
    }

    @Override
    public Integer call() {
        RunService runs = context.bean(RunService.class);
        stopJobsOnSignal();
        JobExecution execution = runs.restart(executionId, context.configDir(),
                notice -> context.err().println("note: " + Text.escape(notice)));
        if (RemediationJobs.JOBS.contains(execution.getJobInstance().getJobName())) {
            return RunCommand.print(context, runs, execution);
        }
        Long importId = ImportService.importIdOf(execution);
        if (importId != null) {
            ImportCommand.print(context, context.bean(ImportService.class).report(importId, execution, 20));
        } else {
            ExecutionHistory.Execution shown = context.bean(ExecutionHistory.class).one(execution.getId());
            if (context.json()) {
                Printer.json(context, StatusCommand.toJson(shown));
            } else {
                context.out().printf("execution %d (%s) %s%n", shown.executionId(), Text.escape(shown.job()),
                        shown.status());
            }
            if (execution.getStatus() != BatchStatus.COMPLETED) {
                context.err().printf("sealctl: execution %d did not complete: %s; resume with: sealctl restart %d%n",
                        execution.getId(), ExitCodes.failureOf(context, execution), execution.getId());
            }
        }
        return execution.getStatus() == BatchStatus.COMPLETED ? ExitCodes.OK : ExitCodes.FAILED;
    }
}
