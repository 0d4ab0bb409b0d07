package org.sealing.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.sealing.bench.BenchResult;
import org.sealing.bench.Benchmark;
import org.sealing.bench.Timing;
import org.sealing.support.ConfigurationException;
import org.sealing.support.Text;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sealctl bench}: naive, product and limit on identical copies of one world. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Generates a world of N target rows (a fifth of them sealed) and remediates identical copies"
            + " of it three ways: naive (row by row, audited), the product's remediate, and the limit (set-based or"
            + " arrays of 10,000 keys, no audit). Prints rows per second and the ratios.",
            "It works on databases of its own (bench_*, sealing_bench) on the control database's server."})
class BenchCommand extends ContextCommand {

    private static final long MIN_ROWS = 1_000;
    /** Ten times the large demo world: beyond it the world alone would not fit a machine like ours. */
    private static final long MAX_ROWS = 100_000_000;

    @Option(names = "--rows", paramLabel = "N", defaultValue = "1000000",
            description = "Target rows of the world (default: ${DEFAULT-VALUE}).")
    private long rows;

    BenchCommand(CliContext context) {
        super(context);
    }

    @Override
    public Integer call() throws Exception {
        if (rows < MIN_ROWS || rows > MAX_ROWS) {
            throw new ConfigurationException("--rows must be a whole number from " + MIN_ROWS + " to " + MAX_ROWS
                    + ", not " + rows);
        }
        Path work = Files.createTempDirectory("sealing-bench-");
        BenchResult r = context.bean(Benchmark.class).run(rows, work);
        if (context.json()) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("rows", r.rows());
            json.put("matched", r.matched());
            json.put("naive", timing(r.naive()));
            json.put("product", timing(r.product()));
            json.put("limit", timing(r.limit()));
            json.put("limitKind", r.limitKind());
            json.put("productVsLimit", round(r.productVsLimit()));
            json.put("productVsNaive", round(r.productVsNaive()));
            json.put("verifySeconds", round(r.verifySeconds()));
            json.put("workbookSeconds", round(r.workbookSeconds()));
            json.put("ledgerSeconds", round(r.ledgerSeconds()));
            Map<String, Object> steps = new LinkedHashMap<>();
            r.productSteps().forEach((k, v) -> steps.put(k, round(v)));
            json.put("productSteps", steps);
            Printer.json(context, json);
            return ExitCodes.OK;
        }
        var out = context.out();
        out.printf("world: %,d target rows, %,d of them sealed (changed by each contender)%n", r.rows(), r.matched());
        out.printf("%-10s %10s %14s%n", "contender", "seconds", "rows/second");
        out.printf("%-10s %10.2f %,14.0f%n", "naive", r.naive().seconds(), r.naive().rowsPerSecond());
        out.printf("%-10s %10.2f %,14.0f%n", "product", r.product().seconds(), r.product().rowsPerSecond());
        out.printf("%-10s %10.2f %,14.0f   (%s)%n", "limit", r.limit().seconds(), r.limit().rowsPerSecond(),
                r.limitKind());
        out.printf("product vs limit %.2f, product vs naive %.1f%n", r.productVsLimit(), r.productVsNaive());
        out.printf("product steps (s): %s; verify %.2f s, workbook %.2f s (ledger export %.2f s beside it)%n",
                Text.escape(r.productSteps()), r.verifySeconds(), r.workbookSeconds(), r.ledgerSeconds());
        return ExitCodes.OK;
    }

    private static Map<String, Object> timing(Timing t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seconds", round(t.seconds()));
        m.put("rowsPerSecond", Math.round(t.rowsPerSecond()));
        return m;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
