package org.sealing.apply;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import org.sealing.support.FunctionalTestSupport;
import org.sealing.support.JsonOutput;
import org.sealing.support.SealctlProcess;
import org.sealing.vault.VaultStore;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An unsealing restore killed outright (SIGKILL) while it plans its restores and again while it restores, then
 * restarted, ends exactly as an uninterrupted one: every row of the unsealed cases back as it was before it was sealed,
 * each restored and audited once, no copy of them left, the copies of the cases still sealed untouched, the
 * ledger's chain whole with one entry per chunk, and nothing of a row in what the processes printed.
 */
class RestoreCrashFunctionalTests extends FunctionalTestSupport {

    /** Orders 1 to 120 of 160 are unsealed: 960 rows to restore, 96 chunks of 10. */
    private static final int ORDERS = 160;
    private static final int UNSEALED = 120;

    @Autowired
    VaultStore vault;

    private RestoreWorld world;
    private Map<String, Map<String, String>> original;
    private Map<String, String> env;

    @BeforeEach
    void sealedWorld() throws Exception {
        resetControlDatabase();
        world = RestoreWorld.create(ORDERS);
        world.writeTarget(emptyTargetsDirectory());
        original = world.snapshot();
        Path feeds = Files.createDirectories(workDir.resolve("feeds"));
        assertThat(sealctl("import", world.sealFeed(feeds, "crash-seal.csv", 1, ORDERS).toString()).exitCode())
                .isZero();
        CliResult seal = sealctl("run", "remediate", "--json");
        assertThat(seal.exitCode()).as(seal.out() + seal.err()).isZero();
        JsonOutput.of(seal.out()).has("verdict", "COMPLIANT", "sealed", ORDERS * RestoreWorld.ROWS_PER_ORDER);
        List<String> unsealed = IntStream.rangeClosed(1, UNSEALED).mapToObj(RestoreWorld::order).toList();
        CliResult imported = sealctl("import", RestoreWorld.unsealFeed(feeds, "crash-unseal.csv", unsealed).toString());
        assertThat(imported.exitCode()).as(imported.out() + imported.err()).isZero();
        env = childEnv();
        // small chunks make the restore long enough to be killed in the middle of it
        env.put("SEALING_REMEDIATION_CHUNKSIZE", "10");
        env.put("SEALING_REMEDIATION_PARALLELTARGETS", "1");
    }

    @AfterEach
    void removeTargets() throws Exception {
        SealctlProcess.killAll();
        emptyTargetsDirectory();
    }

    @Test
    void aRestoreKilledWhilePlanningAndWhileRestoringEndsAfterItsRestartsExactlyOnce() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        int restores = UNSEALED * RestoreWorld.ROWS_PER_ORDER;
        StringBuilder printed = new StringBuilder();

        SealctlProcess first = SealctlProcess.start(workDir, env, "run", "remediate");
        long firstId = killWhilePlanningRestores(first);
        printed.append(first.out()).append(first.err());
        awaitStatus(firstId, "DEAD").as("seed %d", seed).has("status", "DEAD");
        // the planning's transaction died with it: nothing of it is left
        assertThat(jdbc.queryForObject("select count(*) from remediation_plan where action = 'RESTORE'", Long.class))
                .isZero();

        SealctlProcess second = SealctlProcess.start(workDir, env, "restart", String.valueOf(firstId));
        long secondId = killWhileRestoring(second, 50 + random.nextInt(restores - 150));
        printed.append(second.out()).append(second.err());
        awaitStatus(secondId, "DEAD").as("seed %d", seed).has("status", "DEAD");
        assertThat(jdbc.queryForObject("select count(*) from remediation_plan_state where action = 'RESTORE'"
                + " and state = 'DONE'", Long.class)).as("seed %d: killed in the middle", seed).isLessThan(restores);
        CliResult last = sealctl("restart", String.valueOf(secondId), "--json");
        printed.append(last.out()).append(last.err());

