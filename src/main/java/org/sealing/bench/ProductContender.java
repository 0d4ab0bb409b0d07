package org.sealing.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The product: {@code sealctl run remediate} of the world's targets in a process of its own, on the
 * copies {@code bench_product_*}, against the benchmark's control database, timed from the process's
 * start to its exit (JVM and context start, plan, apply, verify and the workbook), as a user waits for
 * it. Its phases are taken from the steps its job recorded.
 */
final class ProductContender {

    static final String CONTENDER = "product";
    // its lines are the benchmark's
    private static final Logger log = LoggerFactory.getLogger(Benchmark.class);

    /**
     * The product's timing, and its phases in seconds: {@code start} (from the process's start to its
     * job's), each kind of step (summed over targets, which run side by side), {@code exit} (from the job's
     * end to the process's); and its evidence's: {@code whole} (from the report step's start to the evidence
     * written: the figures fixed, then the workbook and the ledger export), {@code workbook}, {@code ledger}.
     */
    record Run(Timing timing, Map<String, Double> phases, Map<String, Double> evidence) {
    }

    private ProductContender() {
    }

    /** Runs the product on fresh copies, through the target files in the benchmark's configuration folder. */
    static Run run(BenchRun run, long matched, Path workDir, Map<String, String> settings, int workers)
            throws Exception {
        run.copies(CONTENDER);
        return timed(run, matched, workDir, settings, "product", workers);
    }

    /**
     * The nightly run with nothing new: the product run again on the copies it has just remediated, against the
     * same control database and register (its plan finds nothing to change; it verifies every target and writes
     * its evidence). Checked: nothing left, no row audited by it.
     */
    static Run again(BenchRun run, Path workDir, Map<String, String> settings, int workers) throws Exception {
        return timed(run, 0, workDir, settings, "nightly", workers);
    }

    /**
     * The run, timed; with {@code workers} above 0, its partitions are taken by that many {@code sealctl worker}
     * processes over the broker the settings name, started and ready before the clock starts.
     */
    private static Run timed(BenchRun run, long matched, Path workDir, Map<String, String> settings, String name,
            int workers) throws Exception {
        try (BenchWorkers ignored = BenchWorkers.start(workers, workDir, settings, name)) {
            return timed(run, matched, workDir, settings, name);
        }
    }

    private static Run timed(BenchRun run, long matched, Path workDir, Map<String, String> settings, String name)
            throws Exception {
        List<String> args = new ArrayList<>(List.of("run", "remediate", "--json"));
        for (String target : run.world().targets()) {
            args.add("--target");
            args.add(target);
        }
        Path out = workDir.resolve(name + ".out");
        Path err = workDir.resolve(name + ".err");
        ProcessBuilder builder = new ProcessBuilder(ProductProcess.command(args)).directory(workDir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        ProductProcess.environment(builder.environment(), settings);
        long startedAt = System.currentTimeMillis();
        long started = System.nanoTime();
        Process process = builder.start();
        int exit;
        try {
            if (!process.waitFor(6, TimeUnit.HOURS)) {
                throw new IllegalStateException("the product's run did not end in 6 hours");
            }
            exit = process.exitValue();
        } finally {
            process.destroyForcibly();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        long endedAt = startedAt + Math.round(seconds * 1000);
        if (exit != 0) {
            throw new IllegalStateException("the " + name + " run exited with " + exit + " (0 is compliant): "
                    + tail(err) + " " + tail(out));
        }
        JdbcTemplate control = run.control();
        Map<String, Object> job = control.queryForMap("select e.job_execution_id, i.job_instance_id, e.start_time,"
                + " e.end_time from batch_job_execution e join batch_job_instance i on i.job_instance_id"
                + " = e.job_instance_id where i.job_name = 'remediate' order by e.job_execution_id desc limit 1");
        long executionId = ((Number) job.get("job_execution_id")).longValue();
        long runId = ((Number) job.get("job_instance_id")).longValue();
        Map<String, Double> phases = new LinkedHashMap<>();
        phases.put("start", (millis(job.get("start_time")) - startedAt) / 1000.0);
        phases.putAll(stepSeconds(control, executionId, startedAt));
        phases.put("exit", (endedAt - millis(job.get("end_time"))) / 1000.0);
        BenchCheck.check(name, matched,
                BenchCheck.count(control, "select count(*) from audit_ledger where run_id = ?", runId),
                run.residual(CONTENDER), true);
        return new Run(Timing.of(seconds, matched), phases, evidence(control, executionId));
    }

    /** The evidence's seconds, as its first version recorded them (see {@link Run}). */
    private static Map<String, Double> evidence(JdbcTemplate control, long executionId) {
        Map<String, Double> evidence = new LinkedHashMap<>();
        control.query("select v.written_at, s.start_time, v.workbook_seconds, v.ledger_seconds from evidence_version v"
                + " left join batch_step_execution s on s.job_execution_id = v.execution_id and s.step_name = 'report'"
                + " where v.execution_id = ? order by v.version limit 1", rs -> {
                    if (rs.getObject(2) != null) {
                        evidence.put("whole", (rs.getTimestamp(1).getTime() - millis(rs.getObject(2))) / 1000.0);
                    }
                    evidence.put("workbook", rs.getDouble(3));
                    evidence.put("ledger", rs.getDouble(4));
                }, executionId);
        return evidence;
    }

    private static long millis(Object time) {
        if (time instanceof Timestamp t) {
            return t.getTime();
        }
        if (time instanceof java.time.LocalDateTime t) {
            return Timestamp.valueOf(t).getTime();
        }
        throw new IllegalStateException("not a time: " + time);
    }

    /**
     * Seconds per kind of step: the part of a step's name before its first dot ({@code apply.olbs} is
     * apply); the partitioned steps ({@code targets}, {@code apply}, {@code verify}) and their partitions
     * ({@code targets:T}...), which only hold the steps of each target, are not phases. Each step is logged with its start after the process's
     * ({@code startedAt}), for profiling.
     */
    private static Map<String, Double> stepSeconds(JdbcTemplate control, long executionId, long startedAt) {
        Map<String, Double> steps = new LinkedHashMap<>();
        control.query("select step_name, start_time, end_time from batch_step_execution where job_execution_id = ?"
                + " order by step_execution_id", rs -> {
                    String name = rs.getString(1);
                    if (name.equals("targets") || name.equals("apply") || name.equals("verify") || name.contains(":")) {
                        // the partitioned steps and their partitions span the steps they run
                        return;
                    }
                    String kind = name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
                    long start = rs.getTimestamp(2).getTime();
                    double s = (rs.getTimestamp(3).getTime() - start) / 1000.0;
                    steps.merge(kind, s, Double::sum);
                    log.info("bench: product step {} from {} s, {} s", name, String.format("%.2f",
                            (start - startedAt) / 1000.0), String.format("%.2f", s));
                }, executionId);
        return steps;
    }

    static String tail(Path file) {
        try {
            String text = Files.readString(file).strip();
            return text.length() > 2_000 ? text.substring(text.length() - 2_000) : text;
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
