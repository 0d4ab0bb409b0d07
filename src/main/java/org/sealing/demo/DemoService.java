package org.sealing.demo;

import java.io.IOException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
import org.sealing.vault.VaultStore;

import java.nio.file.Path;

/**
 * {@code sealctl demo}: the whole system on the synthetic fourteen-database world, over two nights. It
 * creates the world afresh on the control database's server, drops its court feed into the inbox and runs
 * {@code nightly} over the shipped target files (the sealing night); then drops the court's reversals of a
 * share of the orders carried out (160.50 cases, whose photographs and prints were destroyed, and 160.57
 * cases, of which everything was sealed) and runs {@code nightly} again (the unsealing night), which
 * restores their sealed rows from the vault. It refuses to run when a target file points anywhere but at
 * the world's own databases, so that demo orders can never touch a real system.
 */
@Service
public class DemoService {

    private static final Logger log = LoggerFactory.getLogger(DemoService.class);
    /** The seed of the demo world: the same world, feed and reversals every time (on a given day). */
    static final long SEED = 20_251_129L;
    /** The authority the demo suggests for opening a sealed case to the accused. */
    static final String AUTHORITY = "written request of the accused (demo)";

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

    /** The world created and its first feed in the inbox; nothing has run yet. */
    public static final class Prepared {
        private final Scale scale;
        private final long rows;
        private final DemoFeed.Written feed;
        private final DemoPopulation population;

        private Prepared(Scale scale, long rows, DemoFeed.Written feed, DemoPopulation population) {
            this.scale = scale;
            this.rows = rows;
            this.feed = feed;
            this.population = population;
        }

        public Scale scale() {
            return scale;
        }

        public int arrests() {
            return scale.arrests();
        }

        public long rows() {
            return rows;
        }

        public int orders() {
            return feed.orders();
        }

        public int brokenLines() {
            return feed.broken();
        }

        public Path feed() {
            return feed.file();
        }
    }

    /**
     * The court's reversals in the inbox: the orders unsealed, by statute.
     *
     * @param byStatute the order ids of each statute, in the order of the file
     */
    public record Reversals(Path feed, Map<String, List<String>> byStatute) {

        public int orders() {
            return byStatute.values().stream().mapToInt(List::size).sum();
        }

        public List<String> orderIds() {
            return byStatute.values().stream().flatMap(List::stream).toList();
        }
    }

    /**
     * What the unsealing night leaves to show.
     *
     * @param destroyed        rows of the unsealed cases that the sealing night destroyed: they cannot return
     * @param stillSealedOrder a case sealed on the first night and not reversed (its rows are in the vault),
     *                         preferably a 160.57 one (its photographs are sealed too), or null
     */
    public record Aftermath(long destroyed, String stillSealedOrder) {

        /** The commands a user can try next. */
        public List<String> nextCommands() {
            List<String> next = new ArrayList<>();
            if (stillSealedOrder != null) {
                next.add("./sealctl vault open " + stillSealedOrder + " --recipient accused --authority \""
                        + AUTHORITY + "\"");
            }
            next.add("./sealctl audit verify");
            return next;
        }
    }

    private final ControlDatabase control;
    private final TargetDefinitionLoader loader;
    private final RunService runs;
    private final SealingProperties properties;
    private final JdbcTemplate jdbc;
    private final PolicyLoader policies;
    private final VaultStore vault;
    private final org.springframework.core.env.PropertyResolver environment;

    public DemoService(ControlDatabase control, TargetDefinitionLoader loader, RunService runs,
            SealingProperties properties, JdbcTemplate jdbc, PolicyLoader policies, VaultStore vault,
            org.springframework.core.env.Environment environment) {
        this.environment = environment;
        this.control = control;
        this.policies = policies;
        this.loader = loader;
        this.runs = runs;
        this.properties = properties;
        this.jdbc = jdbc;
        this.vault = vault;
    }

