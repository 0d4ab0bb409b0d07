package org.sealing.report;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.sealing.support.JsonOutput;
import org.sealing.support.FunctionalTestSupport;
import org.sealing.support.RemediationWorld;
import org.sealing.support.SealctlProcess;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The compliance workbook as a court monitor gets it: every figure of Summary, Targets and Tables
 * re-read with POI and checked against the control and target databases; no personal data of the
 * world in any of its XML parts; past Excel's row limit the audit continues on further sheets; and it
 * opens in LibreOffice.
 */
class ComplianceWorkbookFunctionalTests extends FunctionalTestSupport {

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
        executionId = Long.parseLong(run.out().replaceAll(".*\"executionId\":(\\d+).*\\s*", "$1"));
        workbook = Path.of(run.out().replaceAll(".*\"workbook\":\"([^\"]+)\".*\\s*", "$1"));
    }

    @Test
    void everyFigureOfSummaryTargetsAndTablesMatchesTheDatabases() throws Exception {
        assertThat(workbook.getFileName().toString()).matches("compliance-\\d{8}-\\d{6}-e" + executionId + "\\.xlsx");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(workbook))).isEqualTo("rw-------");
        try (XSSFWorkbook book = new XSSFWorkbook(Files.newInputStream(workbook))) {
            List<String> names = new ArrayList<>();
            book.forEach(sheet -> names.add(sheet.getSheetName()));
            assertThat(names).containsExactly("Summary", "Targets", "Tables", "Exceptions", "Review", "Trend", "Audit");

            Map<String, Cell> summary = labelled(book.getSheet("Summary"));
            long matched = count("select count(*) from remediation_plan_state");
            long purged = count("select count(*) from remediation_plan_state where state = 'DONE' and action = 'PURGE'");
            long masked = count("select count(*) from remediation_plan_state where state = 'DONE' and action = 'MASK'");
            assertThat(number(summary, "Execution")).isEqualTo(executionId);
            assertThat(summary.get("Verdict").getStringCellValue()).isEqualTo("COMPLIANT");
            assertThat(number(summary, "Active sealed cases")).isEqualTo(world.activeSealed().size() + 1);
            assertThat(number(summary, "Orders imported")).isEqualTo(
                    world.arrests().stream().filter(RemediationWorld.Arrest::sealed).count());
            assertThat(number(summary, "Lines rejected")).isEqualTo(1);
            assertThat(number(summary, "Targets")).isEqualTo(4);
            assertThat(number(summary, "Rows matched")).isEqualTo(matched).isPositive();
            assertThat(number(summary, "Rows purged")).isEqualTo(purged);
            assertThat(number(summary, "Rows masked")).isEqualTo(masked);
            assertThat(number(summary, "Rows pending review")).isZero();
            assertThat(number(summary, "Rows failed")).isZero();
            assertThat(number(summary, "Residual after verification")).isZero();
            assertThat(purged + masked).isEqualTo(matched);
            assertThat(summary.get("Started").getCellType()).isEqualTo(CellType.NUMERIC);
            assertThat(DateUtil.isCellDateFormatted(summary.get("Started"))).isTrue();
            // every time says its zone, the court's
            String zone = properties().zone().getId();
            Sheet summarySheet = book.getSheet("Summary");
            for (String label : List.of("Started", "Finished", "Generated at")) {
                Cell time = summary.get(label);
                assertThat(time.getCellType()).as(label).isEqualTo(CellType.NUMERIC);
                String offset = time.getLocalDateTimeCellValue().atZone(properties().zone()).getOffset().getId();
                assertThat(summarySheet.getRow(time.getRowIndex() + 1).getCell(1).getStringCellValue()).as(label)
                        .isEqualTo("court time: " + zone + ", UTC" + offset.replace("Z", "+00:00"));
            }
            assertThat(summary.get("Period covered").getStringCellValue()).endsWith(" (" + zone + ")");
            assertThat(book.getSheet("Audit").getRow(0).getCell(6).getStringCellValue()).isEqualTo("Time (" + zone + ")");
            assertThat(book.getSheet("Trend").getRow(0).getCell(2).getStringCellValue()).isEqualTo("Date (" + zone + ")");
            assertThat(summary.get("Configuration fingerprint").getStringCellValue()).matches("[0-9a-f]{64}");

            // Targets: one row per target, reconciled, against the plan and the target databases
            Map<String, Row> targets = rowsByFirstCell(book.getSheet("Targets"));
            assertThat(targets.keySet()).containsExactlyInAnyOrder("booking", "prints", "stops", "cases");
            Map<String, Integer> header = header(book.getSheet("Targets"));
            for (String target : targets.keySet()) {
                Row row = targets.get(target);
                long targetMatched = count("select count(*) from remediation_plan_state where target = '" + target + "'");
                assertThat(value(row, header, "Matched")).as(target).isEqualTo(targetMatched);
                assertThat(value(row, header, "Purged") + value(row, header, "Masked") + value(row, header, "Review")
                        + value(row, header, "Failed") + value(row, header, "Refused")).isEqualTo(targetMatched);
                assertThat(value(row, header, "Difference")).isZero();
                assertThat(value(row, header, "Residual")).isZero();
                assertThat(row.getCell(header.get("Verified")).getStringCellValue()).isEqualTo("yes");
            }
            // what the world says: two photos per sealed arrest, seven prints rows per sealed odd arrest
            // (this run's feed has no UNSEAL, so the arrest a later feed unseals is still sealed here)
            Set<Integer> sealed = new java.util.HashSet<>(world.activeSealed());
            sealed.add(world.unsealed().id());
            assertThat(value(targets.get("booking"), header, "Purged")).isEqualTo(2L * sealed.size());
            assertThat(value(targets.get("prints"), header, "Purged")).isEqualTo(
                    7L * sealed.stream().filter(id -> id % 2 == 1).count());
            assertThat(targetCount("booking", "select count(*) from booking.arrest_photo"))
                    .isEqualTo(2L * (world.arrests().size() - sealed.size()));

            // Tables: one row per table, with its action, against the target databases
            Sheet tables = book.getSheet("Tables");
            Map<String, Integer> th = header(tables);
            Map<String, Long> sealedInTarget = new HashMap<>();
            sealedInTarget.put("booking.arrest", targetCount("booking", "select count(*) from booking.arrest where is_sealed"));
            sealedInTarget.put("booking.charge", targetCount("booking",
                    "select count(*) from booking.charge where charge_text = '[SEALED]'"));
            sealedInTarget.put("public.stop_report", targetCount("stops",
                    "select count(*) from stop_report where narrative = 'SEALED UNDER CPL 160.50'"));
            sealedInTarget.put("case_file", targetCount("cases", "select count(*) from case_file where defendant = '[SEALED]'"));
            int tableRows = 0;
            for (Row row : tables) {
                if (row.getRowNum() == 0) {
                    continue;
                }
                tableRows++;
                String table = row.getCell(th.get("Table")).getStringCellValue();
                String action = row.getCell(th.get("Action")).getStringCellValue();
                long tableMatched = value(row, th, "Matched");
                assertThat(value(row, th, "Difference")).isZero();
                assertThat(value(row, th, "Residual")).isZero();
                if (sealedInTarget.containsKey(table)) {
                    assertThat(action).isEqualTo("mask");
                    assertThat(value(row, th, "Masked")).as(table).isEqualTo(sealedInTarget.get(table)).isEqualTo(tableMatched);
                }
            }
            assertThat(tableRows).isEqualTo(8);

            // Exceptions: the rejected feed line, by file, line, reason and order
            Sheet exceptions = book.getSheet("Exceptions");
            assertThat(exceptions.getRow(1).getCell(0).getStringCellValue()).isEqualTo("rejected feed line");
            assertThat(exceptions.getRow(1).getCell(3).getStringCellValue()).isEqualTo("BAD_ARREST_NUMBER");
            assertThat(exceptions.getRow(1).getCell(4).getStringCellValue()).isEqualTo("BAD-1");

            // Audit: one row per changed row
            assertThat(book.getSheet("Audit").getLastRowNum()).isEqualTo((int) matched);
            // Trend: one row per run, and its chart
            XSSFSheet trend = book.getSheet("Trend");
            assertThat(trend.getLastRowNum()).isEqualTo(1);
            assertThat(trend.getDrawingPatriarch().getCharts()).hasSize(1);
            // frozen headers
            assertThat(book.getSheet("Tables").getPaneInformation().isFreezePane()).isTrue();
        }

        // rewriting the workbook of that execution gives the same figures
        CliResult again = sealctl("report", String.valueOf(executionId));
        assertThat(again.exitCode()).isZero();
        assertThat(again.out()).contains(workbook.toString());
        try (XSSFWorkbook book = new XSSFWorkbook(Files.newInputStream(workbook))) {
            assertThat(number(labelled(book.getSheet("Summary")), "Rows matched"))
                    .isEqualTo(count("select count(*) from remediation_plan_state"));
        }
        assertThat(Files.readString(Path.of(workbook + ".sha256"))).isEqualTo(
                java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                        .digest(Files.readAllBytes(workbook))) + "  " + workbook.getFileName() + "\n");
    }

    @Test
    void reportWithoutAnIdWritesTheLatestNightlyOrRemediateRunNotALaterVerifyOrDryRun() throws Exception {
        CliResult verify = sealctl("run", "verify", "--json");
        JsonOutput.of(verify.out()).as(verify.err()).has("job", "verify");
        CliResult dryRun = sealctl("run", "remediate", "--dry-run", "--json");
        JsonOutput.of(dryRun.out()).as(dryRun.err()).has("job", "remediate");

        CliResult report = sealctl("report", "--json");
        assertThat(report.exitCode()).as(report.err()).isZero();
        Path written = Path.of(report.out().replaceAll(".*\"workbook\":\"([^\"]+)\".*\\s*", "$1"));
        try (XSSFWorkbook book = new XSSFWorkbook(Files.newInputStream(written))) {
            Map<String, Cell> summary = labelled(book.getSheet("Summary"));
            assertThat(number(summary, "Execution")).isEqualTo(executionId);
            assertThat(summary.get("Job").getStringCellValue()).isEqualTo("nightly");
        }
    }

    @Test
    void noPartOfTheWorkbookHoldsPersonalDataOrARawTargetKey() throws Exception {
        Set<String> personal = new LinkedHashSet<>();
        for (RemediationWorld.Arrest a : world.arrests()) {
            if (a.lastName().length() >= 5) {
                personal.add(a.lastName());
            }
            if (a.firstName().length() >= 5) {
                personal.add(a.firstName());
            }
            personal.add(a.dateOfBirth().toString());
            personal.add(a.arrestNumber());
            personal.add(a.arrestNumber().toLowerCase());
            if (a.nysid() != null) {
                personal.add(a.nysid());
            }
            if (a.docket() != null) {
                personal.add(a.docket());
            }
            personal.add("SQF-" + a.id() + "-0");
        }
        String xml = allXml(workbook);
        assertThat(xml).contains("COMPLIANT", "booking.arrest");
        for (String value : personal) {
            assertThat(xml).as("personal value %s", value).doesNotContain(value);
        }
    }

    @Test
    void theAuditContinuesOnFurtherSheetsPastExcelsRowLimitInABoundedHeap() throws Exception {
        long runId = count("select run_id from remediation_run");
        long existing = count("select count(*) from audit_ledger");
        int extra = ComplianceWorkbook.ROWS_PER_SHEET + 1_000;
        // the ledger is the plan rows of the recorded chunks: a million more planned rows, and one chunk applying them
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
        var env = SealctlProcess.controlEnv(controlUrl(), controlUser(), controlPassword());
        env.put("SEALING_REPORTS", properties().reports().toString());

        SealctlProcess report = SealctlProcess.startWithHeap("512m", workDir, env, "report", String.valueOf(executionId));

        assertThat(report.waitFor(600)).as(report.err()).isZero();
        Map<String, Long> rows = rowsPerSheet(workbook);
        assertThat(rows.get("Audit")).isEqualTo(ComplianceWorkbook.ROWS_PER_SHEET + 1L);
        assertThat(rows.get("Audit 2")).isEqualTo(existing + extra - ComplianceWorkbook.ROWS_PER_SHEET + 1L);
        assertThat(rows).doesNotContainKey("Audit 3");
    }

    @Test
    void libreOfficeOpensAndConvertsEverySheetWithoutError() throws Exception {
        Path soffice = Stream.of("/usr/bin/soffice", "/usr/local/bin/soffice", "/usr/bin/libreoffice")
                .map(Path::of).filter(Files::isExecutable).findFirst().orElse(null);
        if (soffice == null) {
            System.out.println("SKIPPED libreOfficeOpensAndConvertsEverySheetWithoutError: soffice is not installed"
                    + " (.ci/run installs libreoffice-calc-nogui)");
        }
        Assumptions.assumeTrue(soffice != null, "soffice is not installed");
        Path out = Files.createDirectories(workDir.resolve("converted-" + System.nanoTime()));
        Process p = new ProcessBuilder(soffice.toString(), "-env:UserInstallation=file://" + out.resolve("profile"),
                "--headless", "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,UTF8,1,,0,false,true,false,false,"
                        + "false,-1", "--outdir", out.toString(), workbook.toString())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output.lines().filter(l -> l.toLowerCase().contains("error"))).as(output).isEmpty();
        try (var files = Files.list(out)) {
            List<Path> csv = files.filter(f -> f.toString().endsWith(".csv")).sorted().toList();
            assertThat(csv).hasSize(7);
            String summary = Files.readString(csv.stream().filter(f -> f.toString().contains("Summary")).findFirst()
                    .orElseThrow());
            assertThat(summary).contains("Verdict,COMPLIANT");
        }
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

    private static Map<String, Cell> labelled(Sheet sheet) {
        Map<String, Cell> cells = new HashMap<>();
        for (Row row : sheet) {
            Cell label = row.getCell(0);
            if (label != null && label.getCellType() == CellType.STRING && row.getCell(1) != null) {
                cells.put(label.getStringCellValue(), row.getCell(1));
            }
        }
        return cells;
    }

    private static long number(Map<String, Cell> cells, String label) {
        Cell cell = cells.get(label);
        assertThat(cell).as(label).isNotNull();
        assertThat(cell.getCellType()).as(label + " is a number").isEqualTo(CellType.NUMERIC);
        return (long) cell.getNumericCellValue();
    }

    private static Map<String, Integer> header(Sheet sheet) {
        Map<String, Integer> header = new HashMap<>();
        for (Cell cell : sheet.getRow(0)) {
            header.put(cell.getStringCellValue(), cell.getColumnIndex());
        }
        return header;
    }

    private static Map<String, Row> rowsByFirstCell(Sheet sheet) {
        Map<String, Row> rows = new HashMap<>();
        for (Row row : sheet) {
            if (row.getRowNum() > 0) {
                rows.put(row.getCell(0).getStringCellValue(), row);
            }
        }
        return rows;
    }

    private static long value(Row row, Map<String, Integer> header, String column) {
        Cell cell = row.getCell(header.get(column));
        assertThat(cell.getCellType()).as(column + " is a number").isEqualTo(CellType.NUMERIC);
        return (long) cell.getNumericCellValue();
    }

    /** Every XML part of the workbook, as text. */
    private static String allXml(Path file) throws Exception {
        StringBuilder all = new StringBuilder();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            for (ZipEntry entry : java.util.Collections.list(zip.entries())) {
                try (InputStream in = zip.getInputStream(entry)) {
                    all.append(new String(in.readAllBytes(), StandardCharsets.UTF_8)).append('\n');
                }
            }
        }
        return all.toString();
    }

    /** Rows per sheet, counted by streaming each sheet's XML (the workbook may be too big to load). */
    private static Map<String, Long> rowsPerSheet(Path file) throws Exception {
        Map<String, Long> rows = new HashMap<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            String workbookXml = new String(zip.getInputStream(zip.getEntry("xl/workbook.xml")).readAllBytes(),
                    StandardCharsets.UTF_8);
            String rels = new String(zip.getInputStream(zip.getEntry("xl/_rels/workbook.xml.rels")).readAllBytes(),
                    StandardCharsets.UTF_8);
            Matcher sheet = Pattern.compile("<sheet [^>]*name=\"([^\"]+)\"[^>]*r:id=\"([^\"]+)\"").matcher(workbookXml);
            while (sheet.find()) {
                Matcher target = Pattern.compile("Id=\"" + sheet.group(2) + "\"[^>]*Target=\"([^\"]+)\"|Target=\"([^\"]+)\""
                        + "[^>]*Id=\"" + sheet.group(2) + "\"").matcher(rels);
                assertThat(target.find()).isTrue();
                String part = target.group(1) != null ? target.group(1) : target.group(2);
                part = part.startsWith("/") ? part.substring(1) : "xl/" + part;
                rows.put(sheet.group(1), countRows(zip, part));
            }
        }
        return rows;
    }

    private static long countRows(ZipFile zip, String part) throws Exception {
        byte[] needle = "<row ".getBytes(StandardCharsets.US_ASCII);
        long count = 0;
        int matched = 0;
        try (InputStream in = new java.io.BufferedInputStream(zip.getInputStream(zip.getEntry(part)), 1 << 16)) {
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
}
