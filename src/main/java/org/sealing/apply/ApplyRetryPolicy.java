package org.sealing.apply;

import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;

import org.sealing.job.StepInterruption;
import org.sealing.targetdb.TargetFailures;

/**
 * When one table's part of a chunk is tried again, and after what pause, for one
 * {@link org.springframework.core.retry.RetryTemplate} call. It keeps two budgets, which Spring's
 * stock policy (one predicate, one backoff) cannot: a lock timeout is tried
 * {@link TargetFailures#LOCK_TRIES} times in all with {@link TargetFailures#lockPauseMillis} between,
 * and counts nothing against the budget of transient failures (connection lost, deadlock,
 * serialization failure), which are tried five times in all with growing pauses. Nothing else is
 * tried again, and nothing at all once the step must end.
 */
final class ApplyRetryPolicy implements RetryPolicy {

    private static final Logger log = LoggerFactory.getLogger(ApplyRetryPolicy.class);

    /** The pauses after transient failures: 200 ms, 0.8 s, 3.2 s, 8 s, then no more. */
    private static final BackOff TRANSIENT_PAUSES = transientPauses();

    private final String target;
    private final String table;
    private final StepExecution step;
    private final Consumer<String> waitingFor;
    private final BackOffExecution transientPauses = TRANSIENT_PAUSES.start();
    private int transientFailures;
    private int lockTries;
    private long pause;
    private String waited;

    /** {@code waitingFor} hears the table when a pause is to wait for another session's lock. */
    ApplyRetryPolicy(String target, String table, StepExecution step, Consumer<String> waitingFor) {
        this.target = target;
        this.table = table;
        this.step = step;
        this.waitingFor = waitingFor;
    }

    private static BackOff transientPauses() {
        ExponentialBackOff pauses = new ExponentialBackOff(200, 4);
        pauses.setMaxInterval(8_000);
        pauses.setMaxAttempts(4);
        return pauses;
    }

    /** Decides on the failure of the latest try, and the pause before the next (logged here, once). */
    @Override
    public boolean shouldRetry(Throwable failure) {
        if (failure instanceof Error || StepInterruption.requested(step)) {
            return false;
        }
        if (TargetFailures.isLockTimeout(failure)) {
            lockTries++;
            if (lockTries >= TargetFailures.LOCK_TRIES) {
                return false;
            }
            pause = TargetFailures.lockPauseMillis(lockTries);
            waitingFor.accept(table);
            log.warn("target {} table {}: locked by another session; trying again in {} s (try {} of {})",
                    target, table, pause / 1000, lockTries + 1, TargetFailures.LOCK_TRIES);
            return true;
        }
        // a cancel that is not ours (statement_timeout, an administrator) would only happen again
        if (TargetFailures.isCancelled(failure) || !TargetFailures.isTransient(failure)) {
            return false;
        }
        transientFailures++;
        pause = transientPauses.nextBackOff();
        if (pause == BackOffExecution.STOP) {
            return false;
        }
        log.warn("target {} table {}: transient failure ({}); retrying in {} ms", target, table,
                TargetFailures.describe(failure), pause);
        return true;
    }

    /** The pause that {@link #shouldRetry} chose for the failure it just judged. */
    @Override
    public BackOff getBackOff() {
        return () -> () -> pause;
    }

    /** Whether a lock timeout of the try under way would be the last one tried. */
    boolean isLastLockTry() {
        return lockTries + 1 >= TargetFailures.LOCK_TRIES;
    }

    /** The session's lock timeout as PostgreSQL writes it, read after the last lock timeout. */
    void lockTimeoutWas(String waited) {
        this.waited = waited;
    }

    /**
     * What ends trying with this failure: the end of the step, a table that stayed locked, a failure
     * for good (thrown: the writer then tries the rows one by one) or one that kept coming back.
     */
    RuntimeException givingUp(Throwable failure) throws ChangeWriter.PermanentFailure {
        // a stop interrupts a pause (see StoppablePause); the interruption is consumed here either way
        boolean interrupted = Thread.interrupted();
        if (interrupted || StepInterruption.requested(step)) {
            return new ChangeWriter.Interrupted("stopping");
        }
        if (TargetFailures.isLockTimeout(failure)) {
            return new TargetFailures.Locked(table, waited, lockTries);
        }
        if (TargetFailures.isCancelled(failure)) {
            return new IllegalStateException("target " + target + " table " + table + ": "
                    + TargetFailures.describe(failure), failure);
        }
        if (!TargetFailures.isTransient(failure)) {
            throw new ChangeWriter.PermanentFailure(TargetFailures.describe(failure));
        }
        return new IllegalStateException("target " + target + " table " + table + ": still failing after "
                + transientFailures + " attempts: " + TargetFailures.describe(failure), failure);
    }
}