    /** Creates the world and its feed of sealing orders; nothing runs yet. */
    public Prepared prepare(Scale scale, Path configDir) {
        List<TargetDefinition> targets = loader.load(configDir, policies.load(configDir).kinds());
        checkOnlyDemoTargets(targets);
        DemoPopulation population = DemoPopulation.of(scale.arrests(), SEED);
        DemoWorld.Server mariaDb = mariaDb();
        DemoWorld world = new DemoWorld(control.serverUrlPrefix(), control.user(), control.password(), population,
                mariaDb);
        long rows;
        try {
            rows = world.create(control.databaseName());
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot create the demo world on " + control.serverUrlPrefix()
                    + (mariaDb == null ? "" : " and " + mariaDb.jdbcPrefix()) + ": "
                    + org.sealing.support.FailureMessages.of(e), e);
        }
        if (mariaDb != null) {
            log.info("demo: targets {} are on MariaDB at {}", String.join(" and ", DemoWorld.MARIADB_TARGETS),
                    mariaDb.jdbcPrefix());
        }
        // a fresh world starts with a fresh register of demo orders, and no vault copy of an earlier demo's rows
        // (the same order ids come again: an earlier world's copy would be restored into this one); other
        // orders are never touched
        jdbc.update("delete from sealing_order where order_id like 'DEMO-%'");
        int stale = new JdbcTemplate(vault.dataSource()).update("delete from vault_copy where order_id like 'DEMO-%'");
        DemoFeed.Written feed;
        try {
            feed = DemoFeed.write(population, properties.inbox(), stamp());
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the demo feed into " + properties.inbox() + ": "
                    + e.getMessage(), e);
        }
        log.info("demo: {} world of {} arrests, {} rows in {} databases; feed of {} orders ({} broken lines);"
                + " {} vault copies of an earlier demo dropped", scale.name().toLowerCase(Locale.ROOT),
                scale.arrests(), rows, DemoWorld.TARGETS.size(), feed.orders(), feed.broken(), stale);
        return new Prepared(scale, rows, feed, population);
    }

    /** Runs nightly over the demo's targets. */
    public JobExecution run(Path configDir) {
        return runs.run("nightly", false, DemoWorld.TARGETS, configDir);
    }

    /** Drops the court's reversals of a share of the orders the first night carried out into the inbox. */
    public Reversals unseal(Prepared world) {
        DemoFeed.Reversals written;
        try {
            written = DemoFeed.writeReversals(world.population, properties.inbox(), stamp());
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the demo's reversals into " + properties.inbox() + ": "
                    + e.getMessage(), e);
        }
        Reversals reversals = new Reversals(written.file(), written.byStatute());
        log.info("demo: the court unseals {} orders", reversals.orders());
        return reversals;
    }

    /** What the sealing execution destroyed of the unsealed cases, and a case it sealed that stays sealed. */
    public Aftermath aftermath(JobExecution sealing, Reversals reversals) {
        long runId = runs.figures(sealing.getId()).runId();
        String[] unsealed = reversals.orderIds().toArray(new String[0]);
        Long destroyed = jdbc.queryForObject("select count(*) from audit_ledger where run_id = ? and action <> 'RESTORE'"
                + " and outcome = 'DESTROY' and order_id = any(?)", Long.class, runId, unsealed);
        List<String> sealed = jdbc.queryForList("select order_id from audit_ledger a where run_id = ?"
                + " and outcome = 'SEAL' and action <> 'RESTORE' and not order_id = any(?)"
                + " and exists (select 1 from sealing_order o where o.order_id = a.order_id and o.order_type = 'SEAL')"
                + " group by order_id, statute order by statute = '160.57' desc, order_id limit 1", String.class,
                runId, unsealed);
        return new Aftermath(destroyed == null ? 0 : destroyed, sealed.isEmpty() ? null : sealed.get(0));
    }

    private static String stamp() {
        return DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS", Locale.ROOT).format(LocalDateTime.now());
    }

    /**
     * The MariaDB server of {@code SEALING_DEMO_MARIADB_URL}, where two targets go, or null when it is not set
     * (every target on the control server, which the target files' variables then name as well).
     */
    private DemoWorld.Server mariaDb() {
        String given = environment.getProperty(org.sealing.control.DemoMariaDbServer.URL);
        if (given != null && !given.isBlank() && !given.matches("jdbc:(mariadb|mysql)://[^/?#]+/?")) {
            // the target files append the database to it: a database or parameters there would make another URL
            throw new ConfigurationException(org.sealing.control.DemoMariaDbServer.URL + " must be a MariaDB server's"
                    + " URL without a database or parameters, jdbc:mariadb://host:port/");
        }
        String prefix = environment.getProperty(org.sealing.control.DemoMariaDbServer.JDBC);
        if (prefix == null || !(prefix.startsWith("jdbc:mariadb:") || prefix.startsWith("jdbc:mysql:"))) {
            String url = environment.getProperty(org.sealing.control.DemoMariaDbServer.URL);
            if (url != null && !url.isBlank()) {
                throw new ConfigurationException(org.sealing.control.DemoMariaDbServer.URL + " must be a MariaDB server's"
                        + " URL, jdbc:mariadb://host:port/ (it is " + url + ")");
            }
            return null;
        }
        return new DemoWorld.Server(prefix.replaceFirst("^jdbc:mysql:", "jdbc:mariadb:"),
                environment.getProperty(org.sealing.control.DemoMariaDbServer.USER),
                environment.getProperty(org.sealing.control.DemoMariaDbServer.PASSWORD));
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
            String prefix = DemoWorld.MARIADB_TARGETS.contains(target.name()) && mariaDb() != null
                    ? environment.getProperty(org.sealing.control.DemoMariaDbServer.JDBC) : control.serverUrlPrefix();
            String expected = prefix + DemoWorld.database(target.name());
            if (!target.displayUrl().equals(expected)) {
                throw new ConfigurationException("refusing to run the demo: target " + target.name() + " points at "
                        + target.displayUrl() + ", not at the demo's own database " + expected + "; the demo"
                        + " must never touch a real system");
            }
        }
    }
}
