package org.sealing.cli;

import java.net.ConnectException;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import org.flywaydb.core.api.FlywayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.bind.BindException;

import org.sealing.catalog.TargetDefinitionException;
import org.sealing.support.ConfigurationException;
import org.sealing.support.FailureMessages;
import org.sealing.support.RefusedException;
import org.sealing.support.Settings;
import org.sealing.support.Text;
import org.sealing.targetdb.TargetFailures;

/**
 * Turns what went wrong into one line a user can act on, and an exit code: a configuration problem or
 * a wrong setting (2), a refusal (4), an unreachable or broken control database (2), anything else
 * (1). The line goes to stderr (and, with {@code --json}, as {@code {"error":...,"exitCode":N}} to
 * stdout); the stack trace only to the log, at debug level.
 */
final class Failures {

    private static final Logger log = LoggerFactory.getLogger(Failures.class);

    private Failures() {
    }

    static int report(CliContext context, Throwable failure) {
        log.debug("sealctl failed", failure);
        int code;
        String message;
        ConfigurationException configuration = find(failure, ConfigurationException.class);
        RefusedException refused = find(failure, RefusedException.class);
        BindException setting = find(failure, BindException.class);
        if (configuration instanceof TargetDefinitionException definitions) {
            code = ExitCodes.USAGE;
            message = "target definitions have " + definitions.problems().size() + " problem"
                    + (definitions.problems().size() == 1 ? "" : "s") + ": " + definitions.problems().stream()
                            .map(p -> Text.escape(p.toString())).collect(Collectors.joining("; "));
        } else if (configuration != null) {
            code = ExitCodes.USAGE;
            message = Text.escape(configuration.getMessage());
        } else if (refused != null) {
            code = ExitCodes.REFUSED;
            message = "refused: " + Text.escape(refused.getMessage());
        } else if (setting != null) {
            code = ExitCodes.USAGE;
            message = wrongSetting(setting);
        } else if (find(failure, TargetFailures.Unreachable.class) != null) {
            code = ExitCodes.FAILED;
            message = TargetFailures.describe(failure);
        } else if (connectionFailure(failure) != null) {
            code = ExitCodes.USAGE;
            message = "cannot use the control database: " + connectionFailure(failure)
                    + " (check SEALING_CONTROL_URL, SEALING_CONTROL_USER and SEALING_CONTROL_PASSWORD)";
        } else if (find(failure, FlywayException.class) != null) {
            code = ExitCodes.USAGE;
            message = "cannot migrate the control database: "
                    + FailureMessages.of(find(failure, FlywayException.class));
        } else {
            code = ExitCodes.FAILED;
            message = "failed: " + describe(failure);
        }
        return print(context, message, code);
    }

    /** Prints one error line on stderr, and with --json the error object on stdout; returns the code. */
    static int print(CliContext context, String message, int code) {
        context.err().println("sealctl: " + message);
        context.err().flush();
        if (context.json()) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("error", message);
            json.put("exitCode", code);
            Printer.json(context, json);
        }
        return code;
    }

    /** One line for users: no class name, no framework wrapper, no control character. */
    static String describe(Throwable failure) {
        return FailureMessages.of(failure);
    }

    /** A setting Spring could not convert (a word where a number belongs, an unknown time zone). */
    private static String wrongSetting(BindException e) {
        String property = e.getName().toString();
        Object value = e.getProperty() == null ? null : e.getProperty().getValue();
        Class<?> type = e.getTarget().getType().resolve(Object.class);
        return Settings.environmentName(property) + " must be " + Settings.expected(type)
                + (value == null ? "" : ", not '" + Text.escape(value) + "'");
    }

    /** The message of the connection failure in a chain of causes (it names host and port), or null. */
    private static String connectionFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("28")
                        || sql.getSQLState().equals("3D000"))) {
                return FailureMessages.of(sql);
            }
            if (t instanceof ConnectException) {
                return Text.escape(t.getMessage());
            }
        }
        return null;
    }

    private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
