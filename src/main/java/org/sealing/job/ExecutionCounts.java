package org.sealing.job;

import java.util.Map;

/**
 * The figures of one job's executions, as {@code status} and the command line show them: each job
 * that has figures of its own (an import's accepted and rejected lines, a run's matched and purged
 * rows) contributes them through a bean of this type.
 */
public interface ExecutionCounts {

    /** Whether this contributor knows the job. */
    boolean supports(String jobName);

    /** The figures of an execution, in the order to show them; empty when there are none yet. */
    Map<String, Object> counts(long executionId);

    /** The verdict of an execution, or null when the job has none. */
    default String verdict(long executionId) {
        return null;
    }
}
