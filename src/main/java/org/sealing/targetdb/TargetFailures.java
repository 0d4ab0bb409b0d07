package org.sealing.targetdb;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;

import org.sealing.support.FailureMessages;
import org.sealing.support.Text;

/**
 * What a failure on a target means: whether trying again may help (a lost connection, a deadlock, a
 * serialization failure), whether the target could not be reached at all, and a one-line description
 * for operators that never carries a value of a row.
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
     * for messages about a statement that timed out on more than one table; null when none is now.
     */
    public static String lockedTable(java.sql.Connection c, java.util.List<String> tables) {
        for (String table : tables) {
            try (java.sql.PreparedStatement ps = c.prepareStatement("select exists (select 1 from pg_locks"
                    + " where relation = to_regclass(?) and granted and mode = 'AccessExclusiveLock'"
                    + " and pid <> pg_backend_pid())")) {
                ps.setString(1, table);
                try (java.sql.ResultSet rs = ps.executeQuery()) {
                    if (rs.next() && rs.getBoolean(1)) {
                        return table;
                    }
                }
            } catch (SQLException e) {
                return null;
            }
        }
        return null;
    }

    /** How many times in all a statement that keeps timing out on a lock is tried. */
    public static final int LOCK_TRIES = 3;

    /** The pause after a statement's {@code tries}-th lock timeout: the holder may be about to finish. */
    public static long lockPauseMillis(int tries) {
        return 1_000L * tries;
    }

    /**
     * The lock timeout of a session as PostgreSQL writes it ({@code 30s}, {@code 1min}), for messages;
     * asked once its failed transaction has been rolled back.
     */
    public static String lockTimeoutOf(java.sql.Connection c) {
        try (java.sql.Statement s = c.createStatement(); java.sql.ResultSet rs = s.executeQuery("show lock_timeout")) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            return "its lock timeout";
        }
    }

    /** Whether a statement gave up waiting for a lock (lock_timeout): worth another try after a pause. */
    public static boolean isLockTimeout(Throwable failure) {
        return hasState(failure, "55P03");
    }

    /**
     * Whether a statement was cancelled: by this process (a stop), by an administrator, or by
     * statement_timeout.
     */
    public static boolean isCancelled(Throwable failure) {
        return hasState(failure, "57014");
    }

    private static boolean hasState(Throwable failure, String state) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException e && state.equals(e.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /** Whether the same work may succeed if tried again on a fresh connection. */
    public static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException e) {
                String state = e.getSQLState();
                if (state != null && (state.equals("40001") || state.equals("40P01") || state.startsWith("08")
                        || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")
                        || state.equals("53300") || state.equals("55P03"))) {
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
                String state = e.getSQLState();
                if (state != null && (state.startsWith("08") || state.startsWith("28") || state.equals("3D000")
                        || state.equals("57P03") || state.equals("53300"))) {
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
