package org.sealing.support;

import java.util.Set;
import java.util.regex.Pattern;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxy;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.EncoderBase;
import org.springframework.boot.logging.logback.StructuredLogEncoder;
import org.springframework.dao.OptimisticLockingFailureException;

/**
 * Log lines as plain text or as JSON lines (one logstash-style object per line, with the execution
 * and target of the line as fields), as the setting {@code sealing.log.format} says. Messages never
 * carry personal data; this encoder only chooses their shape.
 *
 * <p>Each event is one line an operator can read: a failure is shown as its one-line reason
 * ({@link FailureMessages}), and its stack trace only when {@code org.sealing} (or the event's own
 * logger) logs at DEBUG; control characters in a plain line are escaped ({@link Text}), so that a file
 * name cannot forge a log line.
 */
public class LogEncoder extends EncoderBase<ILoggingEvent> {

    private static final byte[] NOTHING = new byte[0];
    private static final String STEP_FAILED = "Encountered an error executing step";
    /** Spring Batch's "Encountered an error executing step plan.olbs in job remediate", said plainly. */
    private static final Pattern STEP_FAILURE = Pattern.compile("^" + STEP_FAILED + " (\\S+) in job (\\S+)$");
    /**
     * Spring Batch's words when a step's record could not be saved. Where the save failed because another process
     * had changed the record (a manager that ended a worker's partition, a node that took the execution over), they
     * are wrong for this product: that process ended the step, nothing is in an unknown state, and a restart is
     * what completes the execution.
     */
    private static final Pattern RECORD_NOT_SAVED = Pattern.compile("^Encountered an error saving batch meta data for"
            + " step (\\S+) in job (\\S+)\\. This job is now in an unknown state and should not be restarted\\.$");
    /** Spring Batch's own words for a failure that the step's failure line says again. */
    private static final Set<String> REPEATED = Set.of("Rolling back chunk transaction");

    private String pattern;
    private Encoder<ILoggingEvent> delegate;
    private boolean json;

    public void setPattern(String pattern) {
        this.pattern = pattern;
    }

    @Override
    public void start() {
        String format = getContext() == null ? null : getContext().getProperty("logFormat");
        json = "json".equalsIgnoreCase(format);
        if (json) {
            StructuredLogEncoder structured = new StructuredLogEncoder();
            structured.setContext(getContext());
            structured.setFormat("logstash");
            structured.start();
            delegate = structured;
        } else {
            PatternLayoutEncoder plain = new PatternLayoutEncoder();
            plain.setContext(getContext());
            plain.setPattern(pattern);
            plain.start();
            delegate = plain;
        }
        super.start();
    }

    @Override
    public void stop() {
        if (delegate != null) {
            delegate.stop();
        }
        super.stop();
    }

    @Override
    public byte[] headerBytes() {
        return delegate.headerBytes();
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        ILoggingEvent shown = shown(event);
        return shown == null ? NOTHING : delegate.encode(shown);
    }

    /** The event as it is written, or null when it is not written at all. */
    private ILoggingEvent shown(ILoggingEvent event) {
        IThrowableProxy proxy = event.getThrowableProxy();
        boolean traces = proxy != null && tracesWanted(event);
        if (proxy != null && !traces && repeated(event)) {
            return null;
        }
        String message = event.getFormattedMessage();
        if (proxy != null && message != null && changedElsewhere(proxy)) {
            java.util.regex.Matcher notSaved = RECORD_NOT_SAVED.matcher(message);
            if (notSaved.matches()) {
                return copy(event, Level.WARN, "step " + notSaved.group(1) + " of job " + notSaved.group(2) + " was"
                        + " ended by another process while it ran here (its record changed under it): the state is not"
                        + " unknown, and a restart of the execution completes it", traces ? proxy : null);
            }
        }
        String text = json || message == null ? message : Text.escape(message);
        if (proxy != null && !traces) {
            text = STEP_FAILURE.matcher(text).replaceFirst("step $1 of job $2 failed");
            text = text + ": " + (proxy instanceof ThrowableProxy p ? FailureMessages.of(p.getThrowable())
                    : FailureMessages.ofTrace(proxy.getClassName() + ": " + proxy.getMessage()));
        } else if (text == null || text.equals(message)) {
            return event;
        }
        return copy(event, text, traces ? proxy : null);
    }

    private boolean tracesWanted(ILoggingEvent event) {
        if (!(getContext() instanceof LoggerContext loggers)) {
            return true;
        }
        return loggers.getLogger("org.sealing").isDebugEnabled()
                || loggers.getLogger(event.getLoggerName()).isDebugEnabled();
    }

    /**
     * Spring Batch's failure lines that another line already says: the rollback before a step fails,
     * and the failure of a target's step, which the target's own listener logs with its reason (it
     * sets {@code target} in the MDC for the step's whole run).
     */
    private static boolean repeated(ILoggingEvent event) {
        String message = event.getMessage();
        if (message == null || !event.getLoggerName().startsWith("org.springframework.batch.")) {
            return false;
        }
        return REPEATED.contains(message)
                || (message.startsWith(STEP_FAILED) && event.getMDCPropertyMap().containsKey("target"));
    }

    /** Whether a failure is that a record was changed by another process since this one read it. */
    private static boolean changedElsewhere(IThrowableProxy proxy) {
        if (proxy instanceof ThrowableProxy p) {
            for (Throwable t = p.getThrowable(); t != null; t = t.getCause()) {
                if (t instanceof OptimisticLockingFailureException) {
                    return true;
                }
            }
            return false;
        }
        for (IThrowableProxy p = proxy; p != null; p = p.getCause()) {
            if (OptimisticLockingFailureException.class.getName().equals(p.getClassName())) {
                return true;
            }
        }
        return false;
    }

    private static ILoggingEvent copy(ILoggingEvent event, String message, IThrowableProxy proxy) {
        return copy(event, event.getLevel(), message, proxy);
    }

    private static ILoggingEvent copy(ILoggingEvent event, Level level, String message, IThrowableProxy proxy) {
        LoggingEvent copy = new LoggingEvent();
        copy.setLoggerName(event.getLoggerName());
        copy.setLevel(level);
        copy.setMessage(message);
        copy.setThreadName(event.getThreadName());
        copy.setInstant(event.getInstant());
        copy.setSequenceNumber(event.getSequenceNumber());
        copy.setMDCPropertyMap(event.getMDCPropertyMap());
        copy.setLoggerContextRemoteView(event.getLoggerContextVO());
        if (event.getKeyValuePairs() != null) {
            copy.setKeyValuePairs(event.getKeyValuePairs());
        }
        if (event.getMarkerList() != null) {
            event.getMarkerList().forEach(copy::addMarker);
        }
        if (proxy instanceof ThrowableProxy p) {
            copy.setThrowableProxy(p);
        }
        return copy;
    }

    @Override
    public byte[] footerBytes() {
        return delegate.footerBytes();
    }
}
