package org.sealing.cli;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import org.sealing.ledger.RunProgress;
import org.sealing.job.ExecutionHistory;
import org.sealing.support.ConfigurationException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sealctl status}: recent executions, newest first, with how each ended. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Shows recent executions: id, job, status, start, end, counts, verdict, and for a failure"
            + " its step and reason; times in the court's zone (SEALING_ZONE), ISO-8601 with their offset.",
            "An execution whose process died (killed, power loss) shows as DEAD; resume it with sealctl restart."})
class StatusCommand implements Callable<Integer> {

    /** ISO-8601 with the offset, to the second: 2026-11-30T02:00:03-05:00, in the court's zone. */
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");

    private final CliContext context;

    @Mixin
    private GlobalOptions globalOptions;

    // read as text so that a wrong value is one line naming --limit, not picocli's usage page
    @Option(names = "--limit", paramLabel = "N", defaultValue = "20",
            description = "How many executions to show, 1 or more (default: ${DEFAULT-VALUE}).")
    private String limit;

    @picocli.CommandLine.Parameters(paramLabel = "EXECUTION_ID", arity = "0..1",
            description = "Show this execution's progress, target by target and table by table.")
    private Long executionId;

    StatusCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        int count = limit(limit);
        if (executionId != null) {
            return detail();
        }
        List<ExecutionHistory.Execution> executions = context.bean(ExecutionHistory.class).recent(count);
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
        out.printf("%-9s %-10s %-10s %-25s  %-25s  %s%n", "EXECUTION", "JOB", "STATUS", "STARTED", "ENDED",
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
            detail.append(links(e, detail.isEmpty() ? "" : "; "));
            out.printf("%-9d %-10s %-10s %-25s  %-25s  %s%n", e.executionId(), e.job(), e.status(), time(e.startTime()),
                    time(e.endTime()), detail);
        }
        return ExitCodes.OK;
    }

    private int detail() {
        ExecutionHistory.Execution e = context.bean(ExecutionHistory.class).one(executionId);
        if (e == null) {
            throw new ConfigurationException("no execution " + executionId);
        }
        Object runId = e.counts().get("runId");
        List<Map<String, Object>> targets = runId == null ? List.of()
                : context.bean(RunProgress.class).of(((Number) runId).longValue());
        if (context.json()) {
            Map<String, Object> json = toJson(e);
            json.put("targets", targets);
            Printer.json(context, json);
            return ExitCodes.OK;
        }
        var out = context.out();
        out.printf("execution %d (%s) %s%s%n", e.executionId(), e.job(), e.status(),
                e.verdict() == null ? "" : ", verdict " + e.verdict());
        out.printf("  started %s, ended %s%n", time(e.startTime()), time(e.endTime()));
        if (e.resumes() != null || e.resumedBy() != null) {
            out.printf("  %s%n", links(e, ""));
        }
        if (e.reason() != null) {
            out.printf("  %s%s%n", e.failedStep() == null ? "" : "step " + e.failedStep() + ": ", e.reason());
        }
        e.counts().forEach((k, v) -> out.printf("  %s %s%n", k, v == null ? "-" : v));
        for (Map<String, Object> t : targets) {
            out.printf("  target %s: %s%s%s%n", t.get("target"), t.get("state"),
                    t.get("residual") == null ? "" : ", residual " + t.get("residual"),
                    t.get("reason") == null ? "" : " (" + t.get("reason") + ")");
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> tables = (List<Map<String, Object>>) t.get("tables");
            for (Map<String, Object> table : tables) {
                out.printf("    %-32s %-5s planned %d, applied %d, failed %d, refused %d, residual %s%n",
                        table.get("table"), table.get("action"), table.get("planned"), table.get("applied"),
                        table.get("failed"), table.get("refused"), table.get("residual") == null ? "-"
                                : table.get("residual"));
            }
        }
        return ExitCodes.OK;
    }

    static Map<String, Object> toJson(ExecutionHistory.Execution e) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("executionId", e.executionId());
        json.put("job", e.job());
        json.put("status", e.status());
        json.put("startTime", e.startTime() == null ? null : TIME.format(e.startTime()));
        json.put("endTime", e.endTime() == null ? null : TIME.format(e.endTime()));
        json.put("verdict", e.verdict());
        json.put("failedStep", e.failedStep());
        json.put("reason", e.reason());
        json.put("resumes", e.resumes());
        json.put("resumedBy", e.resumedBy());
        json.putAll(e.counts());
        return json;
    }

    /** Which execution of the same run this one resumed, and which resumed it. */
    private static String links(ExecutionHistory.Execution e, String separator) {
        String links = (e.resumes() == null ? "" : "resumes " + e.resumes())
                + (e.resumes() != null && e.resumedBy() != null ? ", " : "")
                + (e.resumedBy() == null ? "" : "resumed by " + e.resumedBy());
        return links.isEmpty() ? "" : separator + links;
    }

    /** The number of executions to show: a whole number of 1 or more, never quietly changed into one. */
    static int limit(String text) {
        String value = text == null ? "" : text.strip();
        if (value.matches("[0-9]{1,9}") && Integer.parseInt(value) >= 1) {
            return Integer.parseInt(value);
        }
        throw new ConfigurationException("--limit must be a whole number of 1 or more (how many executions to show),"
                + " not '" + printable(text) + "'; see sealctl status --help");
    }

    private static String printable(String text) {
        StringBuilder out = new StringBuilder();
        (text == null ? "" : text).codePoints().forEach(c -> out.append(Character.isISOControl(c)
                ? String.format("\\u%04x", c) : new String(Character.toChars(c))));
        return out.toString();
    }

    private static String time(OffsetDateTime t) {
        return t == null ? "-" : TIME.format(t);
    }
}
