package org.sealing.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.UndeclaredThrowableException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.regex.Pattern;

import org.springframework.batch.core.job.JobInterruptedException;
import org.springframework.batch.core.step.FatalStepExecutionException;

/**
 * What went wrong, in one line an operator can act on: the framework's wrappers ("Unable to process
 * chunk"), Java class names and stack traces taken away, a value quoted by the database cut out
 * ({@link QuotedValues}: PostgreSQL's double quotes and MariaDB's single quotes alike), and
 * control characters escaped. The full failure belongs in the log at debug level, never here.
 *
 * <p>The line chosen is the outermost message this product wrote (it says what was being done, and
 * to which file, table or target); else the database's own message with its SQLSTATE; else what the
 * file system said; else the most specific message of the chain.
 */
public final class FailureMessages {

    /** Why an execution ended STOPPED. */
    public static final String STOPPED = "stopped on request (sealctl stop, SIGTERM or Ctrl-C)";

    private static final String UNEXPECTED = "an unexpected error; the log shows its details with"
            + " LOGGING_LEVEL_ORG_SEALING=DEBUG";

    /** "org.postgresql.util.PSQLException: ", "org.x.Outer$Inner: ": a class name ahead of a message. */
    private static final Pattern CLASS_PREFIX = Pattern.compile(
            "(?:[a-z][a-z0-9_]*\\.){2,}(?:[A-Z]\\w*(?:Exception|Error)|[A-Z]\\w*(?:\\$\\w+)+)(?::\\s+|$)");
    /** Spring's "PreparedStatementCallback; SQL [...]; " or "...; bad SQL grammar [...]": the statement is noise. */
    private static final Pattern SPRING_SQL = Pattern.compile("\\w*Callback; .*\\]; ");
    private static final Set<String> WRAPPER_MESSAGES = Set.of("Unable to process chunk",
            "Unable to process chunk during scan");

    private FailureMessages() {
    }

    /** One line that says what went wrong, for a user; never null. */
    public static String of(Throwable failure) {
        if (failure == null) {
            return UNEXPECTED;
        }
        List<Throwable> chain = chain(failure);
        for (Throwable t : chain) {
            if (t instanceof JobInterruptedException) {
                return STOPPED;
            }
        }
        for (Throwable t : chain) {
            if (writtenHere(t)) {
                return clean(t.getMessage(), true);
            }
        }
        SQLException sql = innermost(chain, SQLException.class);
        if (sql != null) {
            return ofSql(sql);
        }
        IOException io = innermost(chain, IOException.class);
        if (io != null) {
            return ofIo(io);
        }
        for (int i = chain.size() - 1; i >= 0; i--) {
            Throwable t = chain.get(i);
            if (!wrapper(t)) {
                String cleaned = clean(t.getMessage(), false);
                if (!cleaned.isBlank()) {
                    return cleaned;
                }
            }
        }
        return UNEXPECTED;
    }

    /**
     * The same line from a stack trace as Spring Batch stores it as a step's or job's exit
     * description (several traces may be joined with "; ", and the text may be cut off), or null
     * when the text names no failure.
     */
    public static String ofTrace(String trace) {
        if (trace == null || trace.isBlank()) {
            return null;
        }
        if (trace.contains(JobInterruptedException.class.getName())) {
            return STOPPED;
        }
        List<Header> headers = headers(trace);
        if (headers.isEmpty()) {
            String cleaned = clean(trace, false);
            return cleaned.isBlank() ? null : cleaned;
        }
        for (Header h : headers) {
            if (h.origin() != null && h.origin().startsWith("org.sealing.") && !h.message().isBlank()
                    && !WRAPPER_MESSAGES.contains(h.message())) {
                return clean(h.message(), true);
            }
        }
        for (int i = headers.size() - 1; i >= 0; i--) {
            Header h = headers.get(i);
            if (h.type().endsWith("SQLException") && !h.message().isBlank()) {
                return clean(h.message(), false);
            }
        }
        for (int i = headers.size() - 1; i >= 0; i--) {
            Header h = headers.get(i);
            String cleaned = clean(h.message(), false);
            if (!cleaned.isBlank() && !WRAPPER_MESSAGES.contains(h.message())
                    && !h.message().equals(h.cause())) {
                return cleaned;
            }
        }
        return null;
    }

    /** A database error: its first line, without a quoted value, with its SQLSTATE. */
    private static String ofSql(SQLException e) {
        SQLException chosen = e;
        if (e instanceof BatchUpdateException && e.getNextException() != null) {
            // "Batch entry 3 ... was aborted": the statement is noise, the next exception says why
            chosen = e.getNextException();
        }
        // a pool's "Connection is not available" hides the driver's reason as its cause
        if (chosen.getMessage() != null && chosen.getMessage().contains("Connection is not available")
                && chosen.getCause() != null && !(chosen.getCause() instanceof SQLException)) {
            return of(chosen.getCause());
        }
        String message = clean(chosen.getMessage(), false);
        if (message.isBlank()) {
            message = "the database failed";
        }
        return chosen.getSQLState() == null ? message : message + " [SQLSTATE " + chosen.getSQLState() + "]";
    }

