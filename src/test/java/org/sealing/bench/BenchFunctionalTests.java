package org.sealing.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import org.sealing.support.FunctionalTestSupport;
import org.sealing.support.JsonOutput;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code sealctl bench} on a small world: each contender is checked by the benchmark itself (nothing
 * left behind, one audit row per changed row where it audits), and the report has every figure of
 * SPEC section 10. Speed is the benchmark's business, not this test's: no time is asserted.
 */
@ExtendWith(OutputCaptureExtension.class)
class BenchFunctionalTests extends FunctionalTestSupport {

    @Test
    void theBenchmarkRemediatesThreeCopiesAndReportsEveryFigure(CapturedOutput logs) {
        CliResult bench = sealctl("bench", "--rows", "4000", "--json");

        assertThat(bench.exitCode()).as(bench.out() + bench.err()).isZero();
        JsonOutput result = JsonOutput.of(bench.out()).has("rows", 4000, "matched", 800);
        for (String contender : new String[] {"naive", "product", "limit"}) {
            assertThat(result.object(contender).decimal("seconds")).as(contender).isPositive();
            assertThat(result.object(contender).decimal("rowsPerSecond")).as(contender).isPositive();
        }
        for (String figure : new String[] {"productVsLimit", "productVsNaive", "verifySeconds", "workbookSeconds"}) {
            assertThat(result.decimal(figure)).as(figure).isPositive();
        }
        assertThat(logs.getAll()).contains("naive checked: 800 rows changed, none left, each audited",
                "product checked: 800 rows changed, none left, each audited",
                "limit (set-based) checked: 800 rows changed, none left");
        // the benchmark's orders never entered this register
        assertThat(jdbc.queryForObject("select count(*) from sealing_order where order_id like 'BENCH-%'", Long.class))
                .isZero();
    }
}
