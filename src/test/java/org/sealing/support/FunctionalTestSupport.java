package org.sealing.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import org.sealing.SealingProperties;
import org.sealing.cli.CliContext;
import org.sealing.cli.SealctlMain;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Base of tests that run {@code sealctl} commands against a real control database, in the test's JVM,
 * and then look at what the commands left in the database. The test classes share one application
 * and its control database (Spring caches the context), so each test empties what it looks at first
 * ({@link #resetControlDatabase()}).
 */
@SpringBootTest
public abstract class FunctionalTestSupport {

    public static final String TEST_HMAC_KEY = "test-key-0123456789abcdef0123456789abcdef";
    public static final String TEST_VAULT_KEY = "test-vault-key-fedcba9876543210fedcba9876543210";

    @TempDir
    protected static Path workDir;

    @Autowired
    protected ConfigurableApplicationContext application;

    @Autowired
    protected JdbcTemplate jdbc;

    @DynamicPropertySource
    static void controlDatabase(DynamicPropertyRegistry registry) {
        TestControlDatabase.Database db = TestControlDatabase.create();
        registry.add("sealing.control.url", db::url);
        registry.add("sealing.control.user", db::user);
        registry.add("sealing.control.password", db::password);
        registry.add("sealing.hmac-key", () -> TEST_HMAC_KEY);
        registry.add("sealing.vault.key", () -> TEST_VAULT_KEY);
        try {
            java.nio.file.Path files = java.nio.file.Files.createTempDirectory("sealing-test-");
            registry.add("sealing.inbox", () -> files.resolve("inbox").toString());
            registry.add("sealing.reports", () -> files.resolve("reports").toString());
            registry.add("sealing.config-dir", () -> files.resolve("jobs").toString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Empties the register, the imports, the plans, the ledger, the vault and the runs (Spring Batch's tables stay).
     * The ledger refuses TRUNCATE; its guards are triggers, which a superuser's session can set aside
     * as replication does.
     */
    protected void resetControlDatabase() {
        jdbc.execute((java.sql.Connection c) -> {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try (java.sql.Statement s = c.createStatement()) {
                s.execute("set local session_replication_role = replica");
                s.execute("truncate sealing_order, feed_import, feed_file, feed_line, feed_refusal, remediation_plan,"
                        + " apply_chunk, apply_failure, remediation_run, run_target, run_table, ledger_entry, vault_opening,"
                        + " vault_copy, order_found cascade");
                c.commit();
            } catch (java.sql.SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
            return null;
        });
    }

    /**
     * Empties {@code targets/} of the configuration directory, which every test class shares, and
     * returns it.
     */
    protected Path emptyTargetsDirectory() throws IOException {
        Path targets = Files.createDirectories(properties().configDir().resolve("targets"));
        try (var files = Files.list(targets)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        return targets;
    }

    /**
     * A new remediation world of {@code arrests} arrests: its target files in the configuration
     * directory, its sealing feed and the feed that unseals one of them imported.
     */
    protected RemediationWorld importedWorld(int arrests) throws IOException {
        RemediationWorld world = RemediationWorld.create(arrests);
        world.writeTargets(properties().configDir());
        Path feeds = Files.createDirectories(workDir.resolve("feeds"));
        for (Path feed : new Path[] {world.writeFeed(feeds.resolve("seal.csv")),
            world.writeUnsealFeed(feeds.resolve("unseal.csv"))}) {
            CliResult imported = sealctl("import", feed.toString());
            if (imported.exitCode() != 0) {
                throw new IllegalStateException("cannot import " + feed + ": " + imported.err());
            }
        }
        return world;
    }

    /**
     * The environment of a {@code sealctl} child process that works on this test's control database,
     * configuration, inbox and reports.
     */
    protected java.util.Map<String, String> childEnv() {
        java.util.Map<String, String> env = SealctlProcess.controlEnv(controlUrl(), controlUser(), controlPassword());
        env.put("SEALING_CONFIGDIR", properties().configDir().toString());
        env.put("SEALING_REPORTS", properties().reports().toString());
        env.put("SEALING_INBOX", properties().inbox().toString());
        return env;
    }

    /** What a command printed and returned. */
    public record CliResult(int exitCode, String out, String err) {
    }

    /** Runs one sealctl command line in this test's application. */
    /**
     * Waits until a run has applied this many plan rows, and returns its execution id; fails when the run
     * ended first or made no progress in 3 minutes.
     */
    protected long awaitApplying(SealctlProcess process, int done) throws Exception {
        long deadline = System.currentTimeMillis() + 180_000;
        while (System.currentTimeMillis() < deadline) {
            assertThat(process.isAlive()).as("the run ended before it could be interrupted: %s", process.err())
                    .isTrue();
            Long applied = jdbc.queryForObject("select count(*) from remediation_plan_state where state = 'DONE'",
                    Long.class);
            if (applied != null && applied >= done) {
                return jdbc.queryForObject("select max(job_execution_id) from batch_job_execution", Long.class);
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the run made no progress: " + process.err());
    }

    /**
     * The execution as {@code status --json} shows it once it has the status, waiting up to 10 s: a killed
     * process's session ends (and with it the lock that shows it alive) as soon as the server notices
     * the closed connection, which on a loaded machine takes a moment.
     */
    protected JsonOutput awaitStatus(long executionId, String status) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (true) {
            JsonOutput execution = JsonOutput.of(sealctl("status", "--json").out())
                    .item("executions", "executionId", executionId);
            if (status.equals(execution.text("status")) || System.currentTimeMillis() > deadline) {
                return execution;
            }
            Thread.sleep(100);
        }
    }

    protected CliResult sealctl(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            int code = SealctlMain.execute(CliContext.around(application, o, e), args);
            return new CliResult(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        }
    }

    protected SealingProperties properties() {
        return application.getBean(SealingProperties.class);
    }

    protected String controlUrl() {
        return application.getEnvironment().getProperty("sealing.control.url");
    }

    protected String controlUser() {
        return application.getEnvironment().getProperty("sealing.control.user");
    }

    protected String controlPassword() {
        return application.getEnvironment().getProperty("sealing.control.password");
    }
}
