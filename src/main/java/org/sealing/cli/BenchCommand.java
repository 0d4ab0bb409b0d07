package org.sealing.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.util.FileSystemUtils;

import org.sealing.bench.BenchResult;
import org.sealing.bench.Benchmark;
import org.sealing.bench.Timing;
import org.sealing.demo.DemoService;
import org.sealing.support.ConfigurationException;
import org.sealing.support.Text;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sealctl bench}: naive, product and limit on identical copies of one world. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Generates a world and remediates identical copies of it three ways: naive (row by row,"
            + " audited), the product (the whole 'sealctl run remediate' in a process of its own: JVM start, plan,"
            + " apply, verify, workbook), and the limit (set-based or arrays of 10,000 keys, no audit). Prints rows"
            + " per second, the ratios and the product's phases.",
            "Worlds: flat (one target: arrests masked, photos purged; a fifth sealed), chain (three targets: a"
            + " three-level purge chain through composite foreign keys, NYSID-plus-date matches, several masked"
            + " tables per target; about a quarter sealed), demo (the fourteen databases of 'sealctl demo').",
            "It works on databases of its own (bench_*, sealing_bench) on the control database's server."})
class BenchCommand extends ContextCommand {

    private static final long MIN_ROWS = 1_000;
    /** Ten times the large demo world: beyond it the world alone would not fit a machine like ours. */
    private static final long MAX_ROWS = 100_000_000;

    @Option(names = "--rows", paramLabel = "N", defaultValue = "1000000",
            description = "Target rows of the flat or chain world (default: ${DEFAULT-VALUE}).")
    private long rows;

    @Option(names = "--world", paramLabel = "WORLD", defaultValue = "flat",
            description = "flat, chain or demo (default: ${DEFAULT-VALUE}).")
    private String world;

    @Option(names = "--scale", paramLabel = "SCALE", defaultValue = "large",
            description = "Size of the demo world: small, medium or large (default: ${DEFAULT-VALUE}).")
    private String scale;

    @Option(names = "--contenders", paramLabel = "LIST", split = ",", defaultValue = "naive,product,limit",
            description = "Which contenders run (default: ${DEFAULT-VALUE}); fewer for profiling, or for a world"
                + " too large for the naive one. A ratio whose contender did not run is not printed.")
    private List<String> contenders;

    @Option(names = "--nightly",
            description = "Also run the product a second time on the copies it has just remediated (a nightly run with"
                + " nothing new: plan finds nothing, verify searches every target, the evidence is written) and print"
                + " that run's whole time and phases.")
    private boolean nightly;

    @Option(names = "--workers", paramLabel = "N", defaultValue = "0",
            description = "Run the product's partitions (one per target) in N 'sealctl worker' processes of this"
                + " machine, over the RabbitMQ broker of SEALING_BROKER_URL, instead of in its own process"
                + " (default: ${DEFAULT-VALUE}, in its own process). The workers are started and ready before the"
                + " product's clock starts.")
    private int workers;

    BenchCommand(CliContext context) {
        super(context);
    }

