package org.sealing.cli;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import org.sealing.job.ExecutionHistory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sealctl status}: recent executions, newest first, with how each ended. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Shows recent executions: id, job, status, start, end, counts, verdict, and for a failure"
            + " its step and reason.",
            "An execution whose process died (killed, power loss) shows as DEAD; resume it with sealctl restart."})
class StatusCommand implements Callable<Integer> {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final CliContext context;

    @Mixin
    private GlobalOptions globalOptions;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "20",
            description = "How many executions to show (default: ${DEFAULT-VALUE}).")
    private int limit;

    StatusCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        List<ExecutionHistory.Execution> executions = context.bean(ExecutionHistory.class).recent(Math.max(1, limit));
        if (context.json()) {
            List<Map<String, Object>> list = new ArrayList<>();
            for (ExecutionHistory.Execution e : executions) {
                list.add(toJson(e));
            }
            Printer.json(context, Map.of("executions", list));
            return ExitCodes.OK;
        }
        var out = context.out();
        if (executions.isEmpty()) {
            out.println("no executions yet");
            return ExitCodes.OK;
        }
        out.printf("%-9s %-10s %-10s %-19s  %-19s  %s%n", "EXECUTION", "JOB", "STATUS", "STARTED", "ENDED",
                "COUNTS / VERDICT / REASON");
        for (ExecutionHistory.Execution e : executions) {
            String figures = e.counts().entrySet().stream().filter(c -> !c.getKey().endsWith("Id"))
                    .map(c -> c.getKey() + " " + (c.getValue() == null ? "-" : c.getValue())).collect(Collectors.joining(", "));
            StringBuilder detail = new StringBuilder(figures);
            if (e.verdict() != null) {
                detail.append(detail.isEmpty() ? "" : "; ").append(e.verdict());
            }
            if (e.reason() != null) {
                detail.append(detail.isEmpty() ? "" : "; ")
                        .append(e.failedStep() == null ? "" : "step " + e.failedStep() + ": ").append(e.reason());
            }
            out.printf("%-9d %-10s %-10s %-19s  %-19s  %s%n", e.executionId(), e.job(), e.status(), time(e.startTime()),
                    time(e.endTime()), detail);
        }
        return ExitCodes.OK;
    }

    static Map<String, Object> toJson(ExecutionHistory.Execution e) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("executionId", e.executionId());
        json.put("job", e.job());
        json.put("status", e.status());
        json.put("startTime", e.startTime() == null ? null : e.startTime().toString());
        json.put("endTime", e.endTime() == null ? null : e.endTime().toString());
        json.put("verdict", e.verdict());
        json.put("failedStep", e.failedStep());
        json.put("reason", e.reason());
        json.putAll(e.counts());
        return json;
    }

    private static String time(OffsetDateTime t) {
        return t == null ? "-" : TIME.format(t);
    }
}
