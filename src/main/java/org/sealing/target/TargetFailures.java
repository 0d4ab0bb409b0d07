package org.sealing.target;

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
            if (t instanceof Unreachable) {
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
