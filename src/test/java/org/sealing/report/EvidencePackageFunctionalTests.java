package org.sealing.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.commons.csv.CSVRecord;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.sealing.support.FunctionalTestSupport;
import org.sealing.support.JsonOutput;
import org.sealing.support.RemediationWorld;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sealing.report.EvidenceReading.labelled;
import static org.sealing.report.EvidenceReading.ledgerLines;
import static org.sealing.report.EvidenceReading.sha256;
import static org.sealing.report.EvidenceReading.text;

/**
 * The evidence package of a run as a monitor certifies it: the workbook, the ledger export (one line per
 * changed row, each with the hash of the ledger entry that covers it) and the {@code .sha256} listing
 * both, owner-only; the certification block's hashes against the files they name; a rewrite that is a
 * new version beside the old one with the same figures, after later runs changed the register; and
 * nothing in the workbook or the export that names a person.
 */
class EvidencePackageFunctionalTests extends FunctionalTestSupport {

    private RemediationWorld world;
    private JsonOutput run;
    private Path workbook;
    private Path ledger;
    private String feedSha;

    @BeforeEach
    void run() throws Exception {
        resetControlDatabase();
        world = RemediationWorld.create(400);
        emptyTargetsDirectory();
        world.writeTargets(properties().configDir());
        Path inbox = Files.createDirectories(properties().inbox());
        feedSha = sha256(world.writeFeed(inbox.resolve("court-feed-" + System.nanoTime() + ".csv")));
        CliResult nightly = sealctl("run", "nightly", "--json");
        assertThat(nightly.exitCode()).as(nightly.out() + nightly.err()).isZero();
        run = JsonOutput.of(nightly.out());
        workbook = Path.of(run.text("workbook"));
        ledger = Path.of(run.text("ledger"));
    }

    @Test
    void theWorkbookTheLedgerExportAndTheirChecksumsAreOwnerOnlyAndTheExportHasEveryChangedRowWithItsChainHash()
            throws Exception {
        String base = workbook.getFileName().toString().replaceAll("\\.xlsx$", "");
        assertThat(base).matches("compliance-\\d{8}-\\d{6}-e" + run.number("executionId"));
        assertThat(ledger.getFileName().toString()).isEqualTo(base + ".ledger.csv.gz");
        Path sums = workbook.resolveSibling(base + ".sha256");
        for (Path file : List.of(workbook, ledger, sums)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).as(file.toString())
                    .isEqualTo("rw-------");
        }
        assertThat(Files.readString(sums)).isEqualTo(sha256(workbook) + "  " + workbook.getFileName() + "\n"
                + sha256(ledger) + "  " + ledger.getFileName() + "\n");

