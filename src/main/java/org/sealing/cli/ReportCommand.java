package org.sealing.cli;

import java.util.Map;

import org.sealing.run.RunService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code sealctl report [EXECUTION_ID]}: (re)writes the compliance workbook of an execution. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "(Re)writes the compliance workbook of an execution (default: the latest remediation run),"
            + " with its .sha256 beside it.")
class ReportCommand extends ContextCommand {

    @Parameters(paramLabel = "EXECUTION_ID", arity = "0..1", description = "The execution (see sealctl status).")
    private Long executionId;

    ReportCommand(CliContext context) {
        super(context);
    }

    @Override
    public Integer call() {
        String path = context.bean(RunService.class).report(executionId);
        if (context.json()) {
            Printer.json(context, Map.of("workbook", path));
        } else {
            context.out().println("workbook written: " + path);
        }
        return ExitCodes.OK;
    }
}
