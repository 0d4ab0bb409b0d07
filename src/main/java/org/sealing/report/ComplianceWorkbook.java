package org.sealing.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xddf.usermodel.chart.AxisPosition;
import org.apache.poi.xddf.usermodel.chart.ChartTypes;
import org.apache.poi.xddf.usermodel.chart.LegendPosition;
import org.apache.poi.xddf.usermodel.chart.XDDFCategoryAxis;
import org.apache.poi.xddf.usermodel.chart.XDDFChartLegend;
import org.apache.poi.xddf.usermodel.chart.XDDFDataSource;
import org.apache.poi.xddf.usermodel.chart.XDDFDataSourcesFactory;
import org.apache.poi.xddf.usermodel.chart.XDDFLineChartData;
import org.apache.poi.xddf.usermodel.chart.XDDFNumericalDataSource;
import org.apache.poi.xddf.usermodel.chart.XDDFValueAxis;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.apache.poi.xssf.usermodel.XSSFChart;
import org.apache.poi.xssf.usermodel.XSSFClientAnchor;
import org.apache.poi.xssf.usermodel.XSSFDrawing;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import org.sealing.SealingProperties;
import org.sealing.ledger.RunFigures;
import org.sealing.support.ConfigurationException;

/**
 * The compliance workbook of an execution (SPEC section 8), read from the control database alone and
 * streamed with SXSSF, so that a million audit rows need little memory. It is written to a temporary
 * file with owner-only permissions, moved into place, and given a {@code sha256sum -c} checksum.
 * Nothing in it names a person or a raw target key: cases by order_id, rows by their HMAC reference.
 */
@Component
public class ComplianceWorkbook {

    /** Data rows per sheet: Excel holds 1,048,576 rows, one of them the header. */
    static final int ROWS_PER_SHEET = 1_048_575;
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final JdbcTemplate jdbc;
    private final JdbcTemplate streaming;
    private final RunFigures figures;
    private final SealingProperties properties;
    private int rowsPerSheet = ROWS_PER_SHEET;

    public ComplianceWorkbook(JdbcTemplate jdbc, RunFigures figures, SealingProperties properties) {
        this.jdbc = jdbc;
        this.streaming = new JdbcTemplate(jdbc.getDataSource());
        this.streaming.setFetchSize(5_000);
        this.figures = figures;
        this.properties = properties;
    }

    /** For tests of sheet continuation without a million rows. */
    void rowsPerSheet(int rows) {
        this.rowsPerSheet = rows;
    }

    private record Execution(long executionId, long runId, String job, String status, OffsetDateTime start,
            OffsetDateTime end) {
    }

    /** The file an execution's workbook is written to. */
    public Path fileOf(long executionId) {
        Execution e = execution(executionId);
        OffsetDateTime start = e.start() == null ? OffsetDateTime.now() : e.start();
        return properties.reports().resolve("compliance-" + FILE_TIME.format(start.atZoneSameInstant(
                properties.zone())) + "-e" + executionId + ".xlsx");
    }

