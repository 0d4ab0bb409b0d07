package org.sealing.job;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

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
    /** The partitions whose lock this process holds, with how many times it took each (they stack). */
    private final Map<Long, Integer> held = new HashMap<>();
    /** Partitions whose lock went with a broken connection, not yet reported by {@link #lost()}. */
    private final Set<Long> lost = new HashSet<>();

    public PartitionLocks(ControlDatabase control) {
        this.control = control;
    }

    /** Takes the lock of a partition; false when another process holds it (it runs the partition). */
    public synchronized boolean hold(long stepExecutionId) {
        boolean taken = call("select pg_try_advisory_lock(?, ?)", stepExecutionId);
        if (taken) {
            held.merge(stepExecutionId, 1, Integer::sum);
        }
        return taken;
    }

    /** Releases the lock of a partition this process ran. */
    public synchronized void release(long stepExecutionId) {
        if (held.computeIfPresent(stepExecutionId, (id, n) -> n > 1 ? n - 1 : null) == null
                && lost.remove(stepExecutionId)) {
            // it went with a broken connection: nothing to release
            return;
        }
        try {
            call("select pg_advisory_unlock(?, ?)", stepExecutionId);
        } catch (IllegalStateException e) {
            // the connection broke: the lock went with it
        }
    }

    /**
     * The partitions whose lock this process took but no longer holds (its connection to the control database broke
     * or was ended), each reported once. It checks on the server, in {@code pg_locks}, and opens a new connection
     * for the locks to come when the old one is gone.
     */
    public synchronized Set<Long> lost() {
        if (!held.isEmpty()) {
            Set<Long> found = Set.of();
            try {
                found = ExecutionLocks.heldOn(connection(), PARTITION_CLASS);
            } catch (SQLException e) {
                if (stillValid()) {
                    // the question failed, not the connection: its locks are as they were, the next check tells
                    return Set.of();
                }
                // the connection broke as it was asked: the next check opens another, which holds none of them
                closeQuietly();
            }
            for (Iterator<Long> i = held.keySet().iterator(); i.hasNext(); ) {
                long id = i.next();
                if (!found.contains((long) ExecutionLocks.key(id))) {
                    lost.add(id);
                    i.remove();
                }
            }
        }
        Set<Long> report = Set.copyOf(lost);
        lost.clear();
        return report;
    }

    /** Whether some process holds the lock of this partition, asked on any connection to the control database. */
    public static boolean isHeld(JdbcTemplate jdbc, long stepExecutionId) {
        return ExecutionLocks.isHeld(jdbc, PARTITION_CLASS, ExecutionLocks.key(stepExecutionId));
    }

    private boolean call(String sql, long id) {
        try {
            try (PreparedStatement ps = connection().prepareStatement(sql)) {
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

    /**
     * The lock connection; one that broke is replaced, and the locks it held are marked lost (reported by
     * {@link #lost()}), never taken for held.
     */
    private Connection connection() throws SQLException {
        if (connection != null && !connection.isValid(20)) {
            closeQuietly();
        }
        if (connection == null) {
            connection = control.openLockConnection();
        }
        return connection;
    }

    private boolean stillValid() {
        try {
            return connection != null && connection.isValid(20);
        } catch (SQLException e) {
            return false;
        }
    }

    private void closeQuietly() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // broken already
            }
            connection = null;
        }
        lost.addAll(held.keySet());
        held.clear();
    }

    @Override
    public synchronized void destroy() throws SQLException {
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }
}
