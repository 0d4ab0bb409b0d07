package org.sealing.cli;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.sealing.support.Text;
import org.sealing.vault.Recipient;
import org.sealing.vault.RowImage;
import org.sealing.vault.VaultOpener;
import org.sealing.vault.VaultStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sealctl vault open ORDER_ID --recipient KIND --authority REF}: shows one order's sealed rows to
 * one of the statute's recipients under a named authority, and records the opening in the ledger. This is
 * the one place the content of a sealed row reaches stdout; it reaches no log, no ledger and no record.
 */
@Command(name = "open", mixinStandardHelpOptions = true,
        description = {"Shows the sealed content of one order's records to one of the recipients CPL 160.50(1)(d)"
            + " lists, under a named authority, and records the opening (OS user, recipient, authority, time,"
            + " rows) in the hash-chained ledger.",
            "Anything less (no or an unknown recipient, no authority, an order with nothing in the vault) is"
            + " refused with exit code 2, showing and recording nothing."})
class VaultOpenCommand extends ContextCommand {

    /** The longest authority an opening records. */
    static final int AUTHORITY_MAX = 200;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "ORDER_ID", description = "The sealing order whose records are shown.")
    private String orderId;

    @Option(names = "--recipient", paramLabel = "KIND", description = "Who is shown them: accused, prosecutor-acd,"
            + " law-enforcement-court-order, gun-licensing, parole, police-employer or probation.")
    private String recipient;

    @Option(names = "--authority", paramLabel = "REF", description = "The court order or application they are"
            + " shown under (at most " + AUTHORITY_MAX + " printable characters).")
    private String authority;

    VaultOpenCommand(CliContext context) {
        super(context);
    }

    @Override
    public Integer call() throws SQLException {
        // checked before the application starts: a refusal opens and records nothing
        Recipient kind = Recipient.of(recipient).orElseThrow(() -> usage(recipient == null
                ? "Missing required option: '--recipient=KIND' (one of " + String.join(", ", Recipient.words()) + ")"
                : "unknown recipient '" + Text.escape(recipient) + "': one of " + String.join(", ", Recipient.words())));
        String reference = authority == null ? "" : authority.strip();
        if (reference.isEmpty()) {
            throw usage("Missing required option: '--authority=REF' (the court order or application)");
        }
        if (reference.length() > AUTHORITY_MAX || !reference.equals(Text.escape(reference))) {
            throw usage("--authority must be at most " + AUTHORITY_MAX + " printable characters");
        }
        if (orderId.isBlank() || !orderId.equals(Text.escape(orderId))) {
            throw usage("ORDER_ID must be printable and not blank");
        }
        VaultOpener.Opened opened = context.bean(VaultOpener.class).open(orderId, kind, reference,
                System.getProperty("user.name"));
        if (context.json()) {
            printJson(opened);
        } else {
            printText(opened);
        }
        return ExitCodes.OK;
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    private void printText(VaultOpener.Opened opened) {
        var o = opened.opening();
        var out = context.out();
        out.printf("order %s opened to %s under %s: %d sealed row%s (opening %d, ledger entry %d)%n",
                Text.escapeWithBackslashes(o.orderId()), o.recipient(), Text.escape(o.authority()), o.rows(),
                o.rows() == 1 ? "" : "s", o.openingId(), o.ledgerSeq());
        for (VaultStore.OpenedCopy each : opened.copies()) {
            VaultStore.Copy copy = each.copy();
            out.printf("%ntarget %s, table %s, row %s%n", Text.escape(copy.target()), Text.escape(copy.tableName()),
                    Text.escape(copy.rowRef()));
            for (RowImage.Column column : copy.image().columns()) {
                // "is null" has no "=", so a null never reads as a value's text
                out.println(column.value() == null ? "  " + Text.escape(column.name()) + " is null"
                        : "  " + Text.escape(column.name()) + " = " + Text.escape(column.value()));
            }
        }
        out.flush();
    }

    private void printJson(VaultOpener.Opened opened) {
        var o = opened.opening();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (VaultStore.OpenedCopy each : opened.copies()) {
            VaultStore.Copy copy = each.copy();
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("target", copy.target());
            row.put("table", copy.tableName());
            row.put("rowRef", copy.rowRef());
            Map<String, String> columns = new LinkedHashMap<>();
            copy.image().columns().forEach(c -> columns.put(c.name(), c.value()));
            row.put("columns", columns);
            rows.add(row);
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("orderId", o.orderId());
        json.put("recipient", o.recipient());
        json.put("authority", o.authority());
        json.put("openedBy", o.openedBy());
        json.put("openingId", o.openingId());
        json.put("rows", rows);
        Printer.json(context, json);
    }
}
