package org.sealing.cli;

import java.util.List;

import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that only groups subcommands ({@code schedule}, {@code targets}): given alone, it is a
 * usage error that names the subcommands it has.
 */
abstract class GroupCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    @Mixin
    private GlobalOptions globalOptions;

    @Override
    public void run() {
        List<String> names = List.copyOf(spec.subcommands().keySet());
        String listed = names.size() == 1 ? names.get(0)
                : String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand: " + listed);
    }
}
