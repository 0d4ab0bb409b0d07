package org.sealing.apply;

import org.springframework.core.retry.RetryListener;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryState;
import org.springframework.core.retry.Retryable;

import org.sealing.job.RunningStatements;

/**
 * Lets a stop end a retry's pause at once, as it cancels a statement that waits: from a failed try to
 * the next, the waiting thread is registered with {@link RunningStatements}, whose cancel (on a stop
 * request or the loss of the execution's lock) interrupts it; the
 * {@link org.springframework.core.retry.RetryTemplate} then gives up, and the writer ends the step
 * at this chunk boundary. A stop that came before the registration is seen by the policy instead.
 */
final class StoppablePause implements RetryListener, AutoCloseable {

    private final RunningStatements statements;
    private RunningStatements.Registration registration;

    StoppablePause(RunningStatements statements) {
        this.statements = statements;
    }

    @Override
    public void onRetryableExecution(RetryPolicy policy, Retryable<?> retryable, RetryState state) {
        if (!state.isSuccessful() && registration == null) {
            registration = statements.register(Thread.currentThread()::interrupt);
        }
    }

    @Override
    public void beforeRetry(RetryPolicy policy, Retryable<?> retryable, RetryState state) {
        close();
        // a stop that came as the pause ended: the next try must not run (nor carry the interruption)
        if (Thread.interrupted()) {
            throw new ChangeWriter.Interrupted("stopping");
        }
    }

    /** Ends the registration; after it, no cancel interrupts the thread. */
    @Override
    public void close() {
        if (registration != null) {
            registration.close();
            registration = null;
        }
    }
}
