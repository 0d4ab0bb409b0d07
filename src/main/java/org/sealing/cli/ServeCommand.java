package org.sealing.cli;

import java.util.concurrent.Callable;

import org.sealing.schedule.ServeService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code sealctl serve}: the scheduler, until SIGTERM. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Runs the scheduler until SIGTERM; several serve processes on one control database form a"
            + " cluster and each schedule fires once.", "On SIGTERM a running execution stops at its next chunk boundary"
            + " (restartable) and the process exits 0. Health and metrics: http://127.0.0.1:9464/health, /metrics"
            + " (SEALING_SERVE_ADDRESS, SEALING_SERVE_PORT; a port already in use is exit 2)."})
class ServeCommand implements Callable<Integer> {

    private final CliContext context;

    @Mixin
    private GlobalOptions globalOptions;

    ServeCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        return context.bean(ServeService.class).serve(context.configDir());
    }
}
