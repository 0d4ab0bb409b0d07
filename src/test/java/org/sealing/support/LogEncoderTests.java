package org.sealing.support;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.step.FatalStepExecutionException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A log line is one line: a failure is written with its one-line reason and no stack trace unless
 * {@code org.sealing} logs at DEBUG, Spring Batch's own failure lines are said plainly (or not at
 * all when the target's line says it), and control characters cannot forge a line.
 */
class LogEncoderTests {

    private static final String STEP_LOGGER = "org.springframework.batch.core.step.AbstractStep";

    private LoggerContext loggers;
    private LogEncoder encoder;

    @BeforeEach
    void encoder() {
        loggers = new LoggerContext();
        // as application.properties sets them
        loggers.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(Level.WARN);
        loggers.getLogger("org.sealing").setLevel(Level.INFO);
        encoder = new LogEncoder();
        encoder.setContext(loggers);
        encoder.setPattern("%level %logger{0}: %msg%n");
        encoder.start();
    }

    @Test
    void aFailureIsItsReasonOnOneLineWithoutTheStackTrace() {
        String line = encode("org.sealing.register.Inbox", "cannot move the feed", chunkFailure(), Map.of());

        assertThat(line).isEqualTo("WARN Inbox: cannot move the feed: feed file in/a.csv changed since this import"
                + " began\n");
    }

    @Test
    void atDebugTheStackTraceIsThere() {
        loggers.getLogger("org.sealing").setLevel(Level.DEBUG);

        String line = encode("org.sealing.register.Inbox", "cannot move the feed", chunkFailure(), Map.of());

        assertThat(line).startsWith("WARN Inbox: cannot move the feed\n")
                .contains("Unable to process chunk", "\tat ");
    }

    @Test
    void springBatchsStepFailureIsSaidPlainlyOrLeftToTheTargetsOwnLine() {
        String step = "Encountered an error executing step import in job nightly";

        assertThat(encode(STEP_LOGGER, step, chunkFailure(), Map.of("execution", "e7")))
                .isEqualTo("WARN AbstractStep: step import of job nightly failed: feed file in/a.csv changed since"
                        + " this import began\n");
        assertThat(encode(STEP_LOGGER, "Encountered an error executing step plan.olbs in job remediate",
                chunkFailure(), Map.of("execution", "e7", "target", "olbs"))).isEmpty();
        assertThat(encode("org.springframework.batch.core.step.item.ChunkOrientedStep", "Rolling back chunk"
                + " transaction", chunkFailure(), Map.of())).isEmpty();
    }

    /**
     * A worker whose partition the manager ended (its lock gone) fails to save the step's record: Spring Batch says
     * the job "should not be restarted", which is wrong here (the manager's record stands, and the restart is what
     * completes the execution), so the line says what happened. A save that failed for another reason keeps
     * Spring Batch's warning.
     */
    @Test
    void aStepRecordChangedByAnotherProcessIsNotCalledUnknownNorUnrestartable() {
        String notSaved = "Encountered an error saving batch meta data for step apply.olbs.purge:r1 in job remediate."
                + " This job is now in an unknown state and should not be restarted.";
        Throwable changed = new org.springframework.dao.OptimisticLockingFailureException("Attempt to update step"
                + " execution id=12 with wrong version (3), where current version is 4");

        String line = encode(STEP_LOGGER, notSaved, changed, Map.of("execution", "e7"));

        assertThat(line).isEqualTo("WARN AbstractStep: step apply.olbs.purge:r1 of job remediate was ended by another"
                + " process while it ran here (its record changed under it): the state is not unknown, and a restart"
                + " of the execution completes it\n").doesNotContain("should not be restarted");
        assertThat(encode(STEP_LOGGER, notSaved, new org.springframework.dao.DataAccessResourceFailureException(
                "connection refused"), Map.of("execution", "e7"))).contains("should not be restarted");
    }

    @Test
    void controlCharactersInAMessageAreEscaped() {
        String line = encode("org.sealing.register.Inbox", "refused a\nFAKE ERROR line.csv\u001b[2J", null, Map.of());

        assertThat(line).isEqualTo("WARN Inbox: refused a\\nFAKE ERROR line.csv\\u001b[2J\n");
    }

    private String encode(String logger, String message, Throwable failure, Map<String, String> mdc) {
        LoggingEvent event = new LoggingEvent("test", loggers.getLogger(logger), Level.WARN, message, failure, null);
        event.setMDCPropertyMap(mdc);
        return new String(encoder.encode(event), StandardCharsets.UTF_8);
    }

    private static Throwable chunkFailure() {
        FatalStepExecutionException failure = new FatalStepExecutionException("Unable to process chunk",
                new IllegalStateException("feed file in/a.csv changed since this import began"));
        failure.setStackTrace(new StackTraceElement[] {new StackTraceElement("org.example.Step", "run", null, 1)});
        return failure;
    }
}
