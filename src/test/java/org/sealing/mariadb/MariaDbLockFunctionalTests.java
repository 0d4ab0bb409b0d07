package org.sealing.mariadb;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sealing.support.FunctionalTestSupport;
import org.sealing.support.JsonOutput;
import org.sealing.support.RemediationWorld;
import org.sealing.support.SealctlProcess;

/**
 * Rows of a MariaDB target that another session keeps locked past {@code SEALING_REMEDIATION_LOCKTIMEOUT}
 * (MariaDB's error 1205) fail their lane after a few tries with the message a PostgreSQL target gets, naming
 * the table and the wait, while the other lanes complete; once the lock is released, a restart completes the
 * run exactly.
 */
class MariaDbLockFunctionalTests extends FunctionalTestSupport {

    private static TestMariaDb.Database db;
    private RemediationWorld world;
    private Connection holder;

    @BeforeAll
    static void server() throws Exception {
        TestMariaDb.assumeAvailable();
        db = TestMariaDb.create("lock");
    }

    @AfterAll
    static void dropDatabase() throws Exception {
        if (db != null) {
            db.drop();
        }
    }

    @BeforeEach
    void world() throws Exception {
        resetControlDatabase();
        emptyTargetsDirectory();
        world = importedWorld(60);
        emptyTargetsDirectory();
        MariaDbWorld.install(db, world, properties().configDir().resolve("targets/maria.yml"));
    }

    @AfterEach
    void release() throws Exception {
        if (holder != null && !holder.isClosed()) {
            holder.rollback();
            holder.close();
        }
        emptyTargetsDirectory();
    }

    @Test
    void rowsLockedPastTheLockTimeoutFailTheirLaneNamingTheTableAndARestartCompletesTheRun() throws Exception {
        Set<Integer> sealed = world.activeSealed();
        List<String> arrestsBefore = db.rows(MariaDbWorld.MARIA_ARRESTS);
        List<String> childrenBefore = db.rows(MariaDbWorld.MARIA_CHILDREN);
        holder = TestMariaDb.root(db.name());
        holder.setAutoCommit(false);
        try (Statement s = holder.createStatement()) {
            s.executeQuery("select arrest_id from arrest for update").close();
        }
        Map<String, String> env = childEnv();
        env.put("SEALING_REMEDIATION_LOCKTIMEOUT", "1s");

        SealctlProcess run = SealctlProcess.start(workDir, env, "run", "remediate", "--json");

        assertThat(run.waitFor(180)).as(run.err()).isEqualTo(1);
        JsonOutput.of(run.out()).as(run.err()).has("status", "FAILED", "targetsFailed", 1);
        assertThat(jdbc.queryForObject("select reason from run_target where target = 'maria'", String.class))
                .contains("apply.maria.mask.arrest", "table arrest stayed locked by another session for 1s (3 tries);"
                        + " SEALING_REMEDIATION_LOCKTIMEOUT sets how long to wait");
        // the locked rows are as they were; the purge lane, which needs no lock on them, completed
        assertThat(db.rows(MariaDbWorld.MARIA_ARRESTS)).isEqualTo(arrestsBefore);
        assertThat(db.rows(MariaDbWorld.MARIA_CHILDREN)).isEqualTo(MariaDbWorld.expectedChildren(childrenBefore,
                sealed));
        long executionId = jdbc.queryForObject("select max(job_execution_id) from batch_job_execution", Long.class);

        holder.rollback();
        CliResult restart = sealctl("restart", String.valueOf(executionId), "--json");

        assertThat(restart.exitCode()).as(restart.out() + restart.err()).isZero();
        int[] changed = MariaDbWorld.changed(sealed);
        JsonOutput.of(restart.out()).has("verdict", "COMPLIANT", "purged", changed[0], "masked", changed[1], "failed", 0,
                "residual", 0);
        List<String> arrestsAfter = db.rows(MariaDbWorld.MARIA_ARRESTS);
        assertThat(arrestsAfter).isEqualTo(MariaDbWorld.expectedArrests(arrestsBefore, arrestsAfter, sealed));
    }
}
