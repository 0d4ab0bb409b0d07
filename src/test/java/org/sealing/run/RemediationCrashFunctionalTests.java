package org.sealing.run;

import java.sql.Connection;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.junit.jupiter.api.Test;

import org.sealing.support.FunctionalTestSupport;
import org.sealing.support.JsonOutput;
import org.sealing.support.RemediationWorld;
import org.sealing.support.SealctlProcess;
import org.sealing.support.VaultChecks;
import org.sealing.support.WorldChecks;
import org.sealing.vault.VaultStore;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A remediation killed outright (SIGKILL) in the middle of applying, at random points and twice, ends
 * after its restarts exactly where an uninterrupted run ends: the same rows changed, each audited
 * once, the same counts, the ledger chain whole with one entry per chunk, one vault copy per sealed row. And while it runs, a second
 * run of a job that changes targets is refused.
 */
class RemediationCrashFunctionalTests extends FunctionalTestSupport {

    @Autowired
    VaultStore vault;

    private RemediationWorld world;
    private Map<String, String> env;

    @BeforeEach
    void world() throws Exception {
        resetControlDatabase();
        world = importedWorld(880);
        env = childEnv();
        // small chunks and one target at a time make applying long enough to be killed in the middle
        env.put("SEALING_REMEDIATION_CHUNKSIZE", "10");
        env.put("SEALING_REMEDIATION_PARALLELTARGETS", "1");
    }

    @Test
    void aRunKilledTwiceWhileApplyingEndsAfterItsRestartsExactlyAsAnUninterruptedRun() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        Map<String, Integer> bookingBefore = world.snapshot("booking");
        Set<Integer> sealed = world.activeSealed();
        VaultChecks vaultBefore = vaultSnapshot();

        SealctlProcess first = SealctlProcess.start(workDir, env, "run", "remediate");
        long executionId = killWhileApplying(first, 50 + random.nextInt(400));
        awaitStatus(executionId, "DEAD").as("seed %d", seed).has("job", "remediate", "status", "DEAD");

        SealctlProcess second = SealctlProcess.start(workDir, env, "restart", String.valueOf(executionId));
        long secondId = killWhileApplying(second, 600 + random.nextInt(600));
        // as after the first kill: until the server notices the killed session, its lock says it runs
        awaitStatus(secondId, "DEAD").as("seed %d", seed).has("job", "remediate", "status", "DEAD");
        CliResult last = sealctl("restart", String.valueOf(secondId), "--json");

        assertThat(last.exitCode()).as("seed %d: %s %s", seed, last.out(), last.err()).isZero();
        int[] changed = WorldChecks.remediated(world, sealed, bookingBefore, TEST_HMAC_KEY);
        JsonOutput.of(last.out()).has("verdict", "COMPLIANT", "matched", changed[0] + changed[1],
                "purged", changed[0], "masked", changed[1], "failed", 0, "residual", 0);
        assertThat(jdbc.queryForObject("select count(*) from audit_ledger", Long.class))
                .isEqualTo(changed[0] + changed[1]);
        assertThat(jdbc.queryForObject("select count(*) from remediation_plan_state where state <> 'DONE'", Long.class))
                .isZero();
        // the ledger names every changed row of the plan exactly once, in the run that changed it
        assertThat(jdbc.queryForObject("""
                select count(*) from remediation_plan_state p
                where not exists (select 1 from audit_ledger a where a.run_id = p.run_id and a.target = p.target
                                  and a.table_name = p.table_name and a.row_ref = p.row_ref)
                """, Long.class)).isZero();
        // every sealed row changed has exactly one copy, of the row as it was before the run
        assertThat(vaultBefore.assertOneExactCopyPerSealedRow(jdbc, vault)).isEqualTo(changed[0] + changed[1]);
        // the chain is whole, with one entry per recorded chunk: a chunk redone after a kill appended nothing twice
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
    }

    @Test
    void whileARunIsApplyingAnotherRunThatChangesTargetsIsRefused() throws Exception {
        SealctlProcess running = SealctlProcess.start(workDir, env, "run", "remediate");
        long executionId = awaitApplying(running, 20);

        CliResult second = sealctl("run", "nightly");

        assertThat(second.exitCode()).isEqualTo(4);
        assertThat(second.err()).contains("another execution of nightly is running: remediate execution "
                + executionId);
        assertThat(running.waitFor(300)).as(running.err()).isZero();
    }

    @Test
    void aRunStoppedByAnOperatorEndsStoppedAndItsRestartCompletesIt() throws Exception {
        Map<String, Integer> bookingBefore = world.snapshot("booking");
        SealctlProcess running = SealctlProcess.start(workDir, env, "run", "remediate", "--json");
        long executionId = awaitApplying(running, 100);

        CliResult stop = sealctl("stop", String.valueOf(executionId));

        assertThat(stop.exitCode()).as(stop.err()).isZero();
        assertThat(running.waitFor(120)).isEqualTo(1);
        JsonOutput.of(running.out()).has("status", "STOPPED");
        CliResult restart = sealctl("restart", String.valueOf(executionId), "--json");
        assertThat(restart.exitCode()).as(restart.err()).isZero();
        int[] changed = WorldChecks.remediated(world, world.activeSealed(), bookingBefore, TEST_HMAC_KEY);
        JsonOutput.of(restart.out()).has("verdict", "COMPLIANT", "purged", changed[0], "masked", changed[1]);
    }

    /** Every table of the world as it is before the run, for its sealed rows' vault copies. */
    private VaultChecks vaultSnapshot() throws Exception {
        VaultChecks checks = new VaultChecks();
        String[][] tables = {{"booking", "booking", "arrest", "booking.arrest"},
            {"booking", "booking", "arrest_photo", "booking.arrest_photo"},
            {"booking", "booking", "charge", "booking.charge"}, {"prints", "public", "print_image", "print_image"},
            {"prints", "public", "print_card", "print_card"}, {"prints", "public", "print_set", "print_set"},
            {"stops", "public", "stop_report", "public.stop_report"}, {"cases", "public", "case_file", "case_file"}};
        for (String[] t : tables) {
            try (Connection c = world.connect(t[0])) {
                checks.snapshot(t[0], c, t[1], t[2], t[3]);
            }
        }
        return checks;
    }

    private long killWhileApplying(SealctlProcess process, int done) throws Exception {
        long executionId = awaitApplying(process, done);
        process.kill();
        return executionId;
    }
}
