package org.sealing.job;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import org.sealing.support.FunctionalTestSupport;
import org.sealing.support.RefusedException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The liveness locks of executions: one that another process holds is refused, and one whose
 * connection is lost is reported lost and never quietly taken again on a new connection.
 */
class ExecutionLocksFunctionalTests extends FunctionalTestSupport {

    @Test
    void anExecutionWhoseLockAnotherSessionHoldsIsRefused() throws Exception {
        ExecutionLocks locks = application.getBean(ExecutionLocks.class);
        long executionId = 900_001;
        try (Connection other = connect(); Statement s = other.createStatement()) {
            s.execute("select pg_advisory_lock(24226, " + executionId + ")");

            assertThatThrownBy(() -> locks.holdExecution(executionId)).isInstanceOf(RefusedException.class)
                    .hasMessage("execution " + executionId + " is being run by another process");
            assertThat(locks.heldExecutions()).doesNotContain(executionId);
        }
    }

    @Test
    void aLockWhoseConnectionIsKilledIsReportedLostAndNotTakenAgain() throws Exception {
        ExecutionLocks locks = application.getBean(ExecutionLocks.class);
        long executionId = 900_002;
        locks.holdExecution(executionId);
        assertThat(locks.isRunningSomewhere(executionId)).isTrue();
        Integer pid = jdbc.queryForObject("select pid from pg_locks where locktype = 'advisory' and granted"
                + " and database = (select oid from pg_database where datname = current_database())"
                + " and classid = 24226::oid and objid = ?::int::oid", Integer.class, executionId);
        jdbc.queryForObject("select pg_terminate_backend(?)", Boolean.class, pid);

        assertThat(locks.verify()).containsExactly(executionId);
        assertThat(locks.lostReason(executionId)).isEqualTo("lost the control database connection that proves this"
                + " execution is alive; another node may take it over; restart it with sealctl restart " + executionId);
        // a later lock opens a new connection; the lost execution's lock is not on it
        assertThat(locks.tryLockJob("lock-loss-test")).isTrue();
        locks.unlockJob("lock-loss-test");
        locks.releaseExecution(executionId);

        assertThat(locks.isRunningSomewhere(executionId)).isFalse();
        assertThat(locks.heldExecutions()).doesNotContain(executionId);
    }

    @Test
    void aJobLockHeldByOneThreadOfThisProcessIsRefusedToAnotherUntilReleasedAndSoIsALostOne() throws Exception {
        // the server's advisory locks nest within one session, which every thread of a process shares: two
        // scheduled jobs of one lock group firing together in one serve must not both run
        ExecutionLocks locks = application.getBean(ExecutionLocks.class);
        assertThat(locks.tryLockJob("in-process-test")).isTrue();
        assertThat(locks.tryLockJob("in-process-test")).isFalse();
        locks.unlockJob("in-process-test");
        assertThat(locks.isJobLocked("in-process-test")).isFalse();

        // a lock lost with its connection stays refused in this process until its job has wound down
        assertThat(locks.tryLockJob("in-process-test")).isTrue();
        long executionId = 900_003;
        locks.holdExecution(executionId);
        Integer pid = jdbc.queryForObject("select pid from pg_locks where locktype = 'advisory' and granted"
                + " and database = (select oid from pg_database where datname = current_database())"
                + " and classid = 24226::oid and objid = ?::int::oid", Integer.class, executionId);
        jdbc.queryForObject("select pg_terminate_backend(?)", Boolean.class, pid);
        assertThat(locks.verify()).containsExactly(executionId);
        assertThat(locks.tryLockJob("in-process-test")).isFalse();
        locks.releaseExecution(executionId);
        locks.unlockJob("in-process-test");
        assertThat(locks.tryLockJob("in-process-test")).isTrue();
        locks.unlockJob("in-process-test");
    }

    private Connection connect() throws Exception {
        Properties p = new Properties();
        if (controlUser() != null) {
            p.setProperty("user", controlUser());
        }
        p.setProperty("password", controlPassword() == null ? "" : controlPassword());
        return DriverManager.getConnection(controlUrl(), p);
    }
}
