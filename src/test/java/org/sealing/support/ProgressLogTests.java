package org.sealing.support;

import java.util.concurrent.atomic.AtomicLong;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import static org.assertj.core.api.Assertions.assertThat;

/** A progress line says what the step has done so far, with the step's execution and target. */
class ProgressLogTests {

    @Test
    void aProgressLineCarriesTheStepsCountsAndItsExecutionAndTarget() {
        Logger logger = (Logger) LoggerFactory.getLogger("progress-test");
        logger.setLevel(ch.qos.logback.classic.Level.INFO);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        AtomicLong rows = new AtomicLong();
        MDC.put("execution", "e7");
        MDC.put("target", "booking");
        ProgressLog progress;
        try {
            progress = ProgressLog.start(logger, () -> "target booking: " + rows.get() + " rows planned so far");
        } finally {
            MDC.clear();
        }
        rows.set(1234);

        try (progress) {
            progress.log();
        } finally {
            logger.detachAppender(lines);
        }

        assertThat(lines.list).hasSize(1);
        ILoggingEvent line = lines.list.get(0);
        assertThat(line.getFormattedMessage()).matches("target booking: 1234 rows planned so far \\(\\d+ s so far\\)");
        assertThat(line.getMDCPropertyMap()).containsEntry("execution", "e7").containsEntry("target", "booking");
        assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
    }
}
