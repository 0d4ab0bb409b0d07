package org.sealing.cli;

import picocli.CommandLine.Command;

/** {@code sealctl audit}: the commands on the audit ledger (today {@code verify}). */
@Command(name = "audit", mixinStandardHelpOptions = true, description = "Works with the audit ledger.",
        subcommands = AuditVerifyCommand.class)
class AuditCommand extends GroupCommand {
}
