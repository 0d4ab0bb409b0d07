package org.sealing.job;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import org.sealing.control.ControlDatabase;

/**
 * The advisory locks that prove a remote partition alive: a {@code sealctl worker} holds one per partition
 * (step execution) it runs, on a connection of its own, and the server releases it the moment the worker's
 * connection closes (exited, crashed, killed). The manager, polling the job repository, fails a partition
 * that is running while nobody holds its lock. (The execution's own lock is the manager's, see
 * {@link ExecutionLocks}.)
 */
@Component
public class PartitionLocks implements DisposableBean {

    private static final int PARTITION_CLASS = 0x5EA3;

    private final ControlDatabase control;
    private Connection connection;

    public PartitionLocks(ControlDatabase control) {
        this.control = control;
    }

    /** Takes the lock of a partition; false when another process holds it (it runs the partition). */
    public synchronized boolean hold(long stepExecutionId) {
        return call("select pg_try_advisory_lock(?, ?)", stepExecutionId);
    }

    /** Releases the lock of a partition this process ran. */
    public synchronized void release(long stepExecutionId) {
        try {
            call("select pg_advisory_unlock(?, ?)", stepExecutionId);
        } catch (IllegalStateException e) {
            // the connection broke: the lock went with it
        }
    }

    /** Whether some process holds the lock of this partition, asked on any connection to the control database. */
    public static boolean isHeld(JdbcTemplate jdbc, long stepExecutionId) {
        return ExecutionLocks.isHeld(jdbc, PARTITION_CLASS, ExecutionLocks.key(stepExecutionId));
    }

    private boolean call(String sql, long id) {
        try {
            if (connection != null && !connection.isValid(20)) {
                connection.close();
                connection = null;
            }
            if (connection == null) {
                connection = control.openLockConnection();
            }
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                ps.setInt(1, PARTITION_CLASS);
                ps.setInt(2, ExecutionLocks.key(id));
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
