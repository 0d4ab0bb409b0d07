package org.sealing.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.stereotype.Component;

import org.sealing.SealingApplication;
import org.sealing.SealingProperties;
import org.sealing.catalog.TargetDefinition;
import org.sealing.catalog.TargetDefinitionLoader;
import org.sealing.catalog.check.TargetChecker;
import org.sealing.control.ControlDatabase;
import org.sealing.demo.DemoService;
import org.sealing.policy.Policy;
import org.sealing.policy.PolicyLoader;
import org.sealing.targetdb.ResolvedTarget;

/**
 * The benchmark of SPEC section 10: a world ({@link World}: flat, chain or demo), remediated on identical
 * copies three ways, each checked ({@link BenchCheck}: nothing left, one audit row per changed row where
 * it audits):
 * <ol>
 * <li><b>naive</b> ({@link NaiveContender}): row by row in a chunked step, audited;</li>
 * <li><b>product</b> ({@link ProductContender}): the whole {@code sealctl run remediate} in a process of
 * its own, as a user waits for it;</li>
 * <li><b>limit</b> ({@link LimitContender}): the faster of set-based statements and arrays of keys, with
 * no audit and no restart bookkeeping.</li>
 * </ol>
 * The benchmark has an application of its own on a control database of its own ({@code sealing_bench}),
 * which holds the world's orders and the naive job's records and which the product's process uses, so
 * the benchmark's orders never enter the real register.
 */
@Component
public class Benchmark {

    private static final Logger log = LoggerFactory.getLogger(Benchmark.class);
    private static final String CONTROL = "sealing_bench";

    private final ControlDatabase control;

    public Benchmark(ControlDatabase control) {
        this.control = control;
    }

    /** The worlds {@code --world} names. */
    public static final List<String> WORLDS = List.of("flat", "chain", "demo");
    /** The contenders, in the order they run. */
    public static final List<String> CONTENDERS = List.of(NaiveContender.CONTENDER, ProductContender.CONTENDER,
            LimitContender.CONTENDER);

    /**
     * Builds the world ({@code rows} target rows for flat and chain, {@code scale} for demo, whose target
     * files are read from {@code configDir}), times the contenders (all three, unless profiling or a world
     * too large for the naive one asks for fewer) and returns the figures.
     */
    public BenchResult run(String worldName, long rows, DemoService.Scale scale, List<String> contenders,
            Path configDir, Path workDir) throws Exception {
        return run(worldName, rows, scale, contenders, false, null, 0, configDir, workDir);
    }

    /**
     * {@link #run(String, long, DemoService.Scale, List, Path, Path)}; with {@code nightly}, the product is run a
     * second time on the copies it has just remediated (the nightly run with nothing new) and timed too; with
     * {@code workers} above 0, the product's partitions go over the broker {@code brokerUrl} (to a queue of this
     * benchmark's own) to that many {@code sealctl worker} processes.
     */
    public BenchResult run(String worldName, long rows, DemoService.Scale scale, List<String> contenders,
            boolean nightly, String brokerUrl, int workers, Path configDir, Path workDir) throws Exception {
        BenchServer server = new BenchServer(control.serverUrlPrefix(), control.user(), control.password(),
                control.databaseName());
        World world = switch (worldName) {
            case "flat" -> new FlatWorld(rows);
            case "chain" -> new ChainWorld(rows);
            case "demo" -> new DemoBenchWorld(scale, configDir);
            default -> throw new IllegalArgumentException(worldName);
        };
        log.info("bench: creating the {} world", world.name());
        try {
            long worldRows = world.create(server);
            server.recreate(CONTROL);
            Path jobs = Files.createDirectories(workDir.resolve("jobs/targets")).getParent();
            Map<String, String> settings = settings(server, workDir);
            if (workers > 0) {
                settings.put("SEALING_BROKER_URL", brokerUrl);
                settings.put("SEALING_BROKER_QUEUE", "sealing.bench." + ProcessHandle.current().pid() + "."
                        + System.currentTimeMillis());
            }
            try (ConfigurableApplicationContext bench = start(settings)) {
                world.register(bench, workDir);
                for (String target : world.targets()) {
                    String copy = World.copy(ProductContender.CONTENDER, target);
                    server.copy(World.template(target), copy);
                    Files.writeString(jobs.resolve("targets").resolve(target + ".yml"),
                            world.targetFile(target, server, copy));
                }
                BenchRun run = prepare(server, world, bench, jobs);
                // the product gets fresh copies when its turn comes
                run.dropCopies(ProductContender.CONTENDER);
                // counted in the templates, so that no contender's copy is read before its time
                long matched = run.residual(World::template);
                if (matched == 0 || (world.expected() >= 0 && matched != world.expected())) {
                    throw new IllegalStateException("bench: the " + world.name() + " world's sealed cases match " + matched
                            + " rows, not the " + world.expected() + " it was made with");
                }
                log.info("bench: the {} world has {} target rows in {} databases, {} of them to change", world.name(),
                        worldRows, world.targets().size(), matched);
                Timing naive = contenders.contains(NaiveContender.CONTENDER) ? NaiveContender.run(run, matched) : null;
                ProductContender.Run product = null;
                ProductContender.Run again = null;
                if (contenders.contains(ProductContender.CONTENDER)) {
                    product = ProductContender.run(run, matched, workDir, settings, workers);
                    if (nightly) {
                        again = ProductContender.again(run, workDir, settings, workers);
                    }
                    run.dropCopies(ProductContender.CONTENDER);
                }
                LimitContender.Run limit = contenders.contains(LimitContender.CONTENDER)
                        ? LimitContender.run(run, matched) : null;
                return BenchResult.of(world, worldRows, matched, naive, product, limit).withNightly(again);
            }
        } finally {
            server.drop(CONTROL);
            for (String target : world.targets()) {
                for (String contender : CONTENDERS) {
                    server.drop(World.copy(contender, target));
                }
                server.drop(World.template(target));
            }
        }
    }

