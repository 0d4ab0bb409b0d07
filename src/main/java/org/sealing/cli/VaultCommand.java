package org.sealing.cli;

import picocli.CommandLine.Command;

/** {@code sealctl vault}: the commands on the vault of sealed rows (today {@code open}). */
@Command(name = "vault", mixinStandardHelpOptions = true, description = "Works with the vault of sealed records.",
        subcommands = VaultOpenCommand.class)
class VaultCommand extends GroupCommand {
}
