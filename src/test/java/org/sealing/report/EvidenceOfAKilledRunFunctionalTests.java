package org.sealing.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

import org.sealing.support.FunctionalTestSupport;
import org.sealing.support.JsonOutput;
import org.sealing.support.SealctlProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sealing.report.EvidenceReading.labelled;
import static org.sealing.report.EvidenceReading.number;
import static org.sealing.report.EvidenceReading.rows;

/**
 * The evidence of an execution killed before its report step: {@code sealctl report ID} fixes its
 * figures then, as they stand, and writes a package whose controls all agree (the rows it changed
 * before it died, and the rows it never reached); the restart that finishes the run has evidence of its
 * own, and the dead execution's stays as it was written.
 */
class EvidenceOfAKilledRunFunctionalTests extends FunctionalTestSupport {

    @Test
    void aKilledExecutionsEvidenceIsWrittenOnRequestWithTheFiguresItLeftAndTheRestartHasItsOwn() throws Exception {
        resetControlDatabase();
        emptyTargetsDirectory();
        importedWorld(400);
        Map<String, String> env = childEnv();
        // small chunks and one target at a time make applying long enough to be killed in the middle
        env.put("SEALING_REMEDIATION_CHUNKSIZE", "10");
        env.put("SEALING_REMEDIATION_PARALLELTARGETS", "1");
        SealctlProcess run = SealctlProcess.start(workDir, env, "run", "remediate");
        long executionId = awaitApplying(run, 60);
        run.kill();
        awaitStatus(executionId, "DEAD").has("status", "DEAD");

        CliResult report = sealctl("report", String.valueOf(executionId), "--json");

        assertThat(report.exitCode()).as(report.err()).isZero();
        Path workbook = Path.of(JsonOutput.of(report.out()).text("workbook"));
        String written = EvidenceReading.sha256(workbook);
        long changed = jdbc.queryForObject("select count(*) from audit_ledger where execution_id = ?", Long.class,
                executionId);
        try (XSSFWorkbook book = new XSSFWorkbook(Files.newInputStream(workbook))) {
            Map<String, Cell> summary = labelled(book.getSheet("Summary"));
            assertThat(summary.get("Verdict").getStringCellValue()).isEqualTo("NOT_COMPLIANT");
            assertThat(number(summary, "Rows purged") + number(summary, "Rows masked")).isEqualTo(changed).isPositive();
            assertThat(number(summary, "Rows matched")).isGreaterThan(changed);
            assertThat(summary.get("Finished").getStringCellValue()).isEqualTo("not recorded");
            assertThat(summary.get("Figures fixed at").getLocalDateTimeCellValue()).isNotNull();
            List<Map<String, Object>> reconciliation = rows(book.getSheet("Reconciliation"));
            reconciliation.stream().filter(r -> r.get("Check") != null)
                    .forEach(r -> assertThat(r.get("Agrees")).as((String) r.get("Item")).isEqualTo("yes"));
            assertThat(reconciliation.stream().filter(r -> ((String) r.get("Item")).startsWith("  not yet applied"))
                    .findFirst().orElseThrow().get("Count")).isEqualTo(number(summary, "Rows matched") - changed);
            // Timeliness: no target was verified, so every case of the run is open, the oldest named by its
            // effective date (the first order id among cases of the same day)
            long runId = jdbc.queryForObject("select max(run_id) from remediation_run", Long.class);
            List<Map<String, Object>> timeliness = rows(book.getSheet("Timeliness"));
            assertThat(timeliness.subList(0, 6).stream().mapToLong(r -> (Long) r.get("Cases")).sum()).isZero();
            assertThat(timeliness.get(6).get("Cases")).isEqualTo(jdbc.queryForObject("select count(distinct order_id)"
                    + " from remediation_plan where run_id = ? and action in ('PURGE', 'MASK')", Long.class, runId))
                    .isNotEqualTo(0L);
            Map<String, Object> oldest = jdbc.queryForMap("""
                    select o.order_id, r.as_of - o.effective_from as days
                    from sealing_order o join remediation_run r on r.run_id = ?
                    where o.order_id in (select order_id from remediation_plan
                                         where run_id = ? and action in ('PURGE', 'MASK'))
                    order by o.effective_from, o.order_id limit 1
                    """, runId, runId);
            assertThat(timeliness.get(7).get("Order")).isEqualTo(oldest.get("order_id"));
            assertThat(timeliness.get(7).get("Days")).isEqualTo(((Number) oldest.get("days")).longValue());
        }
        assertThat(EvidenceReading.ledgerLines(Path.of(JsonOutput.of(report.out()).text("ledger")))).hasSize(
                (int) changed + 1);

        CliResult restart = sealctl("restart", String.valueOf(executionId), "--json");

        assertThat(restart.exitCode()).as(restart.out() + restart.err()).isZero();
        JsonOutput resumed = JsonOutput.of(restart.out()).has("status", "COMPLETED", "verdict", "COMPLIANT");
        assertThat(resumed.text("workbook")).contains("-e" + resumed.number("executionId") + ".xlsx");
        try (XSSFWorkbook book = new XSSFWorkbook(Files.newInputStream(Path.of(resumed.text("workbook"))))) {
            assertThat(number(labelled(book.getSheet("Summary")), "Rows matched"))
                    .isEqualTo(resumed.number("matched"));
        }
        assertThat(EvidenceReading.sha256(workbook)).isEqualTo(written);
    }
}
