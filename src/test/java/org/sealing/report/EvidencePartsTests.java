package org.sealing.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import org.sealing.ledger.RowCounts;
import org.sealing.ledger.TableFigures;
import org.sealing.ledger.TargetFigures;
import org.sealing.ledger.TargetState;
import org.sealing.support.ConfigurationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The parts of the evidence that need no database: what a clean spot check proves, the compliance rate,
 * the figures kept as JSON coming back equal, versions that never take a name already used, and text
 * wrapped into lines as a printed page shows it.
 */
class EvidencePartsTests {

    @TempDir
    Path reports;

    @Test
    void fiftyNineCleanChecksAreTheFewestThatLeaveUnderFivePercentAtNinetyFivePercentConfidence() {
        assertThat(EvidenceMath.failureBound(59, 1_000_000)).isLessThan(0.05).isCloseTo(0.0495, within(0.0001));
        assertThat(EvidenceMath.failureBound(58, 1_000_000)).isGreaterThan(0.05);
        // a sample as large as what it is drawn from checked every row
        assertThat(EvidenceMath.failureBound(59, 40)).isZero();
        FrozenFigures.SpotChecks clean = new FrozenFigures.SpotChecks("abc", 59, 200_000, List.of(check(true)));
        assertThat(EvidenceMath.confidenceStatement(clean)).contains("1 of 1 rows checked passed");
        FrozenFigures.SpotChecks failing = new FrozenFigures.SpotChecks("abc", 59, 200_000,
                List.of(check(true), check(false)));
        assertThat(EvidenceMath.confidenceStatement(failing)).startsWith("1 of 2 rows checked FAILED");
    }

    @Test
    void theSizeOfTheSpotChecksIsASettingCheckedWhenItIsRead() {
        assertThat(new ReportSettings(59).spotChecks()).isEqualTo(59);
        assertThat(new ReportSettings(0).spotChecks()).isZero();
        assertThatThrownBy(() -> new ReportSettings(10_001)).isInstanceOf(ConfigurationException.class)
                .hasMessage("SEALING_REPORT_SPOTCHECKS must be a whole number from 0 to 10000, not 10001");
        assertThatThrownBy(() -> new ReportSettings(-1)).isInstanceOf(ConfigurationException.class);
    }

    @Test
    void theComplianceRateIsRowsRemediatedOverRowsInScopeAndBlankBeforeVerification() {
        assertThat(EvidenceMath.complianceRate(90, 10L)).isEqualTo(0.9);
        assertThat(EvidenceMath.complianceRate(0, 0L)).isEqualTo(1.0);
        assertThat(EvidenceMath.complianceRate(5, null)).isNull();
    }

    @Test
    void figuresKeptAsJsonComeBackEqual() {
        RowCounts rows = new RowCounts(10, 4, 6, 0, 0, 0, 3, 7, 2, 1, 0);
        FrozenFigures f = new FrozenFigures(7, 3, "nightly", false, Instant.parse("2026-11-30T07:00:03.123456Z"),
                LocalDate.of(2026, 11, 30), "f".repeat(64), null, 491, 516, 2, 12, "a".repeat(64),
                List.of(new TargetFigures("booking", TargetState.VERIFIED, true, 0L, true, 1.5, null,
                        List.of(new TableFigures("booking.arrest", "MASK", null, false, null, 0L, rows)))),
                Map.of("booking", Instant.parse("2026-11-30T07:00:02Z")), Map.of("booking/booking.arrest", "records"),
                new FrozenFigures.Register(518, 516, 0, 0, 2, 516, 3, 22, 480, 11, List.of(400L, 0L, 0L, 0L, 80L),
                        0, new FrozenFigures.OpenCase("W-1", LocalDate.of(2020, 1, 1), 2525)),
                List.of(new FrozenFigures.UnsealedOrder("W-2", "160.50", 2, 2, 1, 4, 1)),
                new FrozenFigures.SpotChecks("0011", 59, 10, List.of(check(true))),
                List.of(new FrozenFigures.TrendPoint(3, "nightly", Instant.parse("2026-11-30T07:00:00Z"), 10, 10, 0L,
                        "COMPLIANT")),
                List.of(new FrozenFigures.HashedFile("Feed", "feed.csv", "b".repeat(64))), List.of(),
                new FrozenFigures.HashedFile("Policy", "built-in", null));
        JsonMapper json = JsonMapper.builder().build();

        FrozenFigures back = json.readValue(json.writeValueAsString(f), FrozenFigures.class);

        assertThat(back).isEqualTo(f);
        assertThat(back.figures().restored()).isEqualTo(2);
    }

    @Test
    void aNewVersionNeverTakesANameInUseAndVersionOneHasNoSuffix() throws Exception {
        EvidenceFiles files = new EvidenceFiles(reports, "compliance-20261130-020003-e7");
        assertThat(files.nextVersion()).isEqualTo(1);
        assertThat(files.file(1, EvidenceFiles.WORKBOOK).getFileName().toString())
                .isEqualTo("compliance-20261130-020003-e7.xlsx");
        assertThat(files.place(1, List.of(temp(files, "ledger 1"), temp(files, "workbook 1"), temp(files, "sums 1")),
                List.of(EvidenceFiles.LEDGER, EvidenceFiles.WORKBOOK, EvidenceFiles.CHECKSUMS))).isTrue();
        assertThat(files.nextVersion()).isEqualTo(2);
        assertThat(EvidenceFiles.ledgerOf(files.file(2, EvidenceFiles.WORKBOOK)).getFileName().toString())
                .isEqualTo("compliance-20261130-020003-e7-v2.ledger.csv.gz");

        // a writer that chose version 1 too late places nothing, and version 1 stays as it was
        boolean placed = files.place(1, List.of(temp(files, "ledger x"), temp(files, "workbook x"), temp(files, "x")),
                List.of(EvidenceFiles.LEDGER, EvidenceFiles.WORKBOOK, EvidenceFiles.CHECKSUMS));

        assertThat(placed).isFalse();
        assertThat(Files.readString(files.file(1, EvidenceFiles.WORKBOOK))).isEqualTo("workbook 1");
        assertThat(Files.readString(files.file(1, EvidenceFiles.LEDGER))).isEqualTo("ledger 1");
        assertThat(Files.exists(files.file(2, EvidenceFiles.LEDGER))).isFalse();
    }

    @Test
    void textWrapsAtSpacesIntoTheLinesAPrintedColumnShows() {
        assertThat(SheetWriter.lines("short", 10)).isEqualTo(1);
        assertThat(SheetWriter.lines("three words here", 10)).isEqualTo(2);
        assertThat(SheetWriter.lines("a".repeat(25), 10)).isEqualTo(3);
        assertThat(SheetWriter.lines("one\ntwo", 10)).isEqualTo(2);
        assertThat(TrendChart.niceCeiling(1_234)).isEqualTo(2_000);
        assertThat(TrendChart.niceCeiling(480)).isEqualTo(500);
    }

    private static FrozenFigures.SpotCheck check(boolean passed) {
        return new FrozenFigures.SpotCheck(1, "booking", "booking.arrest", "c".repeat(64), "W-1", "mask", "seal",
                passed, passed ? "masked" : "NOT MASKED: narrative");
    }

    private static Path temp(EvidenceFiles files, String text) throws Exception {
        return files.temporaryText(".tmp", text);
    }
}
