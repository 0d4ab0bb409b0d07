package org.sealing.report;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.function.Consumer;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import org.sealing.support.ConfigurationException;

/**
 * What the workbook lists row by row, read from the control database and streamed to the sheet that
 * writes it (feed lines, failed rows, restore conflicts), each as it stood at the end of the execution the
 * workbook is of; and the execution itself. The Audit sheet's groups come with the ledger export. The
 * figures come from {@link EvidenceFigures}, fixed when the execution ended.
 */
@Component
class WorkbookReader {

    private final JdbcTemplate jdbc;
    private final JdbcTemplate streaming;
    private final CourtTime time;

    WorkbookReader(JdbcTemplate jdbc, CourtTime time) {
        this.jdbc = jdbc;
        this.streaming = new JdbcTemplate(jdbc.getDataSource());
        this.streaming.setFetchSize(5_000);
        this.time = time;
    }

    /** The execution a workbook is written for, and its run. */
    record Execution(long executionId, long runId, String job, String status, OffsetDateTime start,
            OffsetDateTime end) {
    }

    /** One row of the Exceptions sheet: a line number for feed lines, a table for tables and rows. */
    record ExceptionRow(String kind, String source, Long line, String table, String reason, String order,
            String rowRef) {
    }

    /** The rows of one order in one table of one target that became one outcome by one action. */
    record AuditGroup(String order, String statute, String target, String table, String action, String outcome,
            long rows, OffsetDateTime first, OffsetDateTime last) {
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

    /** What the run's import refused, rejected or updated, file by file and line by line. */
    void feedExceptions(long runId, Consumer<ExceptionRow> sheet) {
        List<Long> imports = jdbc.queryForList("""
                select distinct cast(p.parameter_value as bigint) from batch_job_execution_params p
                join batch_job_execution e on e.job_execution_id = p.job_execution_id
                where e.job_instance_id = ? and p.parameter_name = 'import.id' order by 1
                """, Long.class, runId);
        for (Long importId : imports) {
            jdbc.query("select file_name, reason from feed_refusal where import_id = ? order by file_name",
                    rs -> {
                        sheet.accept(new ExceptionRow("refused feed file", rs.getString(1), null, null, rs.getString(2),
                                null, null));
                    }, importId);
            streaming.query("""
                    select f.file_name, l.line_no, l.reason, l.order_id, l.outcome from feed_line l
                    join feed_file f on f.import_id = l.import_id and f.file_seq = l.file_seq
                    where l.import_id = ? and l.outcome in ('REJECTED', 'UPDATED')
                    order by l.outcome = 'UPDATED', l.file_seq, l.line_no
                    """, rs -> {
                    boolean rejected = rs.getString(5).equals("REJECTED");
                    sheet.accept(new ExceptionRow(rejected ? "rejected feed line" : "updated order", rs.getString(1),
                            rs.getLong(2), null, rejected ? rs.getString(3)
                                    : "the court changed an order already in the register", rs.getString(4), null));
                }, importId);
        }
    }

    /** The rows that failed, then the restores that met a conflict, up to the end of this execution. */
    void rowExceptions(Execution e, Consumer<ExceptionRow> sheet) {
        streaming.query("""
                select p.target, p.table_name, f.reason, p.order_id, p.row_ref from apply_failure f
                join remediation_plan p on p.plan_id = f.plan_id
                where p.run_id = ? and f.execution_id <= ? and p.action <> 'RESTORE'
                order by p.target, p.table_name, p.plan_id
                """, rs -> {
                sheet.accept(new ExceptionRow("failed row", rs.getString(1), null, rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getString(5)));
            }, e.runId(), e.executionId());
        streaming.query("""
                select p.target, p.table_name, f.reason, p.order_id, p.row_ref from apply_failure f
                join remediation_plan p on p.plan_id = f.plan_id
                where p.run_id = ? and f.execution_id <= ? and p.action = 'RESTORE'
                order by p.target, p.table_name, p.plan_id
                """, rs -> {
                sheet.accept(new ExceptionRow("failed restore", rs.getString(1), null, rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getString(5)));
            }, e.runId(), e.executionId());
        streaming.query("""
                select p.target, p.table_name, c.reason, p.order_id, p.row_ref from restore_conflict c
                join remediation_plan p on p.plan_id = c.plan_id
                where p.run_id = ? and c.execution_id <= ?
                order by p.target, p.table_name, p.plan_id
                """, rs -> {
                sheet.accept(new ExceptionRow("restore conflict", rs.getString(1), null, rs.getString(2),
                        rs.getString(3), rs.getString(4), rs.getString(5)));
            }, e.runId(), e.executionId());
    }
}
