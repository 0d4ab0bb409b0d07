package org.sealing.job;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.scope.context.StepContext;
import org.springframework.batch.core.scope.context.StepSynchronizationManager;
import org.springframework.stereotype.Component;

/**
 * The statements the steps of each execution of this process are running on other databases, so
 * that a stop request, or the loss of the execution's liveness lock, can cancel a statement that
 * waits (on a lock another session holds, say) instead of waiting for it to end.
 */
@Component
public class RunningStatements {

    private static final Logger log = LoggerFactory.getLogger(RunningStatements.class);

    private final Map<Long, Set<Registration>> byExecution = new ConcurrentHashMap<>();

    /**
     * Registers a way to cancel what the calling thread's step runs on a connection, until the
     * registration is closed; outside a step (a check, a test) there is nothing to register.
     */
    public Registration register(Cancel cancel) {
        StepContext step = StepSynchronizationManager.getContext();
        if (step == null) {
            return new Registration(null, cancel);
        }
        Registration registration = new Registration(step.getStepExecution().getJobExecutionId(), cancel);
        // atomic with close(): a set emptied and removed at this moment must not swallow the registration
        byExecution.compute(registration.executionId, (id, set) -> {
            Set<Registration> registrations = set == null ? ConcurrentHashMap.newKeySet() : set;
            registrations.add(registration);
            return registrations;
        });
        return registration;
    }

    /** Cancels every statement the steps of an execution run now. */
    public void cancel(long executionId) {
        for (Registration r : byExecution.getOrDefault(executionId, Set.of())) {
            r.cancel();
        }
    }

    /** Whether an execution has statements registered now. */
    boolean isRunning(long executionId) {
        return !byExecution.getOrDefault(executionId, Set.of()).isEmpty();
    }

    /** How to cancel the statement running on one connection. */
    @FunctionalInterface
    public interface Cancel {
        void cancel() throws Exception;
    }

    /** One connection's registration; closing it ends it (before the connection goes back to its pool). */
    public final class Registration implements AutoCloseable {
        private final Long executionId;
        private final Cancel cancel;
        private boolean closed;

        private Registration(Long executionId, Cancel cancel) {
            this.executionId = executionId;
            this.cancel = cancel;
        }

        private synchronized void cancel() {
            if (closed) {
                return;
            }
            try {
                cancel.cancel();
            } catch (Exception e) {
                log.debug("cannot cancel a statement of execution {}: {}", executionId, e.getMessage());
            }
        }

        /** Ends the registration; a cancel under way finishes first, so none reaches the next borrower. */
        @Override
        public synchronized void close() {
            closed = true;
            if (executionId != null) {
                byExecution.computeIfPresent(executionId, (id, set) -> {
                    set.remove(this);
                    return set.isEmpty() ? null : set;
                });
            }
        }
    }
}
