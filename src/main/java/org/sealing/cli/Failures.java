package org.sealing.cli;

import java.net.ConnectException;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.flywaydb.core.api.FlywayException;

import org.sealing.support.ConfigurationException;
import org.sealing.support.RefusedException;

/**
 * Turns what went wrong into one clear line and an exit code: a configuration problem (2), a refusal
 * (4), an unreachable or broken control database (2), anything else (1).
 */
final class Failures {

    private Failures() {
    }

    static int report(CliContext context, Throwable failure) {
        int code;
        String message;
        ConfigurationException configuration = find(failure, ConfigurationException.class);
        RefusedException refused = find(failure, RefusedException.class);
        if (configuration != null) {
            code = ExitCodes.USAGE;
            message = configuration.getMessage();
        } else if (refused != null) {
            code = ExitCodes.REFUSED;
            message = "refused: " + refused.getMessage();
        } else if (connectionFailure(failure) != null) {
            code = ExitCodes.USAGE;
            message = "cannot use the control database: " + connectionFailure(failure);
        } else if (find(failure, FlywayException.class) != null) {
            code = ExitCodes.USAGE;
            message = "cannot migrate the control database: " + describe(find(failure, FlywayException.class));
        } else {
            code = ExitCodes.FAILED;
            message = "failed: " + describe(failure);
        }
        context.err().println("sealctl: " + message);
        if (context.json()) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("error", message);
            json.put("exitCode", code);
            Printer.json(context, json);
        }
        return code;
    }

    /** The most specific message in a chain of causes. */
    static String describe(Throwable failure) {
        return ExitCodes.rootMessage(failure);
    }

    /** The message of the connection failure in a chain of causes (it names host and port), or null. */
    private static String connectionFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("28")
                        || sql.getSQLState().equals("3D000"))) {
                return sql.getMessage();
            }
            if (t instanceof ConnectException) {
                return t.getMessage();
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }
}
