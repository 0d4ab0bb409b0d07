package org.sealing.report;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import org.sealing.ledger.RunFigures;
import org.sealing.ledger.TableFigures;
import org.sealing.ledger.TargetFigures;
import org.sealing.ledger.TargetFiguresQuery;
import org.sealing.ledger.TargetState;
import org.sealing.ledger.Verdict;
import org.sealing.support.ConfigurationException;

/**
 * Everything the workbook shows, read from the control database alone: the figures through the one
 * query of the ledger, and the rows too many to hold (feed lines, failed rows, the audit) streamed to
 * the sheet that writes them.
 */
@Component
class WorkbookReader {

    private final JdbcTemplate jdbc;
    private final JdbcTemplate streaming;
    private final RunFigures figures;
    private final TargetFiguresQuery targets;
    private final CourtTime time;

    WorkbookReader(JdbcTemplate jdbc, RunFigures figures, TargetFiguresQuery targets, CourtTime time) {
        this.jdbc = jdbc;
        this.streaming = new JdbcTemplate(jdbc.getDataSource());
        this.streaming.setFetchSize(5_000);
        this.figures = figures;
        this.targets = targets;
        this.time = time;
    }

    /** The execution a workbook is written for, and its run. */
    record Execution(long executionId, long runId, String job, String status, OffsetDateTime start,
            OffsetDateTime end) {
    }

    /**
     * What the Summary sheet says of a run beyond its figures.
     *
     * @param previous the start of the run before it, null for the first
     */
    record Summary(RunFigures.Figures figures, Verdict verdict, LocalDate asOf, String fingerprint, boolean dryRun,
            OffsetDateTime previous, long activeCases, long imported, long rejected) {
    }

    /** One run of the Trend sheet. */
    record TrendRun(long runId, String job, OffsetDateTime created, RunFigures.Figures figures, Verdict verdict) {
    }

    /** One row of the Exceptions sheet: a line number for feed lines, a table for tables and rows. */
    record ExceptionRow(String kind, String source, Long line, String table, String reason, String order,
            String rowRef) {
    }

    /** One changed row of the audit ledger. */
    record AuditRow(String order, String statute, String target, String table, String rowRef, String action,
            OffsetDateTime changedAt, long executionId) {
    }

    /** An execution of a remediation run; any other is a mistake of the caller's, named. */
    Execution execution(long executionId) {
        List<Execution> found = jdbc.query("""
                select e.job_execution_id, e.job_instance_id, i.job_name, e.status, e.start_time, e.end_time
                from batch_job_execution e join batch_job_instance i on i.job_instance_id = e.job_instance_id
                where e.job_execution_id = ?
                """, (rs, i) -> new Execution(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                time.of(rs.getTimestamp(5)), time.of(rs.getTimestamp(6))), executionId);
        if (found.isEmpty()) {
            throw new ConfigurationException("no execution " + executionId);
        }
        Integer runs = jdbc.queryForObject("select count(*) from remediation_run where run_id = ?", Integer.class,
                found.get(0).runId());
        if (runs == null || runs == 0) {
            throw new ConfigurationException("execution " + executionId + " (" + found.get(0).job() + ") is not a"
                    + " remediation run; workbooks are written for nightly, remediate and verify runs");
        }
        return found.get(0);
    }

    Summary summary(long runId) {
        RunFigures.Figures f = figures.of(runId);
        Map<String, Object> run = jdbc.queryForMap("select as_of, config_fingerprint, dry_run from remediation_run"
                + " where run_id = ?", runId);
        LocalDate asOf = ((java.sql.Date) run.get("as_of")).toLocalDate();
        OffsetDateTime previous = jdbc.query("select max(created_at) from remediation_run where run_id < ?",
                rs -> rs.next() ? time.of(rs.getTimestamp(1)) : null, runId);
        Long activeCases = jdbc.queryForObject("select count(*) from sealing_order where order_type = 'SEAL'"
                + " and effective_from <= ?", Long.class, asOf);
        long[] imported = figures.imported(runId);
        return new Summary(f, f.verdict(), asOf, (String) run.get("config_fingerprint"),
                Boolean.TRUE.equals(run.get("dry_run")), previous, activeCases, imported[0], imported[1]);
    }