    /** Writes (or rewrites) the workbook of an execution; returns its path. Must run in a transaction. */
    public Path write(long executionId) {
        Execution e = execution(executionId);
        Path file = fileOf(executionId);
        try {
            org.sealing.support.OwnerOnly.directories(file.getParent());
            Temporaries.sweep(file.getParent());
            Path temp = Temporaries.create(file.getParent(), "compliance", ".xlsx.tmp");
            try {
                // the Trend sheet and its chart are built in memory (XDDF charts need XSSF sheets); every
                // other sheet is streamed to disk as it is written
                XSSFWorkbook base = new XSSFWorkbook();
                Styles styles = new Styles(base);
                trend(base, styles, e);
                try (SXSSFWorkbook workbook = new SXSSFWorkbook(base, 200)) {
                    workbook.setCompressTempFiles(true);
                    summary(workbook, styles, e);
                    targets(workbook, styles, e);
                    tables(workbook, styles, e);
                    exceptions(workbook, styles, e);
                    review(workbook, styles, e);
                    workbook.setSheetOrder("Trend", 5);
                    audit(workbook, styles, e);
                    try (OutputStream out = Files.newOutputStream(temp)) {
                        workbook.write(out);
                    }
                }
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temp);
            }
            writeChecksum(file);
            return file;
        } catch (IOException ex) {
            throw new IllegalStateException("cannot write the workbook " + file + ": " + ex.getMessage(), ex);
        }
    }

    private Execution execution(long executionId) {
        List<Execution> found = jdbc.query("""
                select e.job_execution_id, e.job_instance_id, i.job_name, e.status, e.start_time, e.end_time
                from batch_job_execution e join batch_job_instance i on i.job_instance_id = e.job_instance_id
                where e.job_execution_id = ?
                """, (rs, i) -> new Execution(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                time(rs.getTimestamp(5)), time(rs.getTimestamp(6))), executionId);
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

    private void summary(SXSSFWorkbook workbook, Styles styles, Execution e) {
        SheetWriter sheet = new SheetWriter(workbook.createSheet("Summary"), styles);
        RunFigures.Figures f = figures.of(e.runId());
        Map<String, Object> run = jdbc.queryForMap("select as_of, config_fingerprint, created_at, dry_run, job"
                + " from remediation_run where run_id = ?", e.runId());
        String verdict = figures.verdict(e.runId());
        OffsetDateTime previous = jdbc.query("select max(created_at) from remediation_run where run_id < ?",
                rs -> rs.next() ? time(rs.getTimestamp(1)) : null, e.runId());
        Long activeCases = jdbc.queryForObject("select count(*) from sealing_order where order_type = 'SEAL'"
                + " and effective_from <= ?", Long.class, run.get("as_of"));
        long[] imported = figures.imported(e.runId());
        // the report step writes the workbook as the execution ends, so "now" is its end
        OffsetDateTime finished = e.end() != null ? e.end() : OffsetDateTime.now(properties.zone());
        Row title = sheet.row("Sealing remediation: compliance workbook");
        title.getCell(0).setCellStyle(styles.title());
        figure(sheet, styles, "Execution", e.executionId(), "the Spring Batch execution; its run (" + e.runId()
                + ") covers every restart of it");
        figure(sheet, styles, "Job", e.job() + (Boolean.TRUE.equals(run.get("dry_run"))
                ? " (dry run: nothing was changed)" : ""), null);
        figure(sheet, styles, "Period covered", (previous == null ? "the first run" : previous.toLocalDateTime()
                .withNano(0).toString().replace('T', ' ')) + " to " + finished.toLocalDateTime().withNano(0).toString().replace('T', ' ')
                + " (" + properties.zone().getId() + ")",
                "from the start of the previous run to the end of this one (court time)");
        figure(sheet, styles, "Orders in effect on", ((java.sql.Date) run.get("as_of")).toLocalDate(),
                "sealing orders whose effective date had come by this day were applied");
        OffsetDateTime generated = OffsetDateTime.now(properties.zone());
        figure(sheet, styles, "Generated at", generated, zoneOf(generated));
        figure(sheet, styles, "Configuration fingerprint", run.get("config_fingerprint"),
                "SHA-256 of the target definitions this run used");
        figure(sheet, styles, "Started", e.start(), e.start() == null ? null : zoneOf(e.start()));
        figure(sheet, styles, "Finished", finished, zoneOf(finished));
        Row verdictRow = sheet.row("Verdict", verdict);
        verdictRow.getCell(1).setCellStyle(styles.verdict(verdict));
        note(sheet, styles, explainVerdict(verdict));
        figure(sheet, styles, "Active sealed cases", activeCases,
                "sealing orders in the register in effect on that day and not unsealed");
        figure(sheet, styles, "Orders imported", imported[0], "feed lines this run's import accepted or updated");
        figure(sheet, styles, "Lines rejected", imported[1], "feed lines refused, each on the Exceptions sheet");
        figure(sheet, styles, "Targets", f.targets(), f.targetsVerified() + " reached and verified, "
                + f.targetsFailed() + " failed (see the Targets sheet)");
        figure(sheet, styles, "Rows matched", f.matched(), "rows of sealed cases found not yet remediated; matched ="
                + " purged + masked + pending review + failed + refused");
        figure(sheet, styles, "Rows purged", f.purged(), "deleted: photographs, prints and their records"
                + " (CPL 160.50(1)(a))");
        figure(sheet, styles, "Rows masked", f.masked(), "identifying columns overwritten and the row sealed"
                + " (CPL 160.50(1)(c))");
        figure(sheet, styles, "Rows pending review", f.review(), "possible matches awaiting a human decision (Review"
                + " sheet)");
        figure(sheet, styles, "Rows failed", f.failed(), "rows whose change the target database refused; each on"
                + " the Exceptions sheet");
        figure(sheet, styles, "Rows refused", f.refused(), "rows of tables refused by their max-change-ratio safety"
                + " limit; each table on the Exceptions sheet");
        figure(sheet, styles, "Residual after verification", f.residual(), "rows of sealed cases that searching"
                + " every target again after the changes still found; compliance needs 0");
        sheet.finish(30, 28, 90);
    }

    /** A label and its value, with the one line that explains it beneath the value. */
    private static void figure(SheetWriter sheet, Styles styles, String label, Object value, String explanation) {
        sheet.row(label, value);
        if (explanation != null) {
            note(sheet, styles, explanation);
        }
    }

    private static void note(SheetWriter sheet, Styles styles, String text) {
        Row row = sheet.row(null, text);
        row.getCell(1).setCellStyle(styles.note());
    }

    private static String explainVerdict(String verdict) {
        return switch (verdict) {
            case RunFigures.COMPLIANT -> "every target reached and verified, no row failed, nothing left";
            case RunFigures.DRY_RUN -> "a dry run: planned and reported, nothing changed";
            default -> "a target failed or was not verified, rows failed or were refused, or rows were left";
        };
    }

    private void targets(SXSSFWorkbook workbook, Styles styles, Execution e) {
        SheetWriter sheet = new SheetWriter(workbook.createSheet("Targets"), styles, "Target", "Reached", "Matched",
                "Purged", "Masked", "Review", "Failed", "Refused", "Not applied", "Difference", "Residual", "Verified",
                "Duration (s)", "State", "Reason");
        jdbc.query("""
                select t.target, t.reached, count(p.plan_id),
                       count(p.plan_id) filter (where p.state = 'DONE' and p.action = 'PURGE'),
                       count(p.plan_id) filter (where p.state = 'DONE' and p.action = 'MASK'),
                       count(p.plan_id) filter (where p.action = 'REVIEW'),
                       count(p.plan_id) filter (where p.state = 'FAILED'),
                       count(p.plan_id) filter (where p.state = 'REFUSED'),
                       count(p.plan_id) filter (where p.state = 'PLANNED' and p.action <> 'REVIEW'),
                       t.residual, t.verified_at is not null,
                       extract(epoch from (coalesce(t.finished_at, now()) - t.started_at)), t.state, t.reason
                from run_target t left join remediation_plan_state p on p.run_id = t.run_id and p.target = t.target
                where t.run_id = ? group by t.target, t.reached, t.residual, t.verified_at, t.finished_at,
                         t.started_at, t.state, t.reason
                order by t.target
                """, rs -> {
                    reconciledRow(sheet, styles, rs.getString(1), rs.getBoolean(2), rs, 3);
                }, e.runId());
        sheet.finish(24, 9, 11, 11, 11, 9, 9, 9, 11, 11, 10, 9, 12, 10, 70);
    }

    /** A row whose figures must reconcile: matched = purged + masked + review + failed + refused (+ not applied). */
    private static void reconciledRow(SheetWriter sheet, Styles styles, String first, Object second,
            java.sql.ResultSet rs, int from) throws java.sql.SQLException {
        long matched = rs.getLong(from);
        long purged = rs.getLong(from + 1);
        long masked = rs.getLong(from + 2);
        long review = rs.getLong(from + 3);
        long failed = rs.getLong(from + 4);
        long refused = rs.getLong(from + 5);
        long notApplied = rs.getLong(from + 6);
        long difference = matched - (purged + masked + review + failed + refused);
        Long residual = (Long) rs.getObject(from + 7, Long.class);
        Row row = sheet.row(first, second, matched, purged, masked, review, failed, refused, notApplied, difference,
                residual, rs.getBoolean(from + 8), rs.getObject(from + 9) == null ? null : rs.getDouble(from + 9),
                rs.getString(from + 10), rs.getString(from + 11));
        if (difference != 0) {
            row.getCell(9).setCellStyle(styles.flagged());
        }
        if (residual != null && residual != 0) {
            row.getCell(10).setCellStyle(styles.flagged());
        }
    }

    private void tables(SXSSFWorkbook workbook, Styles styles, Execution e) {
        SheetWriter sheet = new SheetWriter(workbook.createSheet("Tables"), styles, "Target", "Table", "Action",
                "Rows in table", "Matched", "Purged", "Masked", "Review", "Failed", "Refused", "Not applied",
                "Difference", "Residual", "Refused by max-change-ratio", "Reason");
        jdbc.query("""
                select t.target, t.table_name, t.action, t.total_rows, count(p.plan_id),
                       count(p.plan_id) filter (where p.state = 'DONE' and p.action = 'PURGE'),
                       count(p.plan_id) filter (where p.state = 'DONE' and p.action = 'MASK'),
                       count(p.plan_id) filter (where p.action = 'REVIEW'),
                       count(p.plan_id) filter (where p.state = 'FAILED'),
                       count(p.plan_id) filter (where p.state = 'REFUSED'),
                       count(p.plan_id) filter (where p.state = 'PLANNED' and p.action <> 'REVIEW'),
                       t.residual, t.refused, t.reason
                from run_table t left join remediation_plan_state p
                     on p.run_id = t.run_id and p.target = t.target and p.table_name = t.table_name
                where t.run_id = ? group by t.target, t.table_name, t.action, t.total_rows, t.residual, t.refused,
                         t.reason
                order by t.target, t.table_name
                """, rs -> {
                    long matched = rs.getLong(5);
                    long sum = rs.getLong(6) + rs.getLong(7) + rs.getLong(8) + rs.getLong(9) + rs.getLong(10);
                    Long residual = (Long) rs.getObject(12, Long.class);
                    Row row = sheet.row(rs.getString(1), rs.getString(2), rs.getString(3).toLowerCase(),
                            (Long) rs.getObject(4, Long.class), matched, rs.getLong(6), rs.getLong(7), rs.getLong(8),
                            rs.getLong(9), rs.getLong(10), rs.getLong(11), matched - sum, residual,
                            rs.getBoolean(13), rs.getString(14));
                    if (matched != sum) {
                        row.getCell(11).setCellStyle(styles.flagged());
                    }
                    if (residual != null && residual != 0) {
                        row.getCell(12).setCellStyle(styles.flagged());
                    }
                }, e.runId());
        sheet.finish(22, 30, 8, 14, 11, 11, 11, 9, 9, 9, 11, 11, 10, 14, 70);
    }

    private void exceptions(SXSSFWorkbook workbook, Styles styles, Execution e) {
        SheetWriter sheet = new SheetWriter(workbook.createSheet("Exceptions"), styles, "Kind", "File or target",
                "Line or table", "Reason", "Order", "Row reference");
        List<Long> imports = jdbc.queryForList("""
                select distinct cast(p.parameter_value as bigint) from batch_job_execution_params p
                join batch_job_execution e on e.job_execution_id = p.job_execution_id
                where e.job_instance_id = ? and p.parameter_name = 'import.id'
                """, Long.class, e.runId());
        for (Long importId : imports) {
            jdbc.query("select file_name, reason from feed_refusal where import_id = ? order by file_name",
                    rs -> {
                        sheet.row("refused feed file", rs.getString(1), null, rs.getString(2), null, null);
                    }, importId);
            streaming.query("""
                    select f.file_name, l.line_no, l.reason, l.order_id from feed_line l
                    join feed_file f on f.import_id = l.import_id and f.file_seq = l.file_seq
                    where l.import_id = ? and l.outcome = 'REJECTED' order by l.file_seq, l.line_no
                    """, rs -> {
                    sheet.row("rejected feed line", rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                            null);
                }, importId);
            streaming.query("""
                    select f.file_name, l.line_no, l.order_id from feed_line l
                    join feed_file f on f.import_id = l.import_id and f.file_seq = l.file_seq
                    where l.import_id = ? and l.outcome = 'UPDATED' order by l.file_seq, l.line_no
                    """, rs -> {
                    sheet.row("updated order", rs.getString(1), rs.getLong(2), "the court changed an order already in"
                            + " the register", rs.getString(3), null);
                }, importId);
        }
        jdbc.query("select target, reason from run_target where run_id = ? and state = 'FAILED' order by target",
                rs -> {
                    sheet.row("failed target", rs.getString(1), null, rs.getString(2), null, null);
                }, e.runId());
        jdbc.query("select target, table_name, reason from run_table where run_id = ? and refused order by target,"
                + " table_name", rs -> {
                    sheet.row("refused table", rs.getString(1), rs.getString(2), rs.getString(3), null, null);
                }, e.runId());
        streaming.query("select target, table_name, reason, order_id, row_ref from remediation_plan_state"
                + " where run_id = ? and state = 'FAILED' order by target, table_name, plan_id", rs -> {
                    sheet.row("failed row", rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5));
                }, e.runId());
        sheet.finish(20, 34, 24, 80, 18, 66);
    }

    private void review(SXSSFWorkbook workbook, Styles styles, Execution e) {
        SheetWriter sheet = new SheetWriter(workbook.createSheet("Review"), styles, "Target", "Table",
                "Row reference", "Order", "Statute", "Why");
        streaming.query("select target, table_name, row_ref, order_id, statute, reason from remediation_plan_state"
                + " where run_id = ? and action = 'REVIEW' order by target, table_name, plan_id", rs -> {
                    sheet.row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getString(6));
                }, e.runId());
        sheet.finish(22, 30, 66, 18, 9, 60);
    }

    private void trend(XSSFWorkbook workbook, Styles styles, Execution e) {
        XSSFSheet raw = workbook.createSheet("Trend");
        SheetWriter sheet = new SheetWriter(raw, styles, "Run", "Job", zoned("Date"), "Matched", "Remediated", "Residual",
                "Verdict");
        List<Object[]> rows = new ArrayList<>();
        jdbc.query("""
                select r.run_id, r.job, r.created_at, count(p.plan_id),
                       count(p.plan_id) filter (where p.state = 'DONE'),
                       (select cast(sum(t.residual) as bigint) from run_target t where t.run_id = r.run_id), r.verdict
                from remediation_run r left join remediation_plan_state p on p.run_id = r.run_id
                where r.run_id <= ? and not r.dry_run
                group by r.run_id, r.job, r.created_at, r.verdict order by r.run_id
                """, rs -> {
                    rows.add(new Object[] {rs.getLong(1), rs.getString(2), time(rs.getTimestamp(3)), rs.getLong(4),
                        rs.getLong(5), (Long) rs.getObject(6, Long.class), rs.getString(7)});
                }, e.runId());
        for (Object[] row : rows) {
            sheet.row(row);
        }
        sheet.finish(8, 11, timeWidth(), 12, 12, 10, 16);
        int last = rows.size();
        if (last == 0) {
            return;
        }
        int first = Math.max(1, last - 29);
        XSSFDrawing drawing = raw.createDrawingPatriarch();
        XSSFClientAnchor anchor = drawing.createAnchor(0, 0, 0, 0, 8, 1, 20, 22);
        XSSFChart chart = drawing.createChart(anchor);
        chart.setTitleText("Last " + (last - first + 1) + " runs");
        chart.setTitleOverlay(false);
        XDDFChartLegend legend = chart.getOrAddLegend();
        legend.setPosition(LegendPosition.BOTTOM);
        XDDFCategoryAxis bottom = chart.createCategoryAxis(AxisPosition.BOTTOM);
        bottom.setTitle("Run");
        XDDFValueAxis left = chart.createValueAxis(AxisPosition.LEFT);
        left.setTitle("Rows");
        XDDFDataSource<Double> runs = XDDFDataSourcesFactory.fromNumericCellRange(raw,
                new CellRangeAddress(first, last, 0, 0));
        XDDFLineChartData data = (XDDFLineChartData) chart.createData(ChartTypes.LINE, bottom, left);
        String[] names = {"Matched", "Remediated", "Residual"};
        for (int i = 0; i < names.length; i++) {
            XDDFNumericalDataSource<Double> values = XDDFDataSourcesFactory.fromNumericCellRange(raw,
                    new CellRangeAddress(first, last, 3 + i, 3 + i));
            XDDFLineChartData.Series series = (XDDFLineChartData.Series) data.addSeries(runs, values);
            series.setTitle(names[i], null);
            series.setSmooth(false);
        }
        chart.plot(data);
    }

    private void audit(SXSSFWorkbook workbook, Styles styles, Execution e) {
        String[] header = {"Order", "Statute", "Target", "Table", "Row reference", "Action", zoned("Time"), "Execution"};
        SheetWriter[] sheet = {new SheetWriter(workbook.createSheet("Audit"), styles, header)};
        int[] inSheet = {0};
        int[] sheets = {1};
        streaming.query("""
                select order_id, statute, target, table_name, row_ref, action, changed_at, execution_id
                from audit_ledger where run_id = ? order by audit_id
                """, rs -> {
                if (inSheet[0] == rowsPerSheet) {
                    sheet[0].finish(18, 9, 22, 30, 66, 8, timeWidth(), 10);
                    sheets[0]++;
                    sheet[0] = new SheetWriter(workbook.createSheet("Audit " + sheets[0]), styles, header);
                    inSheet[0] = 0;
                }
                sheet[0].row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6).toLowerCase(), time(rs.getTimestamp(7)), rs.getLong(8));
                inSheet[0]++;
            }, e.runId());
        sheet[0].finish(18, 9, 22, 30, 66, 8, timeWidth(), 10);
    }

    private static void writeChecksum(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        Path sum = file.resolveSibling(file.getFileName() + ".sha256");
        Path temp = Temporaries.create(file.getParent(), "sha256", ".tmp");
        Files.writeString(temp, HexFormat.of().formatHex(digest.digest()) + "  " + file.getFileName() + "\n",
                StandardCharsets.UTF_8);
        Files.move(temp, sum, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /*
     * Times are date cells in the court's zone (so they sort and filter), and each says which zone: the
     * label beneath a Summary time, the header of a column of times. A zone in the cell's number format
     * would be lost on readers that do not render Excel formats.
     */

    /** What a Summary time's note says: "court time: America/New_York, UTC-05:00". */
    private String zoneOf(OffsetDateTime t) {
        return "court time: " + properties.zone().getId() + ", UTC" + t.getOffset().getId().replace("Z", "+00:00");
    }

    /** The header of a column of times: "Time (America/New_York)". */
    private String zoned(String header) {
        return header + " (" + properties.zone().getId() + ")";
    }

    /** The width of a column of times, room for its header. */
    private int timeWidth() {
        return Math.max(20, 9 + properties.zone().getId().length());
    }

    /** A time as the court reads it: in the court's zone. */
    private OffsetDateTime time(Timestamp t) {
        return t == null ? null : t.toInstant().atZone(properties.zone()).toOffsetDateTime();
    }
}
