package org.sealing.job;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.sealing.control.ControlDatabase;
import org.sealing.support.RefusedException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * What the locks decide on this side of the connection, with no database: a process refuses itself a
 * job lock one of its threads holds, keeps refusing a job lock lost with its connection until that job
 * has wound down, and marks lost, never quietly retakes, the executions of a connection that broke.
 * ({@code ExecutionLocksFunctionalTests} shows the same against a real server.)
 */
class ExecutionLocksTests {

    private final List<FakeSession> sessions = new ArrayList<>();
    /** Advisory locks other processes hold, as "class/object". */
    private final Set<String> heldElsewhere = new HashSet<>();
    private ExecutionLocks locks;

    @BeforeEach
    void locksOnAFakeServer() throws SQLException {
        ControlDatabase control = mock(ControlDatabase.class);
        when(control.openLockConnection()).thenAnswer(call -> {
            FakeSession session = new FakeSession();
            sessions.add(session);
            return session.connection;
        });
        locks = new ExecutionLocks(control, null);
    }

    @Test
    void aJobLockOneThreadHoldsIsRefusedToAnotherWithoutAskingTheServerAndTakenAgainOnceReleased() {
        assertThat(locks.tryLockJob("remediate")).isTrue();

        // the server would grant it again: its advisory locks nest within the one session all threads share
        assertThat(locks.tryLockJob("remediate")).isFalse();
        assertThat(session().queries).containsExactly("pg_try_advisory_lock");
        assertThat(locks.tryLockJob("import")).isTrue();

        locks.unlockJob("remediate");
        assertThat(session().held).hasSize(1);
        assertThat(locks.tryLockJob("remediate")).isTrue();
        assertThat(sessions).hasSize(1);
    }

    @Test
    void aJobLockAnotherProcessHoldsIsRefused() {
        assertThat(locks.tryLockJob("remediate")).isTrue();
        heldElsewhere.addAll(session().held);
        locks.unlockJob("remediate");

        assertThat(locks.tryLockJob("remediate")).isFalse();
        locks.unlockJob("remediate");
        assertThat(session().queries).containsExactly("pg_try_advisory_lock", "pg_advisory_unlock",
                "pg_try_advisory_lock");
    }

    @Test
    void anExecutionAnotherProcessRunsIsRefused() {
        locks.holdExecution(41);
        heldElsewhere.addAll(session().held);
        locks.releaseExecution(41);

        assertThatThrownBy(() -> locks.holdExecution(41)).isInstanceOf(RefusedException.class)
                .hasMessage("execution 41 is being run by another process");
        assertThat(locks.heldExecutions()).isEmpty();
    }

    @Test
    void aJobLockLostWithItsConnectionStaysRefusedUntilItsJobHasWoundDown() {
        assertThat(locks.tryLockJob("remediate")).isTrue();
        locks.holdExecution(7);
        session().broken = true;

        assertThat(locks.verify()).containsExactly(7L);
        // the server would grant it on a new connection, but the job that held it still runs here
        assertThat(locks.tryLockJob("remediate")).isFalse();
        assertThat(sessions).hasSize(1);

        locks.releaseExecution(7);
        locks.unlockJob("remediate");
        assertThat(locks.tryLockJob("remediate")).isTrue();
        assertThat(sessions).hasSize(2);
        assertThat(session().held).hasSize(1);
    }

    @Test
    void anExecutionWhoseLockTheServerNoLongerShowsIsMarkedLostAndNotTakenAgain() {
        locks.holdExecution(7);
        locks.holdExecution(8);
        assertThat(locks.verify()).isEmpty();

        session().held.clear();

        assertThat(locks.verify()).containsExactlyInAnyOrder(7L, 8L);
        assertThat(locks.heldExecutions()).isEmpty();
        assertThat(locks.lostReason(7)).isEqualTo("lost the control database connection that proves this execution"
                + " is alive; another node may take it over; restart it with sealctl restart 7");
        assertThat(session().closed).isTrue();
        int queries = session().queries.size();
        // releasing a lost lock asks nothing: it is not there to release
        locks.releaseExecution(7);
        assertThat(locks.lostReason(7)).isNull();
        assertThat(session().queries).hasSize(queries);
    }