    @Override
    public Integer call() throws Exception {
        if (rows < MIN_ROWS || rows > MAX_ROWS) {
            throw new ConfigurationException("--rows must be a whole number from " + MIN_ROWS + " to " + MAX_ROWS
                    + ", not " + rows);
        }
        if (!Benchmark.WORLDS.contains(world)) {
            throw new ConfigurationException("--world must be one of " + String.join(", ", Benchmark.WORLDS) + ", not '"
                    + Text.escape(world) + "'");
        }
        DemoService.Scale demoScale = Arrays.stream(DemoService.Scale.values())
                .filter(s -> s.name().equalsIgnoreCase(scale)).findFirst()
                .orElseThrow(() -> new ConfigurationException("--scale must be small, medium or large, not '"
                        + Text.escape(scale) + "'"));
        for (String contender : contenders) {
            if (!Benchmark.CONTENDERS.contains(contender)) {
                throw new ConfigurationException("--contenders takes " + String.join(", ", Benchmark.CONTENDERS)
                        + ", not '" + Text.escape(contender) + "'");
            }
        }
        if (nightly && !contenders.contains("product")) {
            throw new ConfigurationException("--nightly runs the product again: --contenders must include product");
        }
        if (workers < 0 || workers > 16) {
            throw new ConfigurationException("--workers must be a whole number from 0 to 16, not " + workers);
        }
        if (workers > 0 && !contenders.contains("product")) {
            throw new ConfigurationException("--workers runs the product's partitions: --contenders must include"
                    + " product");
        }
        String broker = context.bean(org.springframework.core.env.Environment.class).getProperty("sealing.broker.url");
        if (workers > 0 && (broker == null || broker.isBlank())) {
            throw new ConfigurationException("--workers sends the product's partitions over RabbitMQ: set"
                    + " SEALING_BROKER_URL (amqp://user:password@host:port/vhost)");
        }
        Path work = Files.createTempDirectory("sealing-bench-");
        BenchResult r;
        try {
            r = context.bean(Benchmark.class).run(world, rows, demoScale, contenders, nightly,
                    workers == 0 ? null : broker.strip(), workers, context.configDir(),
                    work);
        } finally {
            // the work folder holds the product's configuration, reports and (demo) feed: nothing to keep
            FileSystemUtils.deleteRecursively(work);
        }
        if (context.json()) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("world", r.world());
            json.put("targets", r.targets());
            json.put("rows", r.rows());
            json.put("matched", r.matched());
            json.put("workers", workers);
            json.put("naive", timing(r.naive()));
            json.put("product", timing(r.product()));
            json.put("limit", timing(r.limit()));
            json.put("limitKind", r.limitKind());
            json.put("limitWithCopies", timing(r.limitWithCopies()));
            json.put("productVsLimit", round(r.productVsLimit()));
            json.put("productVsLimitWithCopies", round(r.productVsLimitWithCopies()));
            json.put("productVsNaive", round(r.productVsNaive()));
            json.put("verifySeconds", round(r.verifySeconds()));
            json.put("workbookSeconds", round(r.workbookSeconds()));
            json.put("ledgerSeconds", round(r.evidence().getOrDefault("ledger", Double.NaN)));
            json.put("evidenceSeconds", round(r.evidence().getOrDefault("whole", Double.NaN)));
            Map<String, Object> steps = new LinkedHashMap<>();
            r.productPhases().forEach((k, v) -> steps.put(k, round(v)));
            json.put("productSteps", steps);
            if (r.nightly() != null) {
                json.put("nightlySeconds", round(r.nightly().seconds()));
                Map<String, Object> nightlySteps = new LinkedHashMap<>();
                r.nightlyPhases().forEach((k, v) -> nightlySteps.put(k, round(v)));
                json.put("nightlySteps", nightlySteps);
            }
            Printer.json(context, json);
            return ExitCodes.OK;
        }
        var out = context.out();
        out.printf("world %s: %,d target rows in %d databases, %,d of them sealed (changed by each contender)%n",
                r.world(), r.rows(), r.targets(), r.matched());
        out.printf("%-10s %10s %14s%n", "contender", "seconds", "rows/second");
        line(out, "naive", r.naive(), "");
        line(out, "product", r.product(), workers == 0 ? "   (the whole run remediate)"
                : "   (the whole run remediate, its partitions in " + workers + " sealctl worker processes)");
        line(out, "limit", r.limit(), "   (" + r.limitKind() + ")");
        line(out, "limit+", r.limitWithCopies(), "   (set-based, keeping the sealed rows' originals)");
        if (!Double.isNaN(r.productVsLimit())) {
            out.printf("product vs limit %.2f, vs limit keeping originals %.2f%n", r.productVsLimit(),
                    r.productVsLimitWithCopies());
        }
        if (!Double.isNaN(r.productVsNaive())) {
            out.printf("product vs naive %.1f%n", r.productVsNaive());
        }
        if (r.product() != null) {
            out.println("product phases (s; steps summed over targets, which run side by side): "
                    + phases(r.productPhases()));
            out.printf("product evidence %.2f s (figures fixed, then workbook %.2f s and ledger export %.2f s"
                    + " side by side)%n", r.evidence().getOrDefault("whole", Double.NaN),
                    r.evidence().getOrDefault("workbook", Double.NaN), r.evidence().getOrDefault("ledger", Double.NaN));
        }
        if (r.nightly() != null) {
            out.printf("nightly %.2f s (the product again on its remediated copies, nothing new; phases: %s)%n",
                    r.nightly().seconds(), phases(r.nightlyPhases()));
        }
        return ExitCodes.OK;
    }

    private static String phases(Map<String, Double> phases) {
        StringBuilder text = new StringBuilder();
        phases.forEach((k, v) -> text.append(text.isEmpty() ? "" : ", ").append(String.format("%s %.2f", k, v)));
        return text.toString();
    }

    private static void line(java.io.PrintStream out, String name, Timing t, String note) {
        if (t != null) {
            out.printf("%-10s %10.2f %,14.0f%s%n", name, t.seconds(), t.rowsPerSecond(), note);
        }
    }

    private static Map<String, Object> timing(Timing t) {
        if (t == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seconds", round(t.seconds()));
        m.put("rowsPerSecond", Math.round(t.rowsPerSecond()));
        return m;
    }

    private static Double round(double v) {
        return Double.isNaN(v) ? null : Math.round(v * 1000) / 1000.0;
    }
}
