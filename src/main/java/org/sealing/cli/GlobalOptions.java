package org.sealing.cli;

import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The options every command takes, before or after the command's name (SPEC section 3): each
 * command mixes them in, and all of them write into the one {@link CliContext}.
 */
public class GlobalOptions {

    @Spec(Spec.Target.MIXEE)
    private CommandSpec mixee;

    private CliContext context() {
        CommandSpec root = mixee;
        while (root.parent() != null) {
            root = root.parent();
        }
        return ((SealctlCommand) root.userObject()).context();
    }

    @Option(names = "--json", description = "Print one JSON object on stdout (logs stay on stderr).")
    void json(boolean json) {
        context().json(json);
    }

    @Option(names = "--config", paramLabel = "DIR",
            description = "Directory of target definitions and schedules (default: jobs).")
    void config(String dir) {
        if (dir != null) {
            context().configDir(dir);
        }
    }
}
