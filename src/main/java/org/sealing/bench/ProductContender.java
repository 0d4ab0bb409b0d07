package org.sealing.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import org.sealing.run.RunService;

/**
 * The product's own {@code remediate} on the copy {@code bench_product}, through a target file of its
 * own. Its time is that of plan and apply, from the job's start to the last apply step's end; its
 * verify and evidence are timed apart, from the steps the job repository recorded and the evidence's
 * own record of how long its workbook and ledger export took.
 */
final class ProductContender {

    static final String DATABASE = "bench_product";
    private static final String TARGET = "bench";

    /** The product's timing, and the seconds of each kind of step (plan, apply, verify, report). */
    record Run(Timing timing, Map<String, Double> steps) {
    }

    private ProductContender() {
    }

    /** Runs {@code remediate} in the product's application, with its configuration in {@code configDir}. */
    static Run run(ConfigurableApplicationContext product, BenchWorld world, Path configDir, long matched)
            throws Exception {
        JdbcTemplate control = product.getBean(JdbcTemplate.class);
        Files.writeString(Files.createDirectories(configDir.resolve("targets")).resolve(TARGET + ".yml"),
                world.targetFile(TARGET, DATABASE));
        JobExecution execution = product.getBean(RunService.class).run("remediate", false, List.of(TARGET), configDir);
        if (execution.getStatus() != BatchStatus.COMPLETED) {
            throw new IllegalStateException("the product's run did not complete: " + execution.getExitStatus());
        }
        Map<String, Double> steps = stepSeconds(control, execution.getId());
        // the evidence is written once the execution has ended: its workbook (which waits for the ledger
        // export, written beside it at the same time) and the export alone
        control.query("select workbook_seconds, ledger_seconds from evidence_version where execution_id = ?"
                + " order by version limit 1", rs -> {
                    steps.put("evidence", rs.getDouble(1));
                    steps.put("ledger", rs.getDouble(2));
                }, execution.getId());
        Double seconds = control.queryForObject("select extract(epoch from (max(s.end_time) - j.start_time))"
                + " from batch_step_execution s join batch_job_execution j on j.job_execution_id = s.job_execution_id"
                + " where s.job_execution_id = ? and s.step_name like 'apply.%' group by j.start_time", Double.class,
                execution.getId());
        long runId = execution.getJobInstance().getInstanceId();
        long changed = BenchCheck.count(control, "select count(*) from audit_ledger where run_id = ?", runId);
        Long residual = control.queryForObject("select residual from run_target where run_id = ?", Long.class, runId);
        BenchCheck.check("product", matched, changed, residual == null ? -1 : residual, true);
        return new Run(Timing.of(seconds == null ? 0 : seconds, matched), steps);
    }

    /** Seconds per kind of step: the part of a step's name before its first dot ({@code apply.olbs} is apply). */
    private static Map<String, Double> stepSeconds(JdbcTemplate control, long executionId) {
        Map<String, Double> steps = new LinkedHashMap<>();
        control.query("select step_name, start_time, end_time from batch_step_execution where job_execution_id = ?"
                + " order by step_execution_id", rs -> {
                    String name = rs.getString(1);
                    String kind = name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
                    Timestamp start = rs.getTimestamp(2);
                    Timestamp end = rs.getTimestamp(3);
                    steps.merge(kind, Duration.between(start.toInstant(), end.toInstant()).toMillis() / 1000.0, Double::sum);
                }, executionId);
        return steps;
    }
}
