package org.sealing.cli;

import java.nio.file.Path;
import java.util.Map;

import org.sealing.report.ComplianceWorkbook;
import org.sealing.support.Text;

import org.sealing.run.RunService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code sealctl report [EXECUTION_ID]}: writes a new version of the evidence of an execution, the
 * workbook and the ledger export, from the figures fixed when it ended.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Writes a new version of the evidence of an execution (default: the latest nightly or"
            + " remediate run): the workbook, the ledger export and the .sha256 listing both, beside the earlier"
            + " versions, never over one, with the figures fixed when the execution ended.")
class ReportCommand extends ContextCommand {

    @Parameters(paramLabel = "EXECUTION_ID", arity = "0..1", description = "The execution (see sealctl status).")
    private Long executionId;

    ReportCommand(CliContext context) {
        super(context);
    }

    @Override
    public Integer call() {
        String path = context.bean(RunService.class).report(executionId);
        String ledger = ComplianceWorkbook.ledgerOf(Path.of(path)).toString();
        if (context.json()) {
            Printer.json(context, Map.of("workbook", path, "ledger", ledger));
        } else {
            context.out().println("workbook written: " + Text.escape(path));
            context.out().println("ledger export written: " + Text.escape(ledger));
        }
        return ExitCodes.OK;
    }
}
