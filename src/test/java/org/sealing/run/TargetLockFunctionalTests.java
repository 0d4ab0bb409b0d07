package org.sealing.run;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.sealing.support.FunctionalTestSupport;
import org.sealing.support.JsonOutput;
import org.sealing.support.RemediationWorld;
import org.sealing.support.SealctlProcess;
import org.sealing.support.WorldChecks;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A table another session keeps locked neither hangs a run nor keeps it from stopping: past
 * {@code SEALING_REMEDIATION_LOCKTIMEOUT} and a few tries its target fails, naming the table, while
 * the other targets complete; SIGTERM ends a run that waits on a lock within seconds, STOPPED; and
 * once the lock is released a restart completes either run exactly.
 */
class TargetLockFunctionalTests extends FunctionalTestSupport {

    private RemediationWorld world;
    private Map<String, String> env;
    private Connection holder;
    private Connection rowHolder;
    private Connection laneHolder;

    @BeforeEach
    void world() throws Exception {
        resetControlDatabase();
        world = importedWorld(300);
        env = childEnv();
    }

    @AfterEach
    void release() throws Exception {
        for (Connection c : new Connection[] {holder, rowHolder, laneHolder}) {
            if (c != null && !c.isClosed()) {
                c.rollback();
                c.close();
            }
        }
    }

    @Test
    void tablesLockedPastTheLockTimeoutFailTheirTargetsNamingThemAndARestartCompletesTheRun() throws Exception {
        Map<String, Integer> bookingBefore = world.snapshot("booking");
        // a table locked whole (planning waits for it) and rows locked (applying waits for them)
        holder = lock("prints", "lock table print_card in access exclusive mode");
        rowHolder = lock("cases", "select case_id from case_file for update");
        // and in booking, rows of the first of its two masked tables: that lane fails, the next one completes,
        // and the target must still end failed, with its reason
        laneHolder = lock("booking", "select arrest_id from booking.arrest for update");
        env.put("SEALING_REMEDIATION_LOCKTIMEOUT", "1s");

        long started = System.nanoTime();
        SealctlProcess run = SealctlProcess.start(workDir, env, "run", "remediate", "--json");
        int exit = run.waitFor(180);
        long seconds = (System.nanoTime() - started) / 1_000_000_000;

        assertThat(exit).as(run.err()).isEqualTo(1);
        assertThat(seconds).as("seconds to fail two locked targets").isLessThan(90);
        JsonOutput.of(run.out()).as(run.err()).has("status", "FAILED", "targetsVerified", 1, "targetsFailed", 3);
        assertThat(jdbc.queryForObject("select reason from run_target where target = 'booking'", String.class))
                .contains("apply.booking.mask.booking.arrest", "table booking.arrest stayed locked by another session");
        assertThat(jdbc.queryForObject("select count(*) from apply_chunk where target = 'booking'"
                + " and lane = 'mask:booking.charge'", Long.class)).as("the lane after the failed one").isPositive();
        assertThat(jdbc.queryForObject("select reason from run_target where target = 'prints'", String.class))
                .contains("table print_card stayed locked by another session for 1s (3 tries);"
                        + " SEALING_REMEDIATION_LOCKTIMEOUT sets how long to wait");
        assertThat(jdbc.queryForObject("select reason from run_target where target = 'cases'", String.class))
                .contains("table case_file stayed locked by another session for 1s (3 tries);"
                        + " SEALING_REMEDIATION_LOCKTIMEOUT sets how long to wait");
        assertThat(jdbc.queryForList("select target from run_target where state = 'VERIFIED' order by target",
                String.class)).containsExactly("stops");
        assertThat(run.err()).contains("table print_card stayed locked by another session");
        long executionId = JsonOutput.of(run.out()).number("executionId");

        restartCompletesExactly(executionId, bookingBefore);
    }