        List<CSVRecord> lines = ledgerLines(ledger);
        assertThat(lines.get(0).values()).containsExactly("order_id", "statute", "target", "table", "row_ref",
                "action", "outcome", "time", "chain_hash", "ledger_seq");
        // each line is a row of the audit ledger, with the hash of the ledger entry whose chunk holds it
        Set<String> fromSql = new HashSet<>(jdbc.query("""
                select a.order_id, a.statute, a.target, a.table_name, a.row_ref, lower(a.action), lower(a.outcome),
                       e.hash, e.seq
                from audit_ledger a join ledger_entry e on e.run_id = a.run_id and e.target = a.target
                     and a.audit_id between e.first_plan_id and e.last_plan_id
                     and e.lane = case when a.action = 'PURGE' then 'purge' else 'mask:' || a.table_name end
                """, (rs, i) -> String.join(",", rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9))));
        Set<String> exported = new HashSet<>();
        for (CSVRecord line : lines.subList(1, lines.size())) {
            assertThat(line.get(7)).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}[+-]\\d\\d:\\d\\d");
            exported.add(String.join(",", line.get(0), line.get(1), line.get(2), line.get(3), line.get(4), line.get(5),
                    line.get(6), line.get(8), line.get(9)));
        }
        assertThat(lines).hasSize(fromSql.size() + 1);
        assertThat(exported).isEqualTo(fromSql);
        assertThat(fromSql.size()).isEqualTo(run.number("purged") + run.number("masked")).isPositive();

        // the certification block names the files and their hashes, and the chain's head
        CliResult verify = sealctl("audit", "verify", "--json");
        try (XSSFWorkbook book = new XSSFWorkbook(Files.newInputStream(workbook))) {
            Map<String, Cell> summary = labelled(book.getSheet("Summary"));
            assertThat(text(summary, "Ledger export")).isEqualTo(ledger.getFileName().toString());
            assertThat(text(summary, "SHA-256 of ledger export")).isEqualTo(sha256(ledger));
            assertThat(text(summary, "Ledger chain head")).isEqualTo(JsonOutput.of(verify.out()).text("head"));
            assertThat(feedHashes(summary)).containsExactly(feedSha);
            for (String target : List.of("booking", "prints", "stops", "cases")) {
                assertThat(text(summary, "SHA-256 of definition " + target)).as(target).isEqualTo(
                        sha256(properties().configDir().resolve("targets/" + target + ".yml")));
            }
            assertThat(text(summary, "SHA-256 of policy")).startsWith("none: the built-in New York policy");
            assertThat(text(summary, "Software version")).startsWith("sealctl ");
            assertThat(text(summary, "What is attested")).contains("execution " + run.number("executionId"));
            assertThat(text(summary, "Prepared by (role)")).isNotBlank();
            assertThat(text(summary, "Examined by (role)")).isNotBlank();
            assertThat(signatureLines(book.getSheet("Summary"))).isEqualTo(2);
            // the Reconciliation's last control: the export's lines are the rows changed and restored
            assertThat(EvidenceReading.rows(book.getSheet("Reconciliation")).stream()
                    .filter(r -> r.get("Item").equals("Lines of the ledger export")).findFirst().orElseThrow()
                    .get("Count")).isEqualTo((long) fromSql.size());
        }
    }

    @Test
    void aRewriteIsANewVersionBesideTheOldWithTheSameFiguresAfterLaterRunsChangedTheRegister() throws Exception {
        long executionId = run.number("executionId");
        String workbookSha = sha256(workbook);
        String ledgerSha = sha256(ledger);
        Map<String, List<String>> before = sheets(workbook);
        // the court unseals an order and a later run restores it: the register and the ledger move on
        Path feeds = Files.createDirectories(workDir.resolve("feeds"));
        assertThat(sealctl("import", world.writeUnsealFeed(feeds.resolve("unseal.csv")).toString()).exitCode()).isZero();
        CliResult later = sealctl("run", "remediate", "--json");
        assertThat(later.exitCode()).as(later.out() + later.err()).isZero();
        assertThat(JsonOutput.of(later.out()).number("restored")).isPositive();
        // the later run restored and found nothing new: the active cases it counts as found are those the first
        // run's plan found (and no others)
        long laterRun = jdbc.queryForObject("select max(run_id) from remediation_run", Long.class);
        long foundBefore = jdbc.queryForObject("""
                select count(*) from sealing_order o join remediation_run r on r.run_id = ?
                where o.order_type = 'SEAL' and o.effective_from <= r.as_of
                  and exists (select 1 from remediation_plan p where p.order_id = o.order_id and p.run_id <= r.run_id
                              and p.action in ('PURGE', 'MASK'))
                """, Long.class, laterRun);
        assertThat(jdbc.queryForObject("select count(*) from remediation_plan where run_id = ?"
                + " and action in ('PURGE', 'MASK')", Long.class, laterRun)).isZero();
        try (XSSFWorkbook book = new XSSFWorkbook(Files.newInputStream(Path.of(JsonOutput.of(later.out())
                .text("workbook"))))) {
            assertThat(EvidenceReading.rows(book.getSheet("Reconciliation")).stream()
                    .filter(r -> ((String) r.get("Item")).startsWith("Active cases with rows found in some target"))
                    .findFirst().orElseThrow().get("Count")).isEqualTo(foundBefore).isNotEqualTo(0L);
        }

        CliResult report = sealctl("report", String.valueOf(executionId), "--json");

        assertThat(report.exitCode()).as(report.err()).isZero();
        Path second = Path.of(JsonOutput.of(report.out()).text("workbook"));
        Path secondLedger = Path.of(JsonOutput.of(report.out()).text("ledger"));
        assertThat(second.getFileName().toString()).isEqualTo(workbook.getFileName().toString()
                .replace(".xlsx", "-v2.xlsx"));
        assertThat(secondLedger.getFileName().toString()).endsWith("-v2.ledger.csv.gz");
        // the first version is as it was, its checksums too
        assertThat(sha256(workbook)).isEqualTo(workbookSha);
        assertThat(sha256(ledger)).isEqualTo(ledgerSha);
        assertThat(Files.readString(workbook.resolveSibling(workbook.getFileName().toString()
                .replace(".xlsx", ".sha256")))).contains(workbookSha, ledgerSha);
        // and the second shows the same, but for when it was written and which version it is
        Map<String, List<String>> after = sheets(second);
        assertThat(after.keySet()).isEqualTo(before.keySet());
        for (String sheet : before.keySet()) {
            assertThat(after.get(sheet)).as(sheet).isEqualTo(before.get(sheet));
        }
        assertThat(sha256(secondLedger)).isEqualTo(ledgerSha);
        try (XSSFWorkbook book = new XSSFWorkbook(Files.newInputStream(second))) {
            assertThat(EvidenceReading.number(labelled(book.getSheet("Summary")), "Evidence version")).isEqualTo(2);
        }
        CliResult third = sealctl("report", String.valueOf(executionId), "--json");
        assertThat(JsonOutput.of(third.out()).text("workbook")).endsWith("-v3.xlsx");
    }

    @Test
    void noPartOfTheWorkbookOrTheLedgerExportHoldsPersonalDataOrARawTargetKey() throws Exception {
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
        String xml = EvidenceReading.allXml(workbook);
        String export = EvidenceReading.ledgerText(ledger);
        assertThat(xml).contains("COMPLIANT", "booking.arrest");
        assertThat(export).contains("booking.arrest");
        for (String value : personal) {
            assertThat(xml).as("personal value %s in the workbook", value).doesNotContain(value);
            assertThat(export).as("personal value %s in the ledger export", value).doesNotContain(value);
        }
    }

    /** The feed hashes of the certification block, in order. */
    private static List<String> feedHashes(Map<String, Cell> summary) {
        List<String> hashes = new ArrayList<>();
        summary.forEach((label, cell) -> {
            if (label.startsWith("SHA-256 of feed ")) {
                hashes.add(cell.getStringCellValue());
            }
        });
        return hashes;
    }

    private static int signatureLines(Sheet summary) {
        int lines = 0;
        for (Row row : summary) {
            if (row.getCell(0) != null && row.getCell(0).toString().equals("Signature")) {
                lines++;
            }
        }
        return lines;
    }

    /**
     * Every sheet's cells as text, row by row, leaving out what differs between versions by design: when
     * the version was written, its number, the files it names and the printed page heading.
     */
    private static Map<String, List<String>> sheets(Path file) throws Exception {
        Map<String, List<String>> sheets = new HashMap<>();
        try (XSSFWorkbook book = new XSSFWorkbook(Files.newInputStream(file))) {
            for (Sheet sheet : book) {
                List<String> rows = new ArrayList<>();
                String skip = null;
                for (Row row : sheet) {
                    String label = row.getCell(0) == null ? "" : row.getCell(0).toString();
                    if (List.of("Evidence version", "Generated at", "Ledger export").contains(label)) {
                        skip = label;
                        continue;
                    }
                    if (skip != null && label.isEmpty()) {
                        // the note beneath a skipped value
                        skip = null;
                        continue;
                    }
                    skip = null;
                    StringBuilder cells = new StringBuilder();
                    row.forEach(c -> cells.append(c.toString()).append('|'));
                    rows.add(cells.toString());
                }
                sheets.put(sheet.getSheetName(), rows);
            }
        }
        return sheets;
    }
}
