package org.sealing.cli;


import org.sealing.schedule.ServeService;
import picocli.CommandLine.Command;

/** {@code sealctl serve}: the scheduler, until SIGTERM. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Runs the scheduler until SIGTERM; several serve processes on one control database form a"
            + " cluster and each schedule fires once.", "On SIGTERM a running execution stops at its next chunk boundary"
            + " (restartable) and the process exits 0. Health and metrics: http://127.0.0.1:9464/health, /metrics"
            + " (SEALING_SERVE_ADDRESS, SEALING_SERVE_PORT; a port already in use is exit 2)."})
class ServeCommand extends ContextCommand {

    ServeCommand(CliContext context) {
        super(context);
    }

    @Override
    public Integer call() throws Exception {
        return context.bean(ServeService.class).serve(context.configDir());
    }
}
