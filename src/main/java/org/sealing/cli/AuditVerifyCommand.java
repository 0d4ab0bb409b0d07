package org.sealing.cli;

import java.util.LinkedHashMap;
import java.util.Map;

import org.sealing.ledger.ChainVerification;
import org.sealing.ledger.LedgerChain;
import org.sealing.support.Text;
import picocli.CommandLine.Command;

/** {@code sealctl audit verify}: proves the hash-chained ledger whole, or names its first broken link. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Walks the hash-chained ledger in order, recomputing each entry's hash and the digest of"
            + " the rows each change covers, and names the first link that does not hold.",
            "Exit code 0 when the chain is whole, 3 when it is broken."})
class AuditVerifyCommand extends ContextCommand {

    AuditVerifyCommand(CliContext context) {
        super(context);
    }

    @Override
    public Integer call() {
        ChainVerification result = context.bean(LedgerChain.class).verify();
        if (context.json()) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("whole", result.whole());
            if (result.whole()) {
                json.put("entries", result.entries());
                json.put("head", result.head().hash());
            } else {
                json.put("brokenAt", result.brokenAt());
                json.put("reason", result.what() + ": " + result.reason());
            }
            Printer.json(context, json);
        } else if (result.whole()) {
            context.out().printf("ledger chain whole: %d entries, head %s%n", result.entries(),
                    result.head().hash());
        } else {
            context.out().printf("ledger chain broken at entry %d (%s: %s)%n", result.brokenAt(),
                    Text.escape(result.what()), result.reason());
        }
        return result.whole() ? ExitCodes.OK : ExitCodes.NOT_COMPLIANT;
    }
}
