package org.sealing.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.sealing.support.FunctionalTestSupport;
import org.sealing.support.JsonOutput;
import org.sealing.support.RemediationWorld;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sealing.report.EvidenceReading.labelled;
import static org.sealing.report.EvidenceReading.number;
import static org.sealing.report.EvidenceReading.rows;
import static org.sealing.report.EvidenceReading.sum;

/**
 * The compliance workbook as a court monitor reads it: the thirteen sheets in SPEC order, opening on
 * the Summary; every Summary label and figure checked against the control and target databases; the
 * sums between sheets; the Reconciliation's controls; Timeliness and the spot checks. The evidence
 * package's files, the ledger export and printing are in {@link EvidencePackageFunctionalTests}.
 */
class ComplianceWorkbookFunctionalTests extends FunctionalTestSupport {

    static final List<String> SHEETS = List.of("Summary", "Targets", "Tables", "Reconciliation", "Timeliness",
            "Exceptions", "Review", "Unsealed", "Access", "Spot checks", "Trend", "Audit", "Methodology");
    static final List<String> SUMMARY_LABELS = List.of("Execution", "Started", "Finished", "Verdict",
            "Active sealed cases", "Orders imported", "Lines rejected", "Targets", "Rows matched", "Rows purged",
            "Rows masked", "Rows destroyed", "Rows sealed", "Rows restored", "Rows pending review", "Rows failed",
            "Residual after verification", "Ledger chain head");

    private RemediationWorld world;
    private Path workbook;
    private long executionId;

    @BeforeEach
    void run() throws Exception {
        resetControlDatabase();
        world = RemediationWorld.create(880);
        Path config = properties().configDir();
        emptyTargetsDirectory();
        world.writeTargets(config);
        Path inbox = Files.createDirectories(properties().inbox());
        world.writeFeed(inbox.resolve("court-feed.csv"));
        Files.writeString(inbox.resolve("bad-lines.csv"), "order_id,order_type,arrest_number,arrest_date,disposition,"
                + "disposition_date,statute\nBAD-1,SEAL,X1,2019-01-01,DISMISSED,2019-02-01,160.50\n");
        CliResult run = sealctl("run", "nightly", "--json");
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        JsonOutput json = JsonOutput.of(run.out());
        executionId = json.number("executionId");
        workbook = Path.of(json.text("workbook"));
    }