        assertThat(last.exitCode()).as("seed %d: %s %s", seed, last.out(), last.err()).isZero();
        JsonOutput.of(last.out()).as("seed %d", seed).has("verdict", "COMPLIANT", "restored", restores,
                "conflicts", 0, "failed", 0, "matched", 0, "residual", 0);
        // each copy restored once, in one restore row, audited once
        assertThat(jdbc.queryForList("select state || ' ' || count(*) || ' ' || count(distinct restores)"
                + " from remediation_plan_state where action = 'RESTORE' group by state", String.class))
                .as("seed %d", seed).containsExactly("DONE " + restores + " " + restores);
        assertThat(jdbc.queryForObject("select count(*) from audit_ledger where action = 'RESTORE'", Long.class))
                .isEqualTo(restores);
        // every row of the unsealed cases exactly as it was before it was sealed
        Map<String, Map<String, String>> now = world.snapshot();
        for (int n = 1; n <= UNSEALED; n++) {
            assertThat(RestoreWorld.rowsOf(now, n)).as("seed %d: the rows of %s", seed, RestoreWorld.order(n))
                    .isEqualTo(RestoreWorld.rowsOf(original, n));
        }
        // no copy of theirs left; the still sealed cases' copies all there, each its row exactly, rows still sealed
        assertThat(jdbc.queryForObject("select count(*) from vault_copy where order_id <= ?", Long.class,
                RestoreWorld.order(UNSEALED))).isZero();
        assertThat(jdbc.queryForObject("select count(*) from vault_copy", Long.class))
                .isEqualTo((ORDERS - UNSEALED) * RestoreWorld.ROWS_PER_ORDER);
        for (int n = UNSEALED + 1; n <= ORDERS; n++) {
            assertThat(copiesOf(RestoreWorld.order(n))).as("the copies of %s", RestoreWorld.order(n))
                    .isEqualTo(RestoreWorld.rowsOf(original, n));
            assertThat(RestoreWorld.rowsOf(now, n)).containsOnlyKeys("arrest/" + n);
            assertThat(RestoreWorld.rowsOf(now, n).get("arrest/" + n)).contains("[SEALED]").endsWith("|t");
        }
        // the chain is whole, one entry per recorded chunk: a chunk redone after a kill appended nothing twice
        long chunks = jdbc.queryForObject("select count(*) from apply_chunk", Long.class);
        CliResult audit = sealctl("audit", "verify", "--json");
        assertThat(audit.exitCode()).as("seed %d: %s %s", seed, audit.out(), audit.err()).isZero();
        JsonOutput.of(audit.out()).has("whole", true, "entries", chunks);
        assertThat(jdbc.queryForObject("""
                select count(*) from apply_chunk c
                where (select count(*) from ledger_entry e where e.run_id = c.run_id and e.target = c.target
                       and e.lane = c.lane and e.first_plan_id = c.first_plan_id and e.last_plan_id = c.last_plan_id
                       and e.execution_id = c.execution_id) <> 1
                """, Long.class)).isZero();
        RestoreChainFunctionalTests.assertNothingPersonalIn(printed.toString());
    }

    /**
     * Holds the plan table so that the run's restore planning waits in the middle of its transaction, and kills the
     * run there; returns the execution.
     */
    private long killWhilePlanningRestores(SealctlProcess process) throws Exception {
        try (Connection hold = java.sql.DriverManager.getConnection(controlUrl(), controlUser(), controlPassword())) {
            hold.setAutoCommit(false);
            try (Statement s = hold.createStatement()) {
                s.execute("lock table remediation_plan in share row exclusive mode");
            }
            long deadline = System.currentTimeMillis() + 180_000;
            while (true) {
                assertThat(process.isAlive()).as("the run ended before it could be killed: %s", process.err()).isTrue();
                assertThat(System.currentTimeMillis()).as("the run never planned its restores").isLessThan(deadline);
                Boolean waiting = jdbc.queryForObject("""
                        select exists (select 1 from batch_step_execution where step_name = 'plan-restores.restore'
                                       and status = 'STARTED')
                           and exists (select 1 from pg_locks where relation = 'remediation_plan'::regclass
                                       and database = (select oid from pg_database where datname = current_database())
                                       and not granted)
                        """, Boolean.class);
                if (Boolean.TRUE.equals(waiting)) {
                    break;
                }
                Thread.sleep(20);
            }
            long executionId = jdbc.queryForObject("select max(job_execution_id) from batch_job_execution", Long.class);
            process.kill();
            hold.rollback();
            return executionId;
        }
    }

    /** Waits until this many restores are recorded done, kills the run, and returns its execution. */
    private long killWhileRestoring(SealctlProcess process, int done) throws Exception {
        long deadline = System.currentTimeMillis() + 180_000;
        while (System.currentTimeMillis() < deadline) {
            assertThat(process.isAlive()).as("the run ended before it could be killed: %s", process.err()).isTrue();
            Long restored = jdbc.queryForObject("select count(*) from remediation_plan_state"
                    + " where action = 'RESTORE' and state = 'DONE'", Long.class);
            if (restored != null && restored >= done) {
                long executionId = jdbc.queryForObject("select max(job_execution_id) from batch_job_execution",
                        Long.class);
                process.kill();
                return executionId;
            }
            Thread.sleep(5);
        }
        throw new AssertionError("the restore made no progress: " + process.err());
    }

    private Map<String, String> copiesOf(String order) throws Exception {
        return RestoreWorld.copiesOf(vault, order);
    }
}