    @Test
    void sigtermEndsARunWaitingOnALockWithinSecondsStoppedAndARestartCompletesIt() throws Exception {
        Map<String, Integer> bookingBefore = world.snapshot("booking");
        holder = lock("booking", "lock table booking.arrest in access exclusive mode");
        // one target at a time: booking, whose planning waits for the lock (for the default 30 s)
        env.put("SEALING_REMEDIATION_PARALLELTARGETS", "1");
        SealctlProcess run = SealctlProcess.start(workDir, env, "run", "remediate", "--json");
        awaitWaitingOnLock(run, "booking", "booking.arrest");

        long signalled = System.nanoTime();
        run.terminate();
        int exit = run.waitFor(60);
        long seconds = (System.nanoTime() - signalled) / 1_000_000_000;

        assertThat(exit).as(run.err()).isEqualTo(1);
        assertThat(seconds).as("seconds from SIGTERM to exit: %s", run.err()).isLessThanOrEqualTo(10);
        JsonOutput.of(run.out()).has("status", "STOPPED");
        assertThat(run.err()).doesNotContain("\tat ", "Exception");
        long executionId = JsonOutput.of(run.out()).number("executionId");
        JsonOutput.of(sealctl("status", "--json").out()).item("executions", "executionId", executionId)
                .has("job", "remediate", "status", "STOPPED");

        restartCompletesExactly(executionId, bookingBefore);
    }

    @Test
    void aStopRequestEndsARunWhoseApplyWaitsOnLockedRowsWithinSecondsAndARestartCompletesIt() throws Exception {
        Map<String, Integer> bookingBefore = world.snapshot("booking");
        rowHolder = lock("cases", "select case_id from case_file for update");
        // one target at a time: booking, then cases, whose masking waits for the rows (for the default 30 s)
        env.put("SEALING_REMEDIATION_PARALLELTARGETS", "1");
        SealctlProcess run = SealctlProcess.start(workDir, env, "run", "remediate", "--json");
        awaitWaitingOnLock(run, "cases", null);
        long executionId = jdbc.queryForObject("select max(job_execution_id) from batch_job_execution", Long.class);

        long asked = System.nanoTime();
        CliResult stop = sealctl("stop", String.valueOf(executionId));
        int exit = run.waitFor(60);
        long seconds = (System.nanoTime() - asked) / 1_000_000_000;

        assertThat(stop.exitCode()).as(stop.err()).isZero();
        assertThat(exit).as(run.err()).isEqualTo(1);
        assertThat(seconds).as("seconds from the stop request to exit: %s", run.err()).isLessThanOrEqualTo(10);
        JsonOutput.of(run.out()).has("status", "STOPPED");

        restartCompletesExactly(executionId, bookingBefore);
    }

    /**
     * Releases the test's locks and restarts the execution: it ends compliant, every sealed row changed
     * as an uninterrupted run changes it and counted once, in its output and in the ledger.
     */
    private void restartCompletesExactly(long executionId, Map<String, Integer> bookingBefore) throws Exception {
        release();
        CliResult restart = sealctl("restart", String.valueOf(executionId), "--json");

        assertThat(restart.exitCode()).as(restart.err()).isZero();
        int[] changed = WorldChecks.remediated(world, world.activeSealed(), bookingBefore, TEST_HMAC_KEY);
        JsonOutput.of(restart.out()).has("verdict", "COMPLIANT", "matched", changed[0] + changed[1],
                "purged", changed[0], "masked", changed[1], "failed", 0, "residual", 0, "targetsVerified", 4);
        assertThat(jdbc.queryForObject("select count(*) from audit_ledger", Long.class))
                .isEqualTo(changed[0] + changed[1]);
    }

    /** A session of the test that holds a lock in a target until the test releases it. */
    private Connection lock(String target, String sql) throws Exception {
        Connection c = world.connect(target);
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
        return c;
    }

    /** Waits until a session of the run waits for a lock on the table (or, with null, for any lock) in a target. */
    private void awaitWaitingOnLock(SealctlProcess run, String target, String table) throws Exception {
        long deadline = System.currentTimeMillis() + 120_000;
        try (Connection c = world.connect(target); Statement s = c.createStatement()) {
            while (System.currentTimeMillis() < deadline) {
                assertThat(run.isAlive()).as("the run ended before it waited: %s", run.err()).isTrue();
                try (ResultSet rs = s.executeQuery("select count(*) from pg_locks where not granted"
                        + " and pid in (select pid from pg_stat_activity where datname = current_database())"
                        + (table == null ? "" : " and relation = '" + table + "'::regclass"))) {
                    rs.next();
                    if (rs.getLong(1) > 0) {
                        return;
                    }
                }
                Thread.sleep(50);
            }
        }
        throw new AssertionError("the run never waited for the lock: " + run.err());
    }
}