    @Test
    void theThirteenSheetsOpenOnTheSummaryWhoseEveryFigureMatchesTheDatabases() throws Exception {
        try (XSSFWorkbook book = new XSSFWorkbook(Files.newInputStream(workbook))) {
            List<String> names = new ArrayList<>();
            book.forEach(sheet -> names.add(sheet.getSheetName()));
            assertThat(names).containsExactlyElementsOf(SHEETS);
            assertThat(book.getActiveSheetIndex()).isZero();
            for (int i = 0; i < book.getNumberOfSheets(); i++) {
                assertThat(book.getSheetAt(i).isSelected()).as(names.get(i) + " selected").isEqualTo(i == 0);
            }

            Map<String, Cell> summary = labelled(book.getSheet("Summary"));
            assertThat(summary.keySet()).containsAll(SUMMARY_LABELS);
            long matched = count("select count(*) from remediation_plan_state where action <> 'RESTORE'");
            long purged = count("select count(*) from remediation_plan_state where state = 'DONE' and action = 'PURGE'");
            long masked = count("select count(*) from remediation_plan_state where state = 'DONE' and action = 'MASK'");
            long destroyed = count("select count(*) from remediation_plan_state where state = 'DONE'"
                    + " and action <> 'RESTORE' and outcome = 'DESTROY'");
            assertThat(number(summary, "Execution")).isEqualTo(executionId);
            assertThat(summary.get("Verdict").getStringCellValue()).isEqualTo("COMPLIANT");
            assertThat(number(summary, "Active sealed cases")).isEqualTo(world.activeSealed().size() + 1)
                    .isEqualTo(count("select count(*) from sealing_order where order_type = 'SEAL'"
                            + " and effective_from <= current_date"));
            assertThat(number(summary, "Orders imported")).isEqualTo(
                    world.arrests().stream().filter(RemediationWorld.Arrest::sealed).count());
            assertThat(number(summary, "Lines rejected")).isEqualTo(1);
            assertThat(number(summary, "Targets")).isEqualTo(4);
            assertThat(number(summary, "Rows matched")).isEqualTo(matched).isPositive();
            assertThat(number(summary, "Rows purged")).isEqualTo(purged);
            assertThat(number(summary, "Rows masked")).isEqualTo(masked);
            assertThat(number(summary, "Rows destroyed")).isEqualTo(destroyed);
            assertThat(number(summary, "Rows sealed")).isEqualTo(purged + masked - destroyed).isPositive();
            assertThat(number(summary, "Rows sealed")).isEqualTo(count("select count(*) from vault_copy"));
            assertThat(number(summary, "Rows restored")).isZero();
            assertThat(number(summary, "Rows pending review")).isZero();
            assertThat(number(summary, "Rows failed")).isZero();
            assertThat(number(summary, "Residual after verification")).isZero();
            assertThat(summary.get("Compliance rate").getNumericCellValue()).isEqualTo(1.0);
            assertThat(purged + masked).isEqualTo(matched);
            assertThat(summary.get("Ledger chain head").getStringCellValue()).isEqualTo(
                    jdbc.queryForObject("select hash from ledger_entry order by seq desc limit 1", String.class));

            // every time is a date cell with its zone named beneath; Finished is the execution's end as recorded
            String zone = properties().zone().getId();
            Sheet summarySheet = book.getSheet("Summary");
            for (String label : List.of("Started", "Finished", "Figures fixed at", "Generated at")) {
                Cell time = summary.get(label);
                assertThat(time.getCellType()).as(label).isEqualTo(CellType.NUMERIC);
                String offset = time.getLocalDateTimeCellValue().atZone(properties().zone()).getOffset().getId();
                assertThat(summarySheet.getRow(time.getRowIndex() + 1).getCell(1).getStringCellValue()).as(label)
                        .endsWith("court time: " + zone + ", UTC" + offset.replace("Z", "+00:00"));
            }
            LocalDateTime finished = summary.get("Finished").getLocalDateTimeCellValue();
            LocalDateTime end = jdbc.queryForObject("select end_time from batch_job_execution where job_execution_id = ?",
                    java.sql.Timestamp.class, executionId).toInstant().atZone(properties().zone()).toLocalDateTime();
            assertThat(ChronoUnit.MILLIS.between(end, finished)).as("Finished is the execution's end").isBetween(-1L, 1L);
            LocalDateTime lastStep = jdbc.queryForObject("select max(end_time) from batch_step_execution"
                    + " where job_execution_id = ?", java.sql.Timestamp.class, executionId).toInstant()
                    .atZone(properties().zone()).toLocalDateTime();
            assertThat(finished).as("Finished is after every step").isAfterOrEqualTo(lastStep.truncatedTo(ChronoUnit.MILLIS));

            // Targets: one row per target, reconciled, against the plan and the target databases
            Map<String, Map<String, Object>> targets = byKey(rows(book.getSheet("Targets")), "Target");
            assertThat(targets.keySet()).containsExactlyInAnyOrder("booking", "prints", "stops", "cases");
            for (String target : targets.keySet()) {
                Map<String, Object> row = targets.get(target);
                long targetMatched = count("select count(*) from remediation_plan_state where target = '" + target + "'");
                assertThat(row.get("Matched")).as(target).isEqualTo(targetMatched);
                assertThat((Long) row.get("Purged") + (Long) row.get("Masked")).isEqualTo(targetMatched)
                        .isEqualTo((Long) row.get("Destroyed") + (Long) row.get("Sealed"))
                        .isEqualTo(row.get("Rows in scope"));
                assertThat(row.get("Difference")).isEqualTo(0L);
                assertThat(row.get("Residual")).isEqualTo(0L);
                assertThat(row.get("Compliance rate")).isEqualTo(1.0);
                assertThat(row.get("Verified")).isEqualTo("yes");
                assertThat(row.get("Verified at (" + zone + ")")).isNotNull();
            }
            Set<Integer> sealed = new HashSet<>(world.activeSealed());
            sealed.add(world.unsealed().id());
            assertThat(targets.get("booking").get("Purged")).isEqualTo(2L * sealed.size());
            assertThat(targets.get("prints").get("Purged")).isEqualTo(7L * sealed.stream().filter(id -> id % 2 == 1).count());
            assertThat(targetCount("booking", "select count(*) from booking.arrest_photo"))
                    .isEqualTo(2L * (world.arrests().size() - sealed.size()));

            // Tables: one row per table, with what it holds and its action, against the target databases
            Map<String, Long> sealedInTarget = Map.of(
                    "booking.arrest", targetCount("booking", "select count(*) from booking.arrest where is_sealed"),
                    "booking.charge", targetCount("booking", "select count(*) from booking.charge where charge_text = '[SEALED]'"),
                    "public.stop_report", targetCount("stops", "select count(*) from stop_report where narrative = 'SEALED UNDER CPL 160.50'"),
                    "case_file", targetCount("cases", "select count(*) from case_file where defendant = '[SEALED]'"));
            List<Map<String, Object>> tables = rows(book.getSheet("Tables"));
            assertThat(tables).hasSize(8);
            for (Map<String, Object> row : tables) {
                assertThat(row.get("Difference")).isEqualTo(0L);
                assertThat(row.get("Residual")).isEqualTo(0L);
                assertThat(row.get("Holds")).isIn("records", "photographs", "prints");
                String table = (String) row.get("Table");
                if (sealedInTarget.containsKey(table)) {
                    assertThat(row.get("Action")).isEqualTo("mask");
                    assertThat(row.get("Masked")).as(table).isEqualTo(sealedInTarget.get(table)).isEqualTo(row.get("Matched"));
                }
            }

            // the sums between sheets
            for (String figure : List.of("Matched", "Purged", "Masked", "Destroyed", "Sealed", "Restored", "Failed")) {
                long total = number(summary, figure.equals("Matched") ? "Rows matched" : "Rows " + figure.toLowerCase());
                assertThat(sum(book.getSheet("Targets"), figure)).as("Targets " + figure).isEqualTo(total);
                assertThat(sum(book.getSheet("Tables"), figure)).as("Tables " + figure).isEqualTo(total);
            }
            assertThat(sum(book.getSheet("Audit"), "Rows")).isEqualTo(purged + masked);
            Map<String, Long> auditByTable = new HashMap<>();
            rows(book.getSheet("Audit")).forEach(r -> auditByTable.merge(r.get("Target") + "/" + r.get("Table"),
                    (Long) r.get("Rows"), Long::sum));
            Map<String, Long> tableChanged = new HashMap<>();
            tables.forEach(r -> tableChanged.put(r.get("Target") + "/" + r.get("Table"),
                    (Long) r.get("Purged") + (Long) r.get("Masked")));
            tableChanged.values().removeIf(v -> v == 0);
            assertThat(auditByTable).isEqualTo(tableChanged);
            // one Audit row per order, target, table and outcome
            assertThat(rows(book.getSheet("Audit"))).hasSize((int) count("select count(*) from (select distinct order_id,"
                    + " target, table_name, action, outcome from audit_ledger) a"));

            // Reconciliation: every control agrees, and the bridge to active cases holds against the register
            List<Map<String, Object>> reconciliation = rows(book.getSheet("Reconciliation"));
            reconciliation.stream().filter(r -> r.get("Check") != null)
                    .forEach(r -> assertThat(r.get("Agrees")).as((String) r.get("Item")).isEqualTo("yes"));
            assertThat(reconciliation.stream().filter(r -> r.get("Check") != null)).hasSizeGreaterThanOrEqualTo(10);
            Map<String, Object> registerLine = reconciliation.stream().filter(r -> ((String) r.get("Item"))
                    .startsWith("Orders in the register")).findFirst().orElseThrow();
            assertThat(registerLine.get("Count")).isEqualTo(count("select count(*) from sealing_order"));

            // Timeliness: every case of the run in one bucket, none left open
            List<Map<String, Object>> timeliness = rows(book.getSheet("Timeliness"));
            long bucketed = timeliness.subList(0, 5).stream().mapToLong(r -> (Long) r.get("Cases")).sum();
            assertThat(bucketed).isEqualTo(count("select count(distinct order_id) from remediation_plan")).isPositive();
            assertThat(timeliness.get(6).get("Cases")).isEqualTo(0L);

            // Spot checks: the seeded sample, every row re-read and passed, each a row the run changed
            List<Map<String, Object>> checks = rows(book.getSheet("Spot checks"));
            assertThat(checks).hasSize(59);
            Set<String> changed = new HashSet<>(jdbc.queryForList("select row_ref from audit_ledger", String.class));
            for (Map<String, Object> check : checks) {
                assertThat(check.get("Passed")).as(check.toString()).isEqualTo("yes");
                assertThat(changed).contains((String) check.get("Row reference"));
                assertThat((String) check.get("Seed")).matches("[0-9a-f]{16}");
            }
            assertThat(checks.stream().map(c -> c.get("Row reference")).distinct()).hasSize(59);
            assertThat((String) checks.get(0).get("What the sample supports")).startsWith("all 59 of 59 rows checked"
                    + " passed: at 95% confidence, fewer than 4.95% of the");
            assertThat(summary.get("Spot checks").getStringCellValue()).isEqualTo("59 of 59 passed");

            // Exceptions: the rejected feed line, by file, line, reason and order
            Map<String, Object> rejected = rows(book.getSheet("Exceptions")).get(0);
            assertThat(rejected.get("Kind")).isEqualTo("rejected feed line");
            assertThat(rejected.get("Reason")).isEqualTo("BAD_ARREST_NUMBER");
            assertThat(rejected.get("Order")).isEqualTo("BAD-1");

            // Unsealed and Access: nothing unsealed, nothing opened yet; Methodology: the policy statute by statute
            assertThat(rows(book.getSheet("Unsealed"))).isEmpty();
            assertThat(rows(book.getSheet("Access"))).isEmpty();
            assertThat(rows(book.getSheet("Methodology")).stream().map(r -> (String) r.get("Topic")))
                    .contains("Policy, CPL 160.50", "Policy, CPL 160.55", "Policy, CPL 160.57", "Out of scope",
                            "Spot checks of this run");
            // Trend: one row per run, and its chart
            XSSFSheet trend = book.getSheet("Trend");
            assertThat(trend.getLastRowNum()).isEqualTo(1);
            assertThat(trend.getDrawingPatriarch().getCharts()).hasSize(1);
            assertThat(book.getSheet("Tables").getPaneInformation().isFreezePane()).isTrue();
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(workbook))).isEqualTo("rw-------");
    }

    @Test
    void reportWithoutAnIdWritesTheLatestNightlyOrRemediateRunNotALaterVerifyOrDryRun() throws Exception {
        CliResult verify = sealctl("run", "verify", "--json");
        JsonOutput.of(verify.out()).as(verify.err()).has("job", "verify");
        CliResult dryRun = sealctl("run", "remediate", "--dry-run", "--json");
        JsonOutput.of(dryRun.out()).as(dryRun.err()).has("job", "remediate");

        CliResult report = sealctl("report", "--json");

        assertThat(report.exitCode()).as(report.err()).isZero();
        Path written = Path.of(JsonOutput.of(report.out()).text("workbook"));
        try (XSSFWorkbook book = new XSSFWorkbook(Files.newInputStream(written))) {
            Map<String, Cell> summary = labelled(book.getSheet("Summary"));
            assertThat(number(summary, "Execution")).isEqualTo(executionId);
            assertThat(summary.get("Job").getStringCellValue()).isEqualTo("nightly");
            assertThat(number(summary, "Evidence version")).isEqualTo(2);
        }
    }

    @Test
    void pastExcelsRowLimitTheAuditContinuesOnFurtherSheetsAndTheExportHoldsEveryRowInABoundedHeap()
            throws Exception {
        long runId = count("select run_id from remediation_run");
        long existing = count("select count(*) from audit_ledger");
        long groups = rows(new XSSFWorkbook(Files.newInputStream(workbook)).getSheet("Audit")).size();
        int extra = ComplianceWorkbook.ROWS_PER_SHEET + 1_000;
        // the ledger is the plan rows of the recorded chunks: a million more planned rows, each of an order of its
        // own (so a million more Audit rows), and one chunk applying them
        Long first = jdbc.queryForObject("select nextval('remediation_plan_plan_id_seq')", Long.class);
        jdbc.update("""
                insert into remediation_plan (plan_id, run_id, target, table_name, row_ref, row_key, order_id, statute,
                                              action, outcome)
                select ? + i, ?, 'bulk', 'bulk.rows', md5(i::text) || md5((i + 1)::text), array[i::text], 'BULK-' || i,
                       '160.50', 'MASK', 'SEAL'
                from generate_series(1, ?) i
                """, first, runId, extra);
        jdbc.update("insert into apply_chunk (run_id, target, lane, first_plan_id, last_plan_id, execution_id)"
                + " values (?, 'bulk', 'mask:bulk.rows', ?, ?, ?)", runId, first + 1, first + extra, executionId);
        jdbc.queryForObject("select setval('remediation_plan_plan_id_seq', ?)", Long.class, first + extra + 1);
        var env = org.sealing.support.SealctlProcess.controlEnv(controlUrl(), controlUser(), controlPassword());
        env.put("SEALING_REPORTS", properties().reports().toString());

        var report = org.sealing.support.SealctlProcess.startWithHeap("512m", workDir, env, "report",
                String.valueOf(executionId), "--json");

        assertThat(report.waitFor(900)).as(report.err()).isZero();
        Path written = Path.of(JsonOutput.of(report.out()).text("workbook"));
        Map<String, Long> rows = rowsPerSheet(written);
        assertThat(rows.get("Audit")).isEqualTo(ComplianceWorkbook.ROWS_PER_SHEET + 1L);
        assertThat(rows.get("Audit 2")).isEqualTo(groups + extra - ComplianceWorkbook.ROWS_PER_SHEET + 1L);
        assertThat(rows).doesNotContainKey("Audit 3");
        Path export = Path.of(JsonOutput.of(report.out()).text("ledger"));
        long lines;
        try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(new java.util.zip.GZIPInputStream(
                Files.newInputStream(export)), java.nio.charset.StandardCharsets.UTF_8))) {
            lines = in.lines().count();
        }
        assertThat(lines).isEqualTo(existing + extra + 1);
        System.out.println("evidence of " + (existing + extra) + " rows: " + jdbc.queryForMap("select workbook_seconds,"
                + " ledger_seconds from evidence_version where execution_id = ? order by version desc limit 1",
                executionId));
    }

    /** Rows per sheet, counted by streaming each sheet's XML (the workbook may be too big to load). */
    private static Map<String, Long> rowsPerSheet(Path file) throws Exception {
        Map<String, Long> rows = new HashMap<>();
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(file.toFile())) {
            String workbookXml = new String(zip.getInputStream(zip.getEntry("xl/workbook.xml")).readAllBytes(),
                    java.nio.charset.StandardCharsets.UTF_8);
            String rels = new String(zip.getInputStream(zip.getEntry("xl/_rels/workbook.xml.rels")).readAllBytes(),
                    java.nio.charset.StandardCharsets.UTF_8);
            java.util.regex.Matcher sheet = java.util.regex.Pattern.compile(
                    "<sheet [^>]*name=\"([^\"]+)\"[^>]*r:id=\"([^\"]+)\"").matcher(workbookXml);
            while (sheet.find()) {
                java.util.regex.Matcher target = java.util.regex.Pattern.compile("Id=\"" + sheet.group(2)
                        + "\"[^>]*Target=\"([^\"]+)\"|Target=\"([^\"]+)\"[^>]*Id=\"" + sheet.group(2) + "\"")
                        .matcher(rels);
                assertThat(target.find()).isTrue();
                String part = target.group(1) != null ? target.group(1) : target.group(2);
                part = part.startsWith("/") ? part.substring(1) : "xl/" + part;
                rows.put(sheet.group(1), countRows(zip, part));
            }
        }
        return rows;
    }

    private static long countRows(java.util.zip.ZipFile zip, String part) throws Exception {
        byte[] needle = "<row ".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        long count = 0;
        int matched = 0;
        try (var in = new java.io.BufferedInputStream(zip.getInputStream(zip.getEntry(part)), 1 << 16)) {
            int b;
            while ((b = in.read()) >= 0) {
                if (b == needle[matched]) {
                    matched++;
                    if (matched == needle.length) {
                        count++;
                        matched = 0;
                    }
                } else {
                    matched = b == needle[0] ? 1 : 0;
                }
            }
        }
        return count;
    }

    private static Map<String, Map<String, Object>> byKey(List<Map<String, Object>> rows, String key) {
        Map<String, Map<String, Object>> byKey = new HashMap<>();
        rows.forEach(r -> byKey.put((String) r.get(key), r));
        return byKey;
    }

    private long count(String sql) {
        return jdbc.queryForObject(sql, Long.class);
    }

    private long targetCount(String target, String sql) throws Exception {
        try (Connection c = world.connect(target); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
