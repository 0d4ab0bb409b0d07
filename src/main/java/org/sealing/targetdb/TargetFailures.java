package org.sealing.targetdb;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.List;
import java.util.function.BiPredicate;

import org.sealing.support.FailureMessages;
import org.sealing.support.Text;
import org.sealing.targetdb.dialect.TargetDialect;

/**
 * What a failure on a target means: whether trying again may help (a lost connection, a deadlock, a
 * serialization failure), whether the target could not be reached at all, and a one-line description
 * for operators that never carries a value of a row. Which SQLSTATE or error code means what is
 * each engine's own ({@link TargetDialect#transientFailure} and its neighbours); what a failure means
 * beyond the database (a socket closed, a host unknown) is the same for all.
 */
public final class TargetFailures {

    private TargetFailures() {
    }

    /** A target that cannot be reached: refused, unknown host, bad credentials, no such database. */
    public static final class Unreachable extends RuntimeException {
        public Unreachable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * A table that another session kept locked through every try; its message names the table and the
     * setting, never a row.
     */
    public static final class Locked extends RuntimeException {
        /** {@code table} may be null when the table could not be told. */
        public Locked(String table, String waited, int tries) {
            super((table == null ? "a table" : "table " + table) + " stayed locked by another session for " + waited
                    + " (" + tries + " tries); SEALING_REMEDIATION_LOCKTIMEOUT sets how long to wait", null, false,
                    false);
        }
    }

    /**
     * Which of these tables (as a target file names them) another session holds locked exclusively,
     * for messages about a statement that timed out on more than one table; null when none is now or
     * the engine cannot tell ({@link TargetDialect#lockedTable}).
     */
    public static String lockedTable(Connection c, List<String> tables) {
        TargetDialect dialect = dialectOf(c);
        return dialect == null ? null : dialect.lockedTable(c, tables);
    }

    /** How many times in all a statement that keeps timing out on a lock is tried. */
    public static final int LOCK_TRIES = 3;

    /** The pause after a statement's {@code tries}-th lock timeout: the holder may be about to finish. */
    public static long lockPauseMillis(int tries) {
        return 1_000L * tries;
    }

    /**
     * The lock timeout of a session as its engine writes it ({@code 30s}, {@code 1min}), for messages;
     * asked once its failed transaction has been rolled back.
     */
    public static String lockTimeoutOf(Connection c) {
        TargetDialect dialect = dialectOf(c);
        return dialect == null ? "its lock timeout" : dialect.lockTimeoutOf(c);
    }

    /** The dialect of a connection's URL, or null when it cannot be told (a closed connection). */
    private static TargetDialect dialectOf(Connection c) {
        try {
            return TargetDialect.find(c.getMetaData().getURL()).orElse(null);
        } catch (SQLException e) {
            return null;
        }
    }

    /**
     * Whether a statement gave up waiting for a lock (PostgreSQL's lock_timeout, MariaDB's
     * innodb_lock_wait_timeout and lock_wait_timeout): worth another try after a pause.
     */
    public static boolean isLockTimeout(Throwable failure) {
        return anyDialect(failure, TargetDialect::lockTimeout);
    }

    /**
     * Whether a statement was cancelled: by this process (a stop), by an administrator, or by the
     * engine's statement time limit.
     */
    public static boolean isCancelled(Throwable failure) {
        return anyDialect(failure, TargetDialect::cancelled);
    }

    /**
     * Whether an engine's driver says so of an exception of the chain. Every dialect is asked: each
     * knows its own SQLSTATEs and error codes, which the others' drivers never report (PostgreSQL's
     * driver gives no vendor code, MariaDB's states are the standard's), so no failure is misread.
     */
    private static boolean anyDialect(Throwable failure, BiPredicate<TargetDialect, SQLException> test) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException e) {
                for (TargetDialect d : TargetDialect.all()) {
                    if (test.test(d, e)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** Whether the same work may succeed if tried again on a fresh connection. */
    public static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException e) {
                if (anyDialect(e, TargetDialect::transientFailure)) {
                    return true;
                }
                if (e instanceof SQLTransientException || e instanceof SQLRecoverableException) {
                    return true;
                }
            }
            if (t instanceof SocketException || t instanceof EOFException || t instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** Whether the failure is that the target could not be reached or logged in to. */
    public static boolean isUnreachable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof Unreachable) {
                return true;
            }
            if (t instanceof SQLException e) {
                if (anyDialect(e, TargetDialect::unreachable)) {
                    return true;
                }
                if (e instanceof java.sql.SQLTransientConnectionException) {
                    return true;
                }
            }
            if (t instanceof ConnectException || t instanceof UnknownHostException) {
                return true;
            }
        }
        return false;
    }

    /**
     * One line for operators: why the target could not be reached, else the most specific database
     * message with its SQLSTATE ({@link FailureMessages}). Server details (which may quote a row) are
     * not requested from the server and not shown; a value quoted in an input-syntax message is cut
     * out; no class name, no stack trace, no control character.
     */
    public static String describe(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof Unreachable || t instanceof Locked) {
                return Text.escape(firstLine(t.getMessage()));
            }
        }
        return FailureMessages.of(failure);
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        int nl = text.indexOf('\n');
        return (nl < 0 ? text : text.substring(0, nl)).strip();
    }
}
