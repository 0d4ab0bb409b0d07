package org.sealing.cli;

import java.util.List;

import org.springframework.batch.core.job.JobExecution;

/** The exit codes of SPEC section 3, and the words for why an execution did not complete. */
final class ExitCodes {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
    static final int NOT_COMPLIANT = 3;
    static final int REFUSED = 4;

    private ExitCodes() {
    }

    /** The most specific message of an execution's failures, or its status when it has none. */
    static String failureOf(JobExecution execution) {
        List<Throwable> failures = execution.getAllFailureExceptions();
        if (failures.isEmpty()) {
            return execution.getExitStatus().getExitDescription().isBlank()
                    ? execution.getStatus().name().toLowerCase()
                    : firstLine(execution.getExitStatus().getExitDescription());
        }
        return rootMessage(failures.get(0));
    }

    static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null || message.isBlank() ? root.getClass().getName() : firstLine(message);
    }

    private static String firstLine(String text) {
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }
}
