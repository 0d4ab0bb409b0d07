package org.sealing.job;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import sun.misc.Signal;

/**
 * SIGTERM and SIGINT (Ctrl-C) as operators expect them: an execution running in this process is asked
 * to stop at its next chunk boundary, and a statement it waits on in a target (a lock held by another
 * session) is cancelled, so that it ends STOPPED within seconds and a restart resumes it exactly; a
 * second signal, or a signal with nothing running, ends the process at once. {@code serve} also waits
 * on the first signal to shut its scheduler down.
 * <p>
 * Spring Batch 6's {@code JobExecutionShutdownHook} does not serve here: it calls
 * {@code JobOperator.stop} from a JVM shutdown hook and returns, so the JVM's shutdown (Spring's
 * context closing the pools among it) races the chunk that is finishing and the step's final
 * update; it cannot cancel a statement that waits on a lock in a target; and once shutdown has begun
 * a second signal cannot be told from the first. Hence the signal handlers.
 */
@Component
public class GracefulStop {

    private static final Logger log = LoggerFactory.getLogger(GracefulStop.class);

    private final ExecutionLocks locks;
    private final JobRunner runner;
    private final ExecutionLivenessListener liveness;
    private final CountDownLatch requested = new CountDownLatch(1);
    private final AtomicInteger signals = new AtomicInteger();
    private volatile boolean keepRunningWithoutExecutions;

    public GracefulStop(ExecutionLocks locks, JobRunner runner, ExecutionLivenessListener liveness) {
        this.locks = locks;
        this.runner = runner;
        this.liveness = liveness;
    }

    /** Installs the handlers; {@code serve} passes true, since it has its own shutdown to do. */
    public void install(boolean serving) {
        keepRunningWithoutExecutions = serving;
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                Signal.handle(new Signal(name), this::handle);
            } catch (IllegalArgumentException e) {
                log.debug("cannot handle SIG{}: {}", name, e.getMessage());
            }
        }
    }

    private void handle(Signal signal) {
        int count = signals.incrementAndGet();
        if (count > 1 || (locks.heldExecutions().isEmpty() && !keepRunningWithoutExecutions)) {
            log.warn("SIG{}: exiting now", signal.getName());
            Runtime.getRuntime().halt(128 + signal.getNumber());
        }
        log.warn("SIG{}: stopping at the next chunk boundary (send it again to exit at once)", signal.getName());
        requested.countDown();
        stopRunning();
    }

    /**
     * Asks every execution of this process to stop at its next chunk boundary, and cancels what they
     * wait on in targets.
     */
    public void stopRunning() {
        for (long id : locks.heldExecutions()) {
            try {
                runner.stop(id);
                log.warn("execution {} asked to stop; resume it with: sealctl restart {}", id, id);
            } catch (RuntimeException e) {
                log.warn("cannot stop execution {}: {}", id, e.getMessage());
            }
            // recorded or not, this process stops what it runs: the signal says so
            liveness.interrupt(id);
        }
    }

    /** Waits for the first signal. */
    public void await() throws InterruptedException {
        requested.await();
    }

    public boolean isRequested() {
        return requested.getCount() == 0;
    }
}
