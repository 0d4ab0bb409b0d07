package org.sealing.support;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.MDC;

/**
 * A line about a long step's progress every 30 seconds for as long as the step runs, even while one
 * statement takes all that time (a long scan, a wait for a lock), so that no step is ever silent for
 * long and an operator can tell a slow run from a stuck one. The line is the step's to write, from
 * counts and names of tables only; it is logged with the step's execution and target.
 */
public final class ProgressLog implements AutoCloseable {

    public static final Duration EVERY = Duration.ofSeconds(30);

    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "progress-log");
        t.setDaemon(true);
        return t;
    });

    private final Logger log;
    private final Supplier<String> line;
    private final Map<String, String> context;
    private final long started = System.nanoTime();
    private volatile ScheduledFuture<?> schedule;

    private ProgressLog(Logger log, Supplier<String> line) {
        this.log = log;
        this.line = line;
        this.context = MDC.getCopyOfContextMap();
    }

    /** Starts logging {@code line} every {@link #EVERY} until closed. */
    public static ProgressLog start(Logger log, Supplier<String> line) {
        ProgressLog progress = new ProgressLog(log, line);
        progress.schedule = TIMER.scheduleAtFixedRate(progress::log, EVERY.toMillis(), EVERY.toMillis(),
                TimeUnit.MILLISECONDS);
        return progress;
    }

    /** Logs the line now, with how long the step has run. */
    void log() {
        Map<String, String> previous = MDC.getCopyOfContextMap();
        try {
            if (context != null) {
                MDC.setContextMap(context);
            }
            log.info("{} ({} s so far)", line.get(), (System.nanoTime() - started) / 1_000_000_000);
        } catch (RuntimeException e) {
            // a progress line must never end the step it reports on
        } finally {
            if (previous == null) {
                MDC.clear();
            } else {
                MDC.setContextMap(previous);
            }
        }
    }

    @Override
    public void close() {
        ScheduledFuture<?> s = schedule;
        if (s != null) {
            s.cancel(false);
        }
    }
}