    /** The world's targets checked against their live catalogs (in the product's first copies), and the policy. */
    private static BenchRun prepare(BenchServer server, World world, ConfigurableApplicationContext bench, Path jobs) {
        Policy policy = bench.getBean(PolicyLoader.class).load(jobs);
        Map<String, ResolvedTarget> resolved = new LinkedHashMap<>();
        for (TargetDefinition definition : bench.getBean(TargetDefinitionLoader.class).load(jobs, policy.kinds())) {
            TargetChecker.Report report = bench.getBean(TargetChecker.class).check(definition);
            if (report.hasErrors()) {
                throw new IllegalStateException("bench: the " + world.name() + " world's target " + definition.name()
                        + " does not fit its database: " + report.errors());
            }
            resolved.put(definition.name(), report.resolved());
        }
        LocalDate asOf = LocalDate.now(bench.getBean(SealingProperties.class).zone());
        return new BenchRun(server, world, bench, resolved, policy, asOf);
    }

    /** The settings of the benchmark's application and of the product's process: its own database, keys and folders. */
    private static Map<String, String> settings(BenchServer server, Path workDir) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("SEALING_CONTROL_URL", server.url(CONTROL));
        settings.put("SEALING_CONTROL_USER", server.user());
        settings.put("SEALING_CONTROL_PASSWORD", server.password() == null ? "" : server.password());
        settings.put("SEALING_HMAC_KEY", HexFormat.of().formatHex(new SecureRandom().generateSeed(32)));
        settings.put("SEALING_VAULT_KEY", HexFormat.of().formatHex(new SecureRandom().generateSeed(32)));
        settings.put("SEALING_VAULT_URL", "");
        settings.put("SEALING_CONFIGDIR", workDir.resolve("jobs").toString());
        settings.put("SEALING_REPORTS", workDir.resolve("reports").toString());
        settings.put("SEALING_INBOX", workDir.resolve("inbox").toString());
        settings.put("SEALING_HOME", workDir.resolve("home").toString());
        return settings;
    }

    /** The benchmark's application, on the settings the product's process gets too (as Spring properties). */
    private static ConfigurableApplicationContext start(Map<String, String> settings) {
        Map<String, String> properties = Map.of("SEALING_CONTROL_URL", "sealing.control.url", "SEALING_CONTROL_USER",
                "sealing.control.user", "SEALING_CONTROL_PASSWORD", "sealing.control.password", "SEALING_HMAC_KEY",
                "sealing.hmac-key", "SEALING_VAULT_KEY", "sealing.vault.key", "SEALING_VAULT_URL", "sealing.vault.url",
                "SEALING_CONFIGDIR", "sealing.config-dir", "SEALING_REPORTS", "sealing.reports", "SEALING_INBOX",
                "sealing.inbox", "SEALING_HOME", "sealing.home");
        List<String> args = new ArrayList<>(settings.entrySet().stream().filter(e -> properties.containsKey(e.getKey()))
                .map(e -> "--" + properties.get(e.getKey()) + "=" + e.getValue()).toList());
        // Quartz registers a scheduler's data source JVM-wide under the scheduler's name: the benchmark's own
        // application, closed when it ends, must not take over that of an application running in this JVM
        args.add("--spring.quartz.scheduler-name=sealing-bench-" + ProcessHandle.current().pid() + "-"
                + System.nanoTime());
        return new SpringApplicationBuilder(SealingApplication.class).run(args.toArray(String[]::new));
    }
}
