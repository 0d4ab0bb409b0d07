package org.sealing.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.batch.core.BatchStatus;

import org.sealing.register.ImportFiles;
import org.sealing.register.ImportService;
import org.sealing.register.Printable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sealctl import FILE...}: brings court feed files into the register. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Imports sealing-order feed files into the register and prints accepted, unchanged,"
            + " updated and rejected counts.",
            "A file that cannot be read as a feed (missing, empty, binary, wrong header) refuses the whole"
                + " command with exit code 2 and nothing imported. Rejected lines are listed by file, line,"
                + " reason and order_id."})
class ImportCommand extends ContextCommand {

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Feed files (CSV, UTF-8, with header).")
    private List<Path> files;

    @Option(names = "--show-rejected", paramLabel = "N", defaultValue = "20",
            description = "How many rejected lines to list (default: ${DEFAULT-VALUE}).")
    private int showRejected;

    ImportCommand(CliContext context) {
        super(context);
    }

    @Override
    public Integer call() {
        if (showRejected < 0) {
            throw new org.sealing.support.ConfigurationException("--show-rejected must be a whole number of 0 or more"
                    + " (how many rejected lines to list), not " + showRejected);
        }
        ImportService service = context.bean(ImportService.class);
        stopJobsOnSignal();
        ImportService.ImportReport report = service.importFiles(files, ImportFiles.Origin.COMMAND,
                showRejected);
        print(context, report);
        return report.execution().getStatus() == BatchStatus.COMPLETED ? ExitCodes.OK : ExitCodes.FAILED;
    }

    static void print(CliContext context, ImportService.ImportReport report) {
        long executionId = report.execution().getId();
        BatchStatus status = report.execution().getStatus();
        if (context.json()) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("executionId", executionId);
            json.put("job", "import");
            json.put("status", status.name());
            json.put("importId", report.importId());
            json.put("accepted", report.accepted());
            json.put("unchanged", report.unchanged());
            json.put("updated", report.updated());
            json.put("rejected", report.rejected());
            List<Map<String, Object>> files = new ArrayList<>();
            for (ImportFiles.FileCounts f : report.files()) {
                Map<String, Object> file = new LinkedHashMap<>();
                file.put("file", f.fileName());
                file.put("lines", f.lines());
                file.put("accepted", f.accepted());
                file.put("unchanged", f.unchanged());
                file.put("updated", f.updated());
                file.put("rejected", f.rejected());
                files.add(file);
            }
            json.put("files", files);
            List<Map<String, Object>> rejections = new ArrayList<>();
            for (ImportService.Rejection r : report.rejections()) {
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("file", r.file());
                line.put("line", r.line());
                line.put("reason", r.reason());
                line.put("orderId", Printable.shortened(r.orderId(), Printable.ORDER_ID_CHARS));
                rejections.add(line);
            }
            json.put("rejections", rejections);
            if (status != BatchStatus.COMPLETED) {
                json.put("reason", ExitCodes.failureOf(report.execution()));
            }
            Printer.json(context, json);
            return;
        }
        var out = context.out();
        if (status != BatchStatus.COMPLETED) {
            out.printf("import execution %d %s: %s%n", executionId, status, ExitCodes.failureOf(report.execution()));
            out.printf("resume it with: sealctl restart %d%n", executionId);
            return;
        }
        out.printf("import execution %d completed (import %d)%n", executionId, report.importId());
        for (ImportFiles.FileCounts f : report.files()) {
            out.printf("  %s: %d lines, %d accepted, %d unchanged, %d updated, %d rejected%n", Printable.path(f.fileName()),
                    f.lines(), f.accepted(), f.unchanged(), f.updated(), f.rejected());
        }
        out.printf("accepted %d, unchanged %d, updated %d, rejected %d%n", report.accepted(), report.unchanged(),
                report.updated(), report.rejected());
        if (!report.rejections().isEmpty()) {
            out.println("rejected lines:");
            for (ImportService.Rejection r : report.rejections()) {
                // a rejected line's order_id and a file's name are anyone's text: escaped and cut
                out.printf("  %s:%d %s%s%n", Printable.path(r.file()), r.line(), r.reason(),
                        r.orderId() == null ? "" : " (order " + Printable.orderId(r.orderId()) + ")");
            }
            if (report.totalRejections() > report.rejections().size()) {
                out.printf("  ... and %d more (see the workbook's Exceptions sheet)%n",
                        report.totalRejections() - report.rejections().size());
            }
        }
    }
}
