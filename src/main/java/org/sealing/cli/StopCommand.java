package org.sealing.cli;

import java.util.Map;

import org.springframework.batch.core.job.JobExecution;

import org.sealing.job.JobRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code sealctl stop EXECUTION_ID}: asks a running execution to stop at its next chunk boundary. */
@Command(name = "stop", mixinStandardHelpOptions = true,
        description = "Asks a running execution to stop at its next chunk boundary; it ends STOPPED and can be"
            + " resumed with sealctl restart.")
class StopCommand extends ContextCommand {

    @Parameters(paramLabel = "EXECUTION_ID", description = "The execution to stop (see sealctl status).")
    private long executionId;

    StopCommand(CliContext context) {
        super(context);
    }

    @Override
    public Integer call() {
        JobExecution execution = context.bean(JobRunner.class).stop(executionId);
        long stopped = execution.getId();
        if (context.json()) {
            Printer.json(context, Map.of("executionId", stopped, "status", execution.getStatus().name()));
        } else {
            context.out().printf("execution %d%s asked to stop (%s); it stops at its next chunk boundary%n",
                    stopped, stopped == executionId ? "" : " (which resumed execution " + executionId + ")",
                    execution.getStatus());
        }
        return ExitCodes.OK;
    }
}
