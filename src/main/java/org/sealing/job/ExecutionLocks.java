package org.sealing.job;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import org.sealing.control.ControlDatabase;
import org.sealing.support.RefusedException;

/**
 * PostgreSQL advisory locks that prove what this process runs: one per job it runs (so a second run
 * of a job is refused) and one per execution it runs (so any process can tell a running execution
 * from one whose process died). The server releases them the moment their connection closes, whether
 * the process exited, crashed or was killed, so no lock outlives its holder.
 *
 * <p>They live on a connection of their own, opened outside the pool (a pool may close or replace a
 * connection whenever it likes, and the locks would go with it) and kept alive by TCP keepalives on
 * both sides. When that connection breaks, its locks are gone and another node may take the
 * execution over: the executions it held are marked lost, never locked again, and
 * {@link ExecutionLivenessListener} ends them. A later execution gets a fresh connection.
 */
@Component
public class ExecutionLocks implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ExecutionLocks.class);
    private static final int JOB_CLASS = 0x5EA1;
    private static final int EXECUTION_CLASS = 0x5EA2;
    private static final String HELD_SQL = """
            select exists (select 1 from pg_locks
                           where locktype = 'advisory' and granted and objsubid = 2
                             and database = (select oid from pg_database where datname = current_database())
                             and classid = ?::int::oid and objid = ?::int::oid)
            """;

    private final ControlDatabase control;
    private final JdbcTemplate jdbc;
    private Connection connection;
    /** Executions whose lock this process holds now. */
    private final Set<Long> held = ConcurrentHashMap.newKeySet();
    /** Job locks this process holds now, with how many times each was taken (they nest). */
    private final Map<String, Integer> jobs = new HashMap<>();
    /**
     * Job locks lost with their connection whose jobs have not yet wound down: until they have, this
     * process must not start another job of the same lock, though the server would grant it.
     */
    private final Map<String, Integer> lostJobs = new HashMap<>();
    /** Executions whose lock was lost while they ran, with the reason to give. */
    private final Map<Long, String> lost = new ConcurrentHashMap<>();

    public ExecutionLocks(ControlDatabase control, JdbcTemplate jdbc) {
        this.control = control;
        this.jdbc = jdbc;
    }

    /**
     * Takes the lock of a job (or of a group of jobs that must not overlap); false if another process
     * or another thread of this one holds it. (The server's advisory locks nest within one session, and
     * every thread of this process shares the lock connection: the process must refuse itself.)
     */
    public synchronized boolean tryLockJob(String lockName) {
        if (jobs.containsKey(lockName) || lostJobs.containsKey(lockName)) {
            return false;
        }
        boolean taken = call("select pg_try_advisory_lock(?, ?)", JOB_CLASS, key(lockName));
        if (taken) {
            jobs.merge(lockName, 1, Integer::sum);
        }
        return taken;
    }

    /** Releases a job lock; one lost with its connection is not there to release. */
    public synchronized void unlockJob(String lockName) {
        if (lostJobs.remove(lockName) != null) {
            // lost with the connection: the job that held it has now wound down
            return;
        }
        Integer count = jobs.get(lockName);
        if (count == null) {
            return;
        }
        if (count == 1) {
            jobs.remove(lockName);
        } else {
            jobs.put(lockName, count - 1);
        }
        call("select pg_advisory_unlock(?, ?)", JOB_CLASS, key(lockName));
    }

    /**
     * Marks an execution as alive for as long as this process runs it. Refused when another process
     * holds its lock: that one runs it.
     */
    public synchronized void holdExecution(long executionId) {
        if (!call("select pg_try_advisory_lock(?, ?)", EXECUTION_CLASS, key(executionId))) {
            throw new RefusedException("execution " + executionId + " is being run by another process");
        }
        held.add(executionId);
    }

    /** Releases an execution's lock; one that was lost is not taken again, nor released. */
    public synchronized void releaseExecution(long executionId) {
        lost.remove(executionId);
        if (!held.remove(executionId)) {
            return;
        }
        try {
            call("select pg_advisory_unlock(?, ?)", EXECUTION_CLASS, key(executionId));
        } catch (IllegalStateException e) {
            // the connection broke as the execution ended: its lock went with it
            log.debug("releasing the lock of execution {}: {}", executionId, e.getMessage());
        }
    }

    /** The executions this process runs now. */
    public Set<Long> heldExecutions() {
        return Set.copyOf(held);
    }

    /** Why an execution of this process lost its lock, or null if it did not. */
    public String lostReason(long executionId) {
        return lost.get(executionId);
    }

    /**
     * Checks that the lock connection still holds the lock of every execution it should: on the
     * server, in {@code pg_locks}, not just on this side of the socket. When it does not, the locks
     * of those executions are gone; they are marked lost (see {@link #lostReason}) and returned.
     */
    public synchronized Set<Long> verify() {
        if (connection == null || held.isEmpty()) {
            return Set.of();
        }
        Set<Long> found;
        try {
            found = heldOn(connection, EXECUTION_CLASS);
        } catch (SQLException e) {
            if (isConnectionFailure(e)) {
                return loseAll("the lock connection failed: " + e.getMessage());
            }
            // the check itself failed, not the connection: the next check tells
            log.warn("cannot check the execution locks: {}", e.getMessage());
            return Set.of();
        }
        for (long id : held) {
            if (!found.contains((long) key(id))) {
                return loseAll("the lock of execution " + id + " is no longer held");
            }
        }
        return Set.of();
    }

    /**
     * The keys of the advisory locks of a class that a connection's session holds, as the server sees them (in
     * {@code pg_locks}), not as this side of the socket believes.
     */
    static Set<Long> heldOn(Connection connection, int classId) throws SQLException {
        Set<Long> found = new HashSet<>();
        try (PreparedStatement ps = connection.prepareStatement("""
                select objid::bigint from pg_locks
                where locktype = 'advisory' and granted and objsubid = 2 and pid = pg_backend_pid()
                  and classid = ?::int::oid
                """)) {
            ps.setInt(1, classId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(rs.getLong(1));
                }
            }
        }
        return found;
    }

    /** Whether some process holds the lock of this execution, that is, runs it. */
    public boolean isRunningSomewhere(long executionId) {
        return isExecutionLockHeld(jdbc, executionId);
    }

    /**
     * Whether some process holds the lock of this execution, asked on any connection to the control
     * database (a chunk asks in its own transaction, just before it commits).
     */
    public static boolean isExecutionLockHeld(JdbcTemplate jdbc, long executionId) {
        return isHeld(jdbc, EXECUTION_CLASS, key(executionId));
    }

    /** Whether some process holds the lock of a job, that is, runs or is starting an execution of it. */
    public boolean isJobLocked(String lockName) {
        return isHeld(jdbc, JOB_CLASS, key(lockName));
    }

    private static int key(String name) {
        return name.hashCode() & 0x7fffffff;
    }

    /** The key of an execution's (or a partition's) lock within its class. */
    static int key(long executionId) {
        return (int) (executionId & 0x7fffffff);
    }

    /** Whether some process holds the advisory lock of this class and key, asked on any connection. */
    static boolean isHeld(JdbcTemplate jdbc, int classId, int objectId) {
        return Boolean.TRUE.equals(jdbc.queryForObject(HELD_SQL, Boolean.class, classId, objectId));
    }

    private boolean call(String sql, int classId, int objectId) {
        try {
            try (PreparedStatement ps = connection().prepareStatement(sql)) {
                ps.setInt(1, classId);
                ps.setInt(2, objectId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getBoolean(1);
                }
            }
        } catch (SQLException e) {
            // a broken connection takes whatever it held with it; any other error (the server short of
            // lock memory, say) leaves the connection and its locks as they were
            if (isConnectionFailure(e)) {
                loseAll("the lock connection failed: " + e.getMessage());
            }
            throw new IllegalStateException("cannot use the control database's advisory locks: " + e.getMessage(), e);
        }
    }

    /**
     * The lock connection. A connection that broke while it held locks is never quietly replaced: its
     * executions are marked lost first, so that they end instead of running on unprotected.
     */
    private Connection connection() throws SQLException {
        // generous: a loaded machine may take seconds to answer, and a false alarm fails every execution
        if (connection != null && !connection.isValid(20)) {
            loseAll("the lock connection was closed");
        }
        if (connection == null) {
            connection = control.openLockConnection();
        }
        return connection;
    }

    private boolean isConnectionFailure(SQLException e) {
        try {
            return (e.getSQLState() != null && e.getSQLState().startsWith("08")) || connection == null
                    || connection.isClosed();
        } catch (SQLException closed) {
            return true;
        }
    }

    /** Every lock of the connection is gone: marks its executions lost and drops the connection. */
    private Set<Long> loseAll(String cause) {
        Set<Long> executions = Set.copyOf(held);
        for (long id : executions) {
            lost.put(id, "lost the control database connection that proves this execution is alive; another node"
                    + " may take it over; restart it with sealctl restart " + id);
        }
        if (!executions.isEmpty() || !jobs.isEmpty()) {
            log.error("lost the advisory locks of executions {} and jobs {}: {}", executions, jobs.keySet(), cause);
        }
        held.clear();
        lostJobs.putAll(jobs);
        jobs.clear();
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // it is broken already
            }
            connection = null;
        }
        return executions;
    }

    @Override
    public synchronized void destroy() throws SQLException {
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }
}
