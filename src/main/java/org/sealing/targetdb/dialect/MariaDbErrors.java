package org.sealing.targetdb.dialect;

import java.sql.SQLException;
import java.util.Set;

/**
 * What MariaDB's errors mean, by the server's error code (which says more than its SQLSTATE: a lock
 * wait timeout is {@code HY000}, like most errors) and, for failures of the connection that Connector/J
 * reports itself, by the SQLSTATE class {@code 08}. A code of no set here is a permanent failure: a
 * command denied on a table (1142), an unknown table (1146) or column (1054), a duplicate key (1062), a
 * foreign key (1451, 1452), a value the column cannot take (1292, 1366, 1406).
 */
final class MariaDbErrors {

    /** ER_LOCK_WAIT_TIMEOUT: a row lock (innodb_lock_wait_timeout) or metadata lock (lock_wait_timeout) waited too long. */
    static final int LOCK_WAIT_TIMEOUT = 1205;
    /** ER_LOCK_DEADLOCK: chosen as a deadlock's victim, the transaction rolled back. */
    static final int DEADLOCK = 1213;
    /** ER_QUERY_INTERRUPTED (KILL QUERY, a cancel of the driver) and ER_STATEMENT_TIMEOUT (max_statement_time). */
    private static final Set<Integer> CANCELLED = Set.of(1317, 1969);
    /**
     * Worth another try on a fresh connection: the lock errors above; too many connections (1040); the
     * server shutting down (1053); the connection killed (1927); the client's lost connection (2006,
     * 2013); a record changed since it was read (1020); a lock table full under load (1206).
     */
    private static final Set<Integer> TRANSIENT = Set.of(LOCK_WAIT_TIMEOUT, DEADLOCK, 1040, 1053, 1927, 2006, 2013,
            1020, 1206);
    /**
     * Not reached or not let in: too many connections (1040), access denied to the server (1045) or to
     * the database (1044), unknown database (1049), a host blocked or not allowed (1129, 1130), an
     * authentication plugin refused (1251, 1698), the server shutting down (1053).
     */
    private static final Set<Integer> UNREACHABLE = Set.of(1040, 1044, 1045, 1049, 1129, 1130, 1251, 1698, 1053);

    private MariaDbErrors() {
    }

    static boolean lockTimeout(SQLException e) {
        return e.getErrorCode() == LOCK_WAIT_TIMEOUT;
    }

    static boolean cancelled(SQLException e) {
        return CANCELLED.contains(e.getErrorCode());
    }

    static boolean transientFailure(SQLException e) {
        return TRANSIENT.contains(e.getErrorCode()) || connectionState(e);
    }

    static boolean unreachable(SQLException e) {
        return UNREACHABLE.contains(e.getErrorCode()) || connectionState(e);
    }

    /** Connector/J's own failures of the connection (refused, reset, closed) and the server's carry class 08. */
    private static boolean connectionState(SQLException e) {
        return e.getSQLState() != null && e.getSQLState().startsWith("08");
    }
}