    List<TargetFigures> targets(long runId) {
        return targets.of(runId);
    }

    /** Every run that changed targets (no dry run) up to this one, oldest first. */
    List<TrendRun> trend(long runId) {
        Map<Long, List<TargetFigures>> byRun = targets.runsThrough(runId);
        List<TrendRun> runs = new ArrayList<>();
        jdbc.query("select run_id, job, created_at, verdict from remediation_run where run_id <= ? and not dry_run"
                + " order by run_id", rs -> {
                    long id = rs.getLong(1);
                    runs.add(new TrendRun(id, rs.getString(2), time.of(rs.getTimestamp(3)),
                            RunFigures.Figures.of(id, false, byRun.getOrDefault(id, List.of())),
                            Verdict.recorded(rs.getString(4))));
                }, runId);
        return runs;
    }

    /** What went wrong in a run, in the Exceptions sheet's order: its imports' feeds, then targets, tables, rows. */
    void exceptions(long runId, Consumer<ExceptionRow> sheet) {
        List<Long> imports = jdbc.queryForList("""
                select distinct cast(p.parameter_value as bigint) from batch_job_execution_params p
                join batch_job_execution e on e.job_execution_id = p.job_execution_id
                where e.job_instance_id = ? and p.parameter_name = 'import.id'
                """, Long.class, runId);
        for (Long importId : imports) {
            jdbc.query("select file_name, reason from feed_refusal where import_id = ? order by file_name",
                    rs -> {
                        sheet.accept(new ExceptionRow("refused feed file", rs.getString(1), null, null, rs.getString(2),
                                null, null));
                    }, importId);
            streaming.query("""
                    select f.file_name, l.line_no, l.reason, l.order_id from feed_line l
                    join feed_file f on f.import_id = l.import_id and f.file_seq = l.file_seq
                    where l.import_id = ? and l.outcome = 'REJECTED' order by l.file_seq, l.line_no
                    """, rs -> {
                    sheet.accept(new ExceptionRow("rejected feed line", rs.getString(1), rs.getLong(2), null,
                            rs.getString(3), rs.getString(4), null));
                }, importId);
            streaming.query("""
                    select f.file_name, l.line_no, l.order_id from feed_line l
                    join feed_file f on f.import_id = l.import_id and f.file_seq = l.file_seq
                    where l.import_id = ? and l.outcome = 'UPDATED' order by l.file_seq, l.line_no
                    """, rs -> {
                    sheet.accept(new ExceptionRow("updated order", rs.getString(1), rs.getLong(2), null,
                            "the court changed an order already in the register", rs.getString(3), null));
                }, importId);
        }
        List<TargetFigures> figures = targets.of(runId);
        for (TargetFigures t : figures) {
            if (t.state() == TargetState.FAILED) {
                sheet.accept(new ExceptionRow("failed target", t.target(), null, null, t.reason(), null, null));
            }
        }
        for (TargetFigures t : figures) {
            for (TableFigures table : t.tables()) {
                if (table.refusedByRatio()) {
                    sheet.accept(new ExceptionRow("refused table", t.target(), null, table.table(), table.reason(),
                            null, null));
                }
            }
        }
        streaming.query("select target, table_name, reason, order_id, row_ref from remediation_plan_state"
                + " where run_id = ? and state = 'FAILED' order by target, table_name, plan_id", rs -> {
                    sheet.accept(new ExceptionRow("failed row", rs.getString(1), null, rs.getString(2), rs.getString(3),
                            rs.getString(4), rs.getString(5)));
                }, runId);
    }

    /** The audit ledger of a run, in the order its rows were changed. */
    void audit(long runId, Consumer<AuditRow> sheet) {
        streaming.query("""
                select order_id, statute, target, table_name, row_ref, action, changed_at, execution_id
                from audit_ledger where run_id = ? order by audit_id
                """, rs -> {
                sheet.accept(new AuditRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6).toLowerCase(), time.of(rs.getTimestamp(7)), rs.getLong(8)));
            }, runId);
    }
}