    /** A file-system error, with the file it is about. */
    private static String ofIo(IOException e) {
        if (e instanceof FileSystemException f && f.getFile() != null) {
            String files = f.getFile() + (f.getOtherFile() == null ? "" : " -> " + f.getOtherFile());
            String why = f.getReason();
            if (why == null) {
                why = e instanceof NoSuchFileException ? "no such file or directory"
                        : e instanceof AccessDeniedException ? "permission denied"
                        : e instanceof FileAlreadyExistsException ? "already exists" : "cannot be used";
            }
            return Text.escape(files + ": " + why);
        }
        String message = clean(e.getMessage(), false);
        return message.isBlank() ? "input/output error" : message;
    }

    /** A message as one clean line: no statement, no class name, no quoted value, no control character. */
    static String clean(String message, boolean ours) {
        if (message == null) {
            return "";
        }
        // values are cut from the whole text first: a quoted value may hold a line break
        String text = ours ? message : firstLine(QuotedValues.cut(message));
        text = SPRING_SQL.matcher(text).replaceFirst("");
        text = CLASS_PREFIX.matcher(text).replaceAll("");
        text = text.replaceFirst("^ERROR: ", "").replace(": ERROR: ", ": ");
        text = QuotedValues.inputSyntax(text);
        return Text.escape(text.strip());
    }

    /** Whether this product made the exception with a message of its own (not a copy of its cause's). */
    private static boolean writtenHere(Throwable t) {
        StackTraceElement[] trace = t.getStackTrace();
        String message = t.getMessage();
        return trace.length > 0 && trace[0].getClassName().startsWith("org.sealing.") && message != null
                && !message.isBlank() && !WRAPPER_MESSAGES.contains(message)
                && (t.getCause() == null || !message.equals(t.getCause().toString()));
    }

    /** An exception that only carries another, and whose own message says nothing more. */
    private static boolean wrapper(Throwable t) {
        String message = t.getMessage();
        return message == null || message.isBlank() || WRAPPER_MESSAGES.contains(message)
                || t instanceof FatalStepExecutionException || t instanceof UncheckedIOException
                || t instanceof ExecutionException || t instanceof CompletionException
                || t instanceof InvocationTargetException || t instanceof UndeclaredThrowableException
                || (t.getCause() != null && message.equals(t.getCause().toString()));
    }

    private static List<Throwable> chain(Throwable failure) {
        List<Throwable> chain = new ArrayList<>();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = failure; t != null && seen.add(t) && chain.size() < 64; t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }

    private static <T> T innermost(List<Throwable> chain, Class<T> type) {
        for (int i = chain.size() - 1; i >= 0; i--) {
            if (type.isInstance(chain.get(i))) {
                return type.cast(chain.get(i));
            }
        }
        return null;
    }

    private static String firstLine(String text) {
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }

    /** One exception of a printed trace: its class, its message, where it was made, its cause's text. */
    private record Header(String type, String message, String origin, String cause) {
    }

    private static List<Header> headers(String trace) {
        List<Header> headers = new ArrayList<>();
        String[] lines = trace.split("\\R");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            boolean caused = line.startsWith("Caused by: ");
            if (caused) {
                line = line.substring("Caused by: ".length());
            } else if (i > 0 && !line.contains("; ")) {
                continue;
            } else if (i > 0) {
                // ExitStatus joins descriptions with "; ": a trace may start in the middle of a line
                line = line.substring(line.lastIndexOf("; ") + 2);
            }
            int colon = line.indexOf(": ");
            String type = colon < 0 ? line : line.substring(0, colon);
            if (!type.matches("(?:[a-z][\\w]*\\.)+[A-Z][\\w$]*")) {
                continue;
            }
            StringBuilder message = new StringBuilder(colon < 0 ? "" : line.substring(colon + 2));
            String origin = null;
            for (int j = i + 1; j < lines.length; j++) {
                String next = lines[j].strip();
                if (next.startsWith("at ")) {
                    int paren = next.indexOf('(');
                    String frame = next.substring(3, paren < 0 ? next.length() : paren);
                    int dot = frame.lastIndexOf('.');
                    origin = dot < 0 ? frame : frame.substring(0, dot);
                    break;
                }
                if (next.startsWith("Caused by: ") || next.startsWith("...")) {
                    break;
                }
                message.append('\n').append(next);
            }
            headers.add(new Header(type, message.toString().strip(), origin, null));
        }
        // a wrapper made with only its cause carries the cause's "type: message" as its message
        List<Header> linked = new ArrayList<>();
        for (int i = 0; i < headers.size(); i++) {
            Header h = headers.get(i);
            String cause = i + 1 < headers.size() ? headers.get(i + 1).type()
                    + (headers.get(i + 1).message().isEmpty() ? "" : ": " + headers.get(i + 1).message()) : null;
            linked.add(new Header(h.type(), h.message(), h.origin(), cause));
        }
        return linked;
    }
}
