package org.sealing.demo;

import java.io.IOException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

import org.sealing.SealingProperties;
import org.sealing.catalog.TargetDefinition;
import org.sealing.catalog.TargetDefinitionLoader;
import org.sealing.policy.PolicyLoader;
import org.sealing.control.ControlDatabase;
import org.sealing.run.RunService;
import org.sealing.support.ConfigurationException;

import java.nio.file.Path;

/**
 * {@code sealctl demo}: the whole system on the synthetic fourteen-database world. It creates the world
 * afresh on the control database's server, drops its court feed into the inbox and runs {@code nightly}
 * over the shipped target files. It refuses to run when a target file points anywhere but at the
 * world's own databases, so that demo orders can never touch a real system.
 */
@Service
public class DemoService {

    private static final Logger log = LoggerFactory.getLogger(DemoService.class);
    static final long SEED = 20_251_129L;

    /** The sizes of the world. */
    public enum Scale {
        SMALL(2_500), MEDIUM(60_000), LARGE(300_000);

        private final int arrests;

        Scale(int arrests) {
            this.arrests = arrests;
        }

        public int arrests() {
            return arrests;
        }
    }

    /** What the demo did before its run. */
    public record Prepared(Scale scale, int arrests, long rows, int orders, int brokenLines, int unsealed,
            List<Path> feeds) {
    }

    private final ControlDatabase control;
    private final TargetDefinitionLoader loader;
    private final RunService runs;
    private final SealingProperties properties;
    private final JdbcTemplate jdbc;
    private final PolicyLoader policies;

    public DemoService(ControlDatabase control, TargetDefinitionLoader loader, RunService runs,
            SealingProperties properties, JdbcTemplate jdbc, PolicyLoader policies) {
        this.control = control;
        this.policies = policies;
        this.loader = loader;
        this.runs = runs;
        this.properties = properties;
        this.jdbc = jdbc;
    }

    /** Creates the world and its feed; nothing runs yet. */
    public Prepared prepare(Scale scale, Path configDir) {
        List<TargetDefinition> targets = loader.load(configDir, policies.load(configDir).kinds());
        checkOnlyDemoTargets(targets);
        DemoPopulation population = DemoPopulation.of(scale.arrests(), SEED);
        DemoWorld world = new DemoWorld(control.serverUrlPrefix(), control.user(), control.password(), population);
        long rows;
        try {
            rows = world.create(control.databaseName());
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot create the demo world on " + control.serverUrlPrefix() + ": "
                    + e.getMessage(), e);
        }
        // a fresh world starts with a fresh register of demo orders; other orders are never touched
        jdbc.update("delete from sealing_order where order_id like 'DEMO-%'");
        DemoFeed.Written feed;
        try {
            feed = DemoFeed.write(population, properties.inbox(),
                    DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT).format(LocalDateTime.now()));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the demo feed into " + properties.inbox() + ": "
                    + e.getMessage(), e);
        }
        log.info("demo: {} world of {} arrests, {} rows in {} databases; feed of {} orders ({} broken lines)",
                scale.name().toLowerCase(Locale.ROOT), scale.arrests(), rows, DemoWorld.TARGETS.size(), feed.orders(),
                feed.broken());
        return new Prepared(scale, scale.arrests(), rows, feed.orders(), feed.broken(), feed.unsealed(), feed.files());
    }

    /** Runs nightly over the demo's targets. */
    public JobExecution run(Path configDir) {
        return runs.run("nightly", false, DemoWorld.TARGETS, configDir);
    }

    private void checkOnlyDemoTargets(List<TargetDefinition> targets) {
        List<String> names = targets.stream().map(TargetDefinition::name).toList();
        if (!names.containsAll(DemoWorld.TARGETS)) {
            throw new ConfigurationException("the demo runs on the target files shipped in jobs/targets ("
                    + String.join(", ", DemoWorld.TARGETS) + "); some are missing from the configuration");
        }
        for (TargetDefinition target : targets) {
            if (!DemoWorld.TARGETS.contains(target.name())) {
                continue;
            }
            String expected = control.serverUrlPrefix() + DemoWorld.database(target.name());
            if (!target.displayUrl().equals(expected)) {
                throw new ConfigurationException("refusing to run the demo: target " + target.name() + " points at "
                        + target.displayUrl() + ", not at the demo's own database " + expected + "; the demo"
                        + " must never touch a real system");
            }
        }
    }
}
