package org.sealing.cli;

import java.util.Locale;

import org.springframework.batch.core.job.JobExecution;

import org.sealing.demo.DemoService;
import org.sealing.run.RunService;
import org.sealing.support.Text;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sealctl demo}: the whole system on the synthetic fourteen-database world. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Creates the synthetic fourteen-database world afresh on the control database's server,"
            + " drops its court feed (with broken lines) into the inbox, runs nightly, and prints the summary and the"
            + " workbook's path.", "Scales: small (about 2,500 arrests, the default), medium (60,000), large (300,000)."})
class DemoCommand extends ContextCommand {

    @Option(names = "--scale", paramLabel = "SCALE", defaultValue = "small",
            description = "small, medium or large (default: ${DEFAULT-VALUE}).")
    private String scale;

    DemoCommand(CliContext context) {
        super(context);
    }

    @Override
    public Integer call() {
        DemoService.Scale chosen;
        try {
            chosen = DemoService.Scale.valueOf(scale.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new org.sealing.support.ConfigurationException("--scale must be small, medium or large, not '"
                    + Text.escape(scale) + "'");
        }
        DemoService demo = context.bean(DemoService.class);
        // SIGTERM or Ctrl-C: stop at the next chunk boundary, restartable
        stopJobsOnSignal();
        DemoService.Prepared world = demo.prepare(chosen, context.configDir());
        if (!context.json()) {
            context.out().printf("demo world (%s): %,d arrests, %,d rows in 14 target databases%n",
                    chosen.name().toLowerCase(Locale.ROOT), world.arrests(), world.rows());
            context.out().printf("court feed in the inbox: %,d orders, %d broken lines, %d reversals%n", world.orders(),
                    world.brokenLines(), world.unsealed());
        }
        JobExecution execution = demo.run(context.configDir());
        return RunCommand.print(context, context.bean(RunService.class), execution);
    }
}
