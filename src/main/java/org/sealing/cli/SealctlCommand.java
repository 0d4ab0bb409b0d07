package org.sealing.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The {@code sealctl} command itself: it only dispatches to its subcommands. */
@Command(name = "sealctl", mixinStandardHelpOptions = true, version = "sealctl 0.1.0",
        description = "Makes target databases obey New York's sealing laws, and proves it to the court.",
        subcommands = {DemoCommand.class, ImportCommand.class, RunCommand.class, StatusCommand.class, RestartCommand.class,
            StopCommand.class, TargetsCommand.class, ReportCommand.class, ScheduleCommand.class, ServeCommand.class,
            BenchCommand.class, AuditCommand.class, VaultCommand.class, WorkerCommand.class,
            CommandLine.HelpCommand.class},
        footer = {"", "Exit codes: 0 done and compliant; 1 the execution failed (restartable); 2 usage or"
            + " configuration error, nothing changed; 3 finished but not compliant; 4 refused."})
public class SealctlCommand implements Runnable {

    private final CliContext context;

    @Spec
    private CommandSpec spec;

    @Mixin
    private GlobalOptions globalOptions;

    public SealctlCommand(CliContext context) {
        this.context = context;
    }

    CliContext context() {
        return context;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command");
    }
}
