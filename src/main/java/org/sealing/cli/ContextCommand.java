package org.sealing.cli;

import java.util.concurrent.Callable;

import org.sealing.job.GracefulStop;
import picocli.CommandLine.Mixin;

/**
 * What every {@code sealctl} command that works in the application shares: the one
 * {@link CliContext} (handed in by the command factory), the global options mixed in, and an exit
 * code as its result.
 */
abstract class ContextCommand implements Callable<Integer> {

    protected final CliContext context;

    @Mixin
    private GlobalOptions globalOptions;

    ContextCommand(CliContext context) {
        this.context = context;
    }

    /** SIGTERM or Ctrl-C: a job this command runs stops at its next chunk boundary, restartable. */
    protected void stopJobsOnSignal() {
        context.bean(GracefulStop.class).install(false);
    }
}
