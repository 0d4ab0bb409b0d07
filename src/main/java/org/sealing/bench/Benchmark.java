package org.sealing.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import org.sealing.SealingApplication;
import org.sealing.control.ControlDatabase;

/**
 * The benchmark of SPEC section 10: one world of N target rows ({@link BenchWorld}), remediated on
 * identical copies three ways, each checked ({@link BenchCheck}: nothing left, one audit row per changed
 * row where it audits):
 * <ol>
 * <li><b>naive</b> ({@link NaiveContender}): row by row in a chunked step, audited;</li>
 * <li><b>product</b> ({@link ProductContender}): the product's own {@code remediate} (plan and apply; its
 * verify and workbook are timed apart);</li>
 * <li><b>limit</b> ({@link LimitContender}): the faster of set-based statements and arrays of keys, with
 * no audit and no restart bookkeeping.</li>
 * </ol>
 * The product runs in an application of its own on a control database of its own ({@code sealing_bench}),
 * so the benchmark's orders never enter the real register.
 */
@Component
public class Benchmark {

    private static final Logger log = LoggerFactory.getLogger(Benchmark.class);
    private static final String CONTROL = "sealing_bench";

    private final ControlDatabase control;

    public Benchmark(ControlDatabase control) {
        this.control = control;
    }

    /** Builds the world of {@code rows} target rows, times the three contenders and returns the figures. */
    public BenchResult run(long rows, Path workDir) throws Exception {
        BenchWorld world = new BenchWorld(control.serverUrlPrefix(), control.user(), control.password());
        String admin = control.databaseName();
        log.info("bench: creating a world of {} rows", rows);
        world.create(admin, rows);
        long arrests = BenchCases.arrests(rows);
        long matched = BenchCases.matched(rows);
        // the product's configuration folder must be there when it starts; its target file comes later
        Files.createDirectories(workDir.resolve("jobs/targets"));
        recreate(world, admin);
        try (ConfigurableApplicationContext product = startProduct(world, workDir)) {
            BenchCases.insertOrders(product.getBean(JdbcTemplate.class), arrests);

            world.copy(admin, NaiveContender.DATABASE);
            Timing naive = NaiveContender.run(product, world, arrests, matched);
            world.drop(admin, NaiveContender.DATABASE);

            world.copy(admin, ProductContender.DATABASE);
            ProductContender.Run productRun = ProductContender.run(product, world, workDir.resolve("jobs"), matched);
            world.drop(admin, ProductContender.DATABASE);

            LimitContender.Run limit = LimitContender.run(world, admin, arrests, matched);
            return BenchResult.of(rows, matched, naive, productRun, limit);
        } finally {
            try (Connection c = world.connect(admin); Statement s = c.createStatement()) {
                s.execute("drop database if exists " + CONTROL + " with (force)");
                s.execute("drop database if exists " + BenchWorld.TEMPLATE + " with (force)");
            }
        }
    }

    private static void recreate(BenchWorld world, String admin) throws SQLException {
        try (Connection c = world.connect(admin); Statement s = c.createStatement()) {
            s.execute("drop database if exists " + CONTROL + " with (force)");
            s.execute("create database " + CONTROL);
        }
    }

    /** The product as an application of its own, on {@code sealing_bench} and fresh HMAC and vault keys. */
    private ConfigurableApplicationContext startProduct(BenchWorld world, Path workDir) {
        String key = HexFormat.of().formatHex(new SecureRandom().generateSeed(32));
        String vaultKey = HexFormat.of().formatHex(new SecureRandom().generateSeed(32));
        return new SpringApplicationBuilder(SealingApplication.class)
                .run("--sealing.control.url=" + world.url(CONTROL), "--sealing.control.user=" + control.user(),
                        "--sealing.control.password=" + (control.password() == null ? "" : control.password()),
                        "--sealing.hmac-key=" + key, "--sealing.vault.key=" + vaultKey, "--sealing.config-dir=" + workDir.resolve("jobs"),
                        "--sealing.reports=" + workDir.resolve("reports"), "--sealing.inbox=" + workDir.resolve("inbox"));
    }
}