    @Test
    void aConnectionThatFailsMidQueryLosesEveryLockAndTheNextLockOpensAFreshOne() {
        locks.holdExecution(9);
        session().failing = true;

        assertThatThrownBy(() -> locks.tryLockJob("report")).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("cannot use the control database's advisory locks: connection reset");
        assertThat(locks.lostReason(9)).contains("sealctl restart 9");
        assertThat(locks.heldExecutions()).isEmpty();

        assertThat(locks.tryLockJob("report")).isTrue();
        assertThat(sessions).hasSize(2);
    }

    @Test
    void aConnectionFoundClosedBeforeALockIsReplacedOnlyAfterItsExecutionsAreMarkedLost() {
        locks.holdExecution(5);
        session().broken = true;

        locks.holdExecution(6);

        assertThat(locks.lostReason(5)).isNotNull();
        assertThat(locks.heldExecutions()).containsExactly(6L);
        assertThat(sessions).hasSize(2);
    }

    private FakeSession session() {
        return sessions.get(sessions.size() - 1);
    }

    /**
     * One server session's advisory locks, as the three statements ExecutionLocks sends see them:
     * {@code pg_try_advisory_lock}, {@code pg_advisory_unlock} and its own locks in {@code pg_locks}.
     */
    private final class FakeSession {

        final Connection connection = mock(Connection.class);
        final Set<String> held = new HashSet<>();
        final List<String> queries = new ArrayList<>();
        /** Closed under the process's feet: isValid says so, and the server has dropped its locks. */
        boolean broken;
        /** The next query fails as a reset connection does. */
        boolean failing;
        boolean closed;

        FakeSession() throws SQLException {
            when(connection.isValid(anyInt())).thenAnswer(call -> !broken && !closed);
            when(connection.isClosed()).thenAnswer(call -> broken || closed);
            when(connection.prepareStatement(anyString())).thenAnswer(call -> statement(call.getArgument(0)));
            doAnswer(call -> closed = true).when(connection).close();
        }

        private PreparedStatement statement(String sql) throws SQLException {
            PreparedStatement statement = mock(PreparedStatement.class);
            int[] parameters = new int[3];
            doAnswer(call -> parameters[(int) call.getArgument(0)] = call.getArgument(1))
                    .when(statement).setInt(anyInt(), anyInt());
            when(statement.executeQuery()).thenAnswer(call -> {
                if (failing || broken) {
                    broken = true;
                    held.clear();
                    throw new SQLException("connection reset", "08006");
                }
                return execute(sql, parameters[1] + "/" + parameters[2], parameters[1]);
            });
            return statement;
        }

        private ResultSet execute(String sql, String lock, int classId) throws SQLException {
            if (sql.contains("pg_try_advisory_lock")) {
                queries.add("pg_try_advisory_lock");
                boolean granted = !heldElsewhere.contains(lock);
                if (granted) {
                    held.add(lock);
                }
                return rows(List.of(granted));
            }
            if (sql.contains("pg_advisory_unlock")) {
                queries.add("pg_advisory_unlock");
                return rows(List.of(held.remove(lock)));
            }
            queries.add("pg_locks");
            List<Object> objects = new ArrayList<>();
            for (String h : held) {
                if (h.startsWith(classId + "/")) {
                    objects.add(Long.parseLong(h.substring(h.indexOf('/') + 1)));
                }
            }
            return rows(objects);
        }

        private ResultSet rows(List<Object> values) throws SQLException {
            ResultSet rs = mock(ResultSet.class);
            Iterator<Object> next = values.iterator();
            Object[] current = new Object[1];
            when(rs.next()).thenAnswer(call -> {
                current[0] = next.hasNext() ? next.next() : null;
                return current[0] != null;
            });
            when(rs.getBoolean(1)).thenAnswer(call -> (Boolean) current[0]);
            when(rs.getLong(1)).thenAnswer(call -> (Long) current[0]);
            return rs;
        }
    }
}
