package org.sealing.run;

import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.sealing.support.FunctionalTestSupport;
import org.sealing.support.JsonOutput;
import org.sealing.support.RemediationWorld;
import org.sealing.support.SealctlProcess;
import org.sealing.support.WorldChecks;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A run whose liveness lock is lost (its connection to the control database killed, as a network
 * failure or a failover would) does not go on unprotected while another node may take it over: it
 * ends FAILED within seconds with a reason that says what to do, and a restart completes it exactly.
 */
class LockLossFunctionalTests extends FunctionalTestSupport {

    private RemediationWorld world;
    private Map<String, String> env;

    @BeforeEach
    void world() throws Exception {
        resetControlDatabase();
        world = importedWorld(880);
        env = childEnv();
        // small chunks and one target at a time make applying long enough to lose the lock in the middle
        env.put("SEALING_REMEDIATION_CHUNKSIZE", "10");
        env.put("SEALING_REMEDIATION_PARALLELTARGETS", "1");
    }

    @Test
    void aRunWhoseLockConnectionIsKilledEndsFailedPromptlyAndARestartCompletesIt() throws Exception {
        Map<String, Integer> bookingBefore = world.snapshot("booking");
        SealctlProcess run = SealctlProcess.start(workDir, env, "run", "remediate", "--json");
        long executionId = awaitApplying(run, 60);

        // the backend that holds the execution's advisory lock, found as another node would see it
        Integer killed = jdbc.queryForObject("""
                select pid from pg_locks where locktype = 'advisory' and granted and objsubid = 2
                  and database = (select oid from pg_database where datname = current_database())
                  and classid = 24226::oid and objid = ?::int::oid
                """, Integer.class, executionId);
        assertThat(jdbc.queryForObject("select pg_terminate_backend(?)", Boolean.class, killed)).isTrue();
        long lost = System.nanoTime();
        int exit = run.waitFor(60);
        long seconds = (System.nanoTime() - lost) / 1_000_000_000;

        String reason = "lost the control database connection that proves this execution is alive; another node may"
                + " take it over; restart it with sealctl restart " + executionId;
        assertThat(exit).as(run.err()).isEqualTo(1);
        assertThat(seconds).as("seconds from the lost lock to the end of the run").isLessThanOrEqualTo(15);
        // the reason names the step that was running when the lock was lost, then why
        assertThat(JsonOutput.of(run.out()).has("status", "FAILED").text("reason"))
                .matches("(step [a-z.:_]+: )?" + java.util.regex.Pattern.quote(reason));
        JsonOutput status = JsonOutput.of(sealctl("status", "--json").out());
        JsonOutput failed = status.item("executions", "executionId", executionId)
                .has("job", "remediate", "status", "FAILED");
        assertThat(failed.text("reason")).endsWith(reason);
        // nothing was applied after the lock was lost, and the lock was not taken again
        Long chunks = jdbc.queryForObject("select count(*) from apply_chunk where execution_id = ?", Long.class,
                executionId);
        Thread.sleep(1_000);
        assertThat(jdbc.queryForObject("select count(*) from apply_chunk where execution_id = ?", Long.class,
                executionId)).isEqualTo(chunks);
        assertThat(jdbc.queryForObject("select count(*) from pg_locks where locktype = 'advisory'"
                + " and database = (select oid from pg_database where datname = current_database())"
                + " and classid = 24226::oid and objid = ?::int::oid", Long.class, executionId)).isZero();

        CliResult restart = sealctl("restart", String.valueOf(executionId), "--json");

        assertThat(restart.exitCode()).as(restart.err()).isZero();
        int[] changed = WorldChecks.remediated(world, world.activeSealed(), bookingBefore, TEST_HMAC_KEY);
        JsonOutput.of(restart.out()).has("verdict", "COMPLIANT", "matched", changed[0] + changed[1],
                "purged", changed[0], "masked", changed[1], "failed", 0, "residual", 0);
        assertThat(jdbc.queryForObject("select count(*) from audit_ledger", Long.class))
                .isEqualTo(changed[0] + changed[1]);
        assertThat(jdbc.queryForObject("select count(*) from remediation_plan_state where state <> 'DONE'", Long.class))
                .isZero();
    }
}
