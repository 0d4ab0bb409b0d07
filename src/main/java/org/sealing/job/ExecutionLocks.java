package org.sealing.job;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * PostgreSQL advisory locks on one connection that this process keeps for its lifetime: one per job
 * it runs (so a second run of a job is refused) and one per execution it runs (so any process can
 * tell a running execution from one whose process died). The server releases both the moment the
 * process's connection closes, whether it exited, crashed or was killed, so no lock outlives its
 * holder and none needs cleaning up.
 */
@Component
public class ExecutionLocks implements DisposableBean {

    private static final int JOB_CLASS = 0x5EA1;
    private static final int EXECUTION_CLASS = 0x5EA2;

    private final DataSource dataSource;
    private final JdbcTemplate jdbc;
    private Connection connection;
    private final java.util.Set<Long> held = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public ExecutionLocks(DataSource dataSource, JdbcTemplate jdbc) {
        this.dataSource = dataSource;
        this.jdbc = jdbc;
    }

    /** Takes the lock of a job (or of a group of jobs that must not overlap); false if another holds it. */
    public synchronized boolean tryLockJob(String lockName) {
        return call("select pg_try_advisory_lock(?, ?)", JOB_CLASS, key(lockName));
    }

    public synchronized void unlockJob(String lockName) {
        call("select pg_advisory_unlock(?, ?)", JOB_CLASS, key(lockName));
    }

    /** Marks an execution as alive for as long as this process lives or until it is released. */
    public synchronized void holdExecution(long executionId) {
        call("select pg_try_advisory_lock(?, ?)", EXECUTION_CLASS, key(executionId));
        held.add(executionId);
    }

    public synchronized void releaseExecution(long executionId) {
        held.remove(executionId);
        call("select pg_advisory_unlock(?, ?)", EXECUTION_CLASS, key(executionId));
    }

    /** The executions this process runs now. */
    public java.util.Set<Long> heldExecutions() {
        return java.util.Set.copyOf(held);
    }

    /** Whether some process holds the lock of this execution, that is, runs it. */
    public boolean isRunningSomewhere(long executionId) {
        return isHeld(EXECUTION_CLASS, key(executionId));
    }

    /** Whether some process holds the lock of a job, that is, runs or is starting an execution of it. */
    public boolean isJobLocked(String lockName) {
        return isHeld(JOB_CLASS, key(lockName));
    }

    private boolean isHeld(int classId, int objectId) {
        return Boolean.TRUE.equals(jdbc.queryForObject("""
                select exists (select 1 from pg_locks
                               where locktype = 'advisory' and granted and objsubid = 2
                                 and database = (select oid from pg_database where datname = current_database())
                                 and classid = ?::int::oid and objid = ?::int::oid)
                """, Boolean.class, classId, objectId));
    }

    private static int key(String name) {
        return name.hashCode() & 0x7fffffff;
    }

    private static int key(long executionId) {
        return (int) (executionId & 0x7fffffff);
    }

    private boolean call(String sql, int classId, int objectId) {
        try {
            if (connection == null || connection.isClosed()) {
                connection = dataSource.getConnection();
                connection.setAutoCommit(true);
            }
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                ps.setInt(1, classId);
                ps.setInt(2, objectId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getBoolean(1);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot use the control database's advisory locks: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void destroy() throws SQLException {
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }
}
