package org.sealing.bench;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import org.sealing.support.FunctionalTestSupport;
import org.sealing.support.JsonOutput;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code sealctl bench} on small worlds of each shape: each contender is checked by the benchmark
 * itself (nothing left behind, one audit row per changed row where it audits; the product as a process
 * of its own), and the report names the world and has every figure of SPEC section 10. Speed is the
 * benchmark's business, not this test's: no time is asserted.
 */
@ExtendWith(OutputCaptureExtension.class)
class BenchFunctionalTests extends FunctionalTestSupport {

    @Test
    void theFlatWorldIsRemediatedThreeWaysAndEveryFigureReported(CapturedOutput logs) {
        JsonOutput result = bench(logs, 800, "bench", "--rows", "4000", "--json");

        // every one is under a 160.50 order of records: the limit that keeps originals keeps all 800
        assertThat(logs.getAll()).contains("limit (set-based, 800 originals kept) checked: 800 rows changed, none left");
        // a fifth of the 2,000 arrests (400) and their photos (400): the world's own rule
        result.has("world", "flat", "targets", 1, "rows", 4000, "matched", 800);
        // the benchmark's orders never entered this register
        assertThat(jdbc.queryForObject("select count(*) from sealing_order where order_id like 'BENCH-%'", Long.class))
                .isZero();
    }

    @Test
    void theChainWorldOfThreeTargetsIsRemediatedThreeWays(CapturedOutput logs) {
        // 195 arrests, 48 of them sealed, 20 rows each across booking, court and prints
        JsonOutput result = bench(logs, 960, "bench", "--world", "chain", "--rows", "4000", "--json", "--nightly");
        // the nightly run with nothing new: the product again on its copies changes and audits nothing, leaves nothing
        assertThat(logs.getAll()).contains("nightly checked: 0 rows changed, none left, each audited");
        assertThat(result.decimal("nightlySeconds")).isPositive();
        for (String phase : new String[] {"start", "plan", "verify", "report"}) {
            assertThat(result.object("nightlySteps").decimal(phase)).as(phase).isPositive();
        }

        result.has("world", "chain", "targets", 3, "matched", 960);
        // prints are destroyed under 160.50 (32 arrests, 5 rows each) and sealed under 160.58 (16): 960 - 160 kept
        assertThat(logs.getAll()).contains("limit (set-based, 800 originals kept) checked: 960 rows changed, none left");
        assertThat(result.number("rows")).isBetween(3_900L, 4_100L);
    }

    @Test
    void theDemoWorldOfFourteenTargetsIsRemediatedThreeWays(CapturedOutput logs) {
        JsonOutput result = bench(logs, -1, "bench", "--world", "demo", "--scale", "small", "--json", "--config",
                Path.of("jobs").toAbsolutePath().toString());

        result.has("world", "demo", "targets", 14);
        assertThat(result.number("matched")).isPositive();
    }

    @Test
    void anUnknownWorldIsAConfigurationError() {
        CliResult bench = sealctl("bench", "--world", "round");

        assertThat(bench.exitCode()).isEqualTo(2);
        assertThat(bench.err()).contains("--world must be one of flat, chain, demo, not 'round'");
    }

    /** Runs the benchmark; checks that it succeeded, that every contender was timed and checked, and returns its JSON. */
    private JsonOutput bench(CapturedOutput logs, long matched, String... args) {
        CliResult bench = sealctl(args);

        assertThat(bench.exitCode()).as(bench.out() + bench.err()).isZero();
        JsonOutput result = JsonOutput.of(bench.out());
        for (String contender : new String[] {"naive", "product", "limit", "limitWithCopies"}) {
            assertThat(result.object(contender).decimal("seconds")).as(contender).isPositive();
            assertThat(result.object(contender).decimal("rowsPerSecond")).as(contender).isPositive();
        }
        for (String figure : new String[] {"productVsLimit", "productVsLimitWithCopies", "productVsNaive",
            "verifySeconds", "workbookSeconds", "ledgerSeconds", "evidenceSeconds"}) {
            assertThat(result.decimal(figure)).as(figure).isPositive();
        }
        // the product's whole command: its start (JVM, context) and its phases from the steps it recorded
        for (String phase : new String[] {"start", "plan", "apply", "verify", "report"}) {
            assertThat(result.object("productSteps").decimal(phase)).as(phase).isPositive();
        }
        // the partitioned step and its partitions (targets, targets:T) hold those steps: they are no phases
        assertThat(String.valueOf(result.value("productSteps"))).doesNotContain("targets");
        String changed = matched < 0 ? result.number("matched") + " rows changed" : matched + " rows changed";
        assertThat(logs.getAll()).contains("naive checked: " + changed + ", none left, each audited",
                "product checked: " + changed + ", none left, each audited",
                "limit (set-based) checked: " + changed + ", none left",
                "limit (arrays of 10,000 keys) checked: " + changed + ", none left");
        return result;
    }
}
