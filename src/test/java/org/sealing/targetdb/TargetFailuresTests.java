package org.sealing.targetdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransactionRollbackException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.CannotAcquireLockException;

/**
 * Each engine's failures as its driver reports them (PostgreSQL by SQLSTATE, MariaDB by error code,
 * with the exception classes Connector/J makes) mean the same to a run: a lock wait that timed out is
 * tried again after a pause, a cancelled statement is a stop, a deadlock or lost connection is tried
 * again, a refused login is an unreachable target, and a missing privilege or table is permanent.
 */
class TargetFailuresTests {

    @Test
    void postgreSqlFailuresAreReadByTheirSqlStates() {
        SQLException lock = new SQLException("ERROR: canceling statement due to lock timeout", "55P03");
        assertThat(TargetFailures.isLockTimeout(new CannotAcquireLockException("x", lock))).isTrue();
        assertThat(TargetFailures.isTransient(lock)).isTrue();
        assertThat(TargetFailures.isCancelled(new SQLException("ERROR: canceling statement due to user request",
                "57014"))).isTrue();
        assertThat(TargetFailures.isTransient(new SQLException("deadlock detected", "40P01"))).isTrue();
        assertThat(TargetFailures.isUnreachable(new SQLException("password authentication failed", "28P01"))).isTrue();
        assertThat(TargetFailures.isUnreachable(new SQLException("database \"x\" does not exist", "3D000"))).isTrue();
        SQLException denied = new SQLException("permission denied for table arrest", "42501");
        assertThat(TargetFailures.isTransient(denied)).isFalse();
        assertThat(TargetFailures.isUnreachable(denied)).isFalse();
        assertThat(TargetFailures.isLockTimeout(denied)).isFalse();
    }

    @Test
    void mariaDbFailuresAreReadByTheirErrorCodes() {
        SQLException lock = new SQLException("Lock wait timeout exceeded; try restarting transaction", "HY000", 1205);
        assertThat(TargetFailures.isLockTimeout(new CannotAcquireLockException("x", lock))).isTrue();
        assertThat(TargetFailures.isTransient(lock)).isTrue();
        assertThat(TargetFailures.isCancelled(lock)).isFalse();

        SQLException deadlock = new SQLTransactionRollbackException("Deadlock found when trying to get lock", "40001",
                1213);
        assertThat(TargetFailures.isTransient(deadlock)).isTrue();
        assertThat(TargetFailures.isLockTimeout(deadlock)).isFalse();

        // KILL QUERY (a stop) and max_statement_time: SQLTimeoutException, yet cancelled rather than tried again
        assertThat(TargetFailures.isCancelled(new SQLTimeoutException("Query execution was interrupted", "70100",
                1317))).isTrue();
        assertThat(TargetFailures.isCancelled(new SQLTimeoutException("Query execution was interrupted"
                + " (max_statement_time exceeded)", "70100", 1969))).isTrue();

        SQLException lost = new SQLNonTransientConnectionException("Socket error", "08000", 0,
                new ConnectException("Connection refused"));
        assertThat(TargetFailures.isTransient(lost)).isTrue();
        assertThat(TargetFailures.isUnreachable(lost)).isTrue();
        assertThat(TargetFailures.isTransient(new SQLException("Connection was killed", "70100", 1927))).isTrue();
        assertThat(TargetFailures.isTransient(new SQLException("Too many connections", "08004", 1040))).isTrue();

        assertThat(TargetFailures.isUnreachable(new SQLException("Access denied for user 'u'@'h' (using password:"
                + " YES)", "28000", 1045))).isTrue();
        assertThat(TargetFailures.isUnreachable(new SQLSyntaxErrorException("Access denied for user 'u'@'h' to"
                + " database 'd'", "42000", 1044))).isTrue();
        assertThat(TargetFailures.isUnreachable(new SQLSyntaxErrorException("Unknown database 'd'", "42000", 1049)))
                .isTrue();

        for (SQLException permanent : new SQLException[] {
                new SQLSyntaxErrorException("UPDATE command denied to user 'u'@'h' for table `d`.`t`", "42000", 1142),
                new SQLSyntaxErrorException("Table 'd.t' doesn't exist", "42S02", 1146),
                new SQLException("Duplicate entry 'x' for key 'PRIMARY'", "23000", 1062)}) {
            assertThat(TargetFailures.isTransient(permanent)).as(permanent.getMessage()).isFalse();
            assertThat(TargetFailures.isUnreachable(permanent)).as(permanent.getMessage()).isFalse();
            assertThat(TargetFailures.isLockTimeout(permanent)).as(permanent.getMessage()).isFalse();
            assertThat(TargetFailures.isCancelled(permanent)).as(permanent.getMessage()).isFalse();
        }
    }

    @Test
    void aMariaDbLockTimeoutIsDescribedWithoutAValue() {
        assertThat(TargetFailures.describe(driver(new SQLException("(conn=9) Lock wait timeout exceeded; try restarting"
                + " transaction", "HY000", 1205)))).isEqualTo("Lock wait timeout exceeded; try restarting transaction"
                        + " [SQLSTATE HY000]");
        assertThat(TargetFailures.describe(driver(new SQLException("(conn=9) Duplicate entry 'SMITH-1980' for key 'k'",
                "23000", 1062)))).isEqualTo("Duplicate entry (value not shown) for key 'k' [SQLSTATE 23000]");
    }

    /** The exception as Connector/J makes it (one made in a test counts as this product's own message). */
    private static SQLException driver(SQLException e) {
        e.setStackTrace(new StackTraceElement[] {new StackTraceElement("org.mariadb.jdbc.export.ExceptionFactory",
                "create", null, 1)});
        return e;
    }
}
