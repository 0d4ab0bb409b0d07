package org.sealing.job;

import org.springframework.batch.core.job.JobInterruptedException;
import org.springframework.batch.core.scope.context.StepContext;
import org.springframework.batch.core.scope.context.StepSynchronizationManager;
import org.springframework.batch.core.step.StepExecution;

/**
 * How work inside a step learns that its execution must end now, because an operator asked it to
 * stop ({@code sealctl stop}, SIGTERM) or because this process lost the lock that proves it alive, and
 * how it ends its step: STOPPED, without a stack trace, resumable by a restart. (An execution whose
 * lock was lost is then marked FAILED with the reason by {@link ExecutionLivenessListener}.)
 */
public final class StepInterruption {

    private StepInterruption() {
    }

    /** Whether the step the calling thread runs must end now. */
    public static boolean requested() {
        StepContext context = StepSynchronizationManager.getContext();
        return context != null && requested(context.getStepExecution());
    }

    /** Whether this step must end now. */
    public static boolean requested(StepExecution step) {
        return step.isTerminateOnly() || step.getJobExecution().isStopping();
    }

    /**
     * Waits before trying again, and ends the calling step instead as soon as it must end (a backoff
     * is no reason to keep an operator waiting).
     */
    public static void pause(long millis, String what) {
        StepContext context = StepSynchronizationManager.getContext();
        if (!pause(millis, context == null ? null : context.getStepExecution())) {
            throw stopped(what);
        }
    }

    /** Waits before trying again; false, at once, when the step must end instead. */
    public static boolean pause(long millis, StepExecution step) {
        long end = System.nanoTime() + millis * 1_000_000;
        try {
            while (System.nanoTime() < end) {
                if (step != null && requested(step)) {
                    return false;
                }
                Thread.sleep(Math.max(1, Math.min(200, (end - System.nanoTime()) / 1_000_000)));
            }
            return step == null || !requested(step);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * The exception that ends the calling step STOPPED: Spring Batch stops a step on a
     * {@link JobInterruptedException}, or on an exception it causes.
     */
    public static RuntimeException stopped(String what) {
        String message = what + " stopped on request";
        return new Stopped(message, new JobInterruptedException(message));
    }

    /** A step's work ended by a stop request. */
    static final class Stopped extends RuntimeException {
        Stopped(String message, JobInterruptedException cause) {
            super(message, cause, false, false);
        }
    }
}
