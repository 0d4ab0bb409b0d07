package org.sealing.demo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

import org.sealing.support.JsonOutput;
import org.sealing.support.FunctionalTestSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code sealctl demo} as a new user runs it, on the target files shipped in {@code jobs/}: the
 * fourteen-database world is created, its feed (with broken lines) imported, and the nightly run is
 * compliant with rows purged and masked in every kind of system; a second demo starts afresh.
 */
class DemoFunctionalTests extends FunctionalTestSupport {

    @Test
    void theDemoRunsTheWholeSystemOnFourteenDatabasesAndIsCompliant() throws Exception {
        resetControlDatabase();

        CliResult demo = sealctl("demo", "--json", "--config", "jobs");

        assertThat(demo.exitCode()).as(demo.out() + demo.err()).isZero();
        JsonOutput figures = JsonOutput.of(demo.out()).has("job", "nightly", "status", "COMPLETED", "verdict",
                "COMPLIANT", "targets", 14, "targetsVerified", 14, "residual", 0, "failed", 0);
        assertThat(figures.number("purged")).isPositive();
        assertThat(figures.number("masked")).isPositive();
        assertThat(figures.number("rejected")).isPositive();
        Path workbook = Path.of(figures.text("workbook"));
        try (XSSFWorkbook book = new XSSFWorkbook(Files.newInputStream(workbook))) {
            Set<String> targets = new HashSet<>();
            for (Row row : book.getSheet("Targets")) {
                if (row.getRowNum() > 0) {
                    targets.add(row.getCell(0).getStringCellValue());
                }
            }
            assertThat(targets).hasSize(14).containsAll(DemoWorld.TARGETS);
        }
        // every kind of system had rows of sealed cases: both purged and masked ones
        assertThat(jdbc.queryForList("select distinct target from audit_ledger", String.class))
                .containsExactlyInAnyOrderElementsOf(DemoWorld.TARGETS);

        // a second demo starts from a fresh world: the same rows are found and changed again
        CliResult again = sealctl("demo", "--json", "--config", "jobs");
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(JsonOutput.of(again.out()).number("matched")).isEqualTo(figures.number("matched"));
    }

    @Test
    void theDemoRefusesTargetFilesThatPointAnywhereButAtItsOwnDatabases() throws Exception {
        Path config = Files.createDirectories(workDir.resolve("elsewhere/targets"));
        try (var files = Files.list(Path.of("jobs/targets"))) {
            for (Path f : files.toList()) {
                Files.writeString(config.resolve(f.getFileName()), Files.readString(f)
                        .replace("demo_olbs", "production_booking"));
            }
        }

        CliResult demo = sealctl("demo", "--config", config.getParent().toString());

        assertThat(demo.exitCode()).isEqualTo(2);
        assertThat(demo.err()).contains("refusing to run the demo: target olbs points at", "production_booking");
    }
}
