package org.sealing.catalog.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.sealing.catalog.MaskStrategy;
import org.sealing.catalog.TableRule;
import org.sealing.catalog.live.LiveCatalog.Column;
import org.sealing.catalog.live.LiveCatalog.Table;
import org.sealing.targetdb.ResolvedTarget.MaskedColumn;

/**
 * Each mask strategy fits its column (what it writes, the column can hold and may be written), and a
 * sealed flag is a boolean column.
 */
final class MaskCheck {

    private final Findings findings;

    MaskCheck(Findings findings) {
        this.findings = findings;
    }

    /** The masked columns whose strategies fit. */
    List<MaskedColumn> masks(TableRule rule, Table table) {
        List<MaskedColumn> masked = new ArrayList<>();
        for (Map.Entry<String, MaskStrategy> e : rule.mask().entrySet()) {
            String where = "mask." + e.getKey();
            Column c = findings.column(rule, table, e.getKey(), where);
            if (c == null) {
                continue;
            }
            String problem = misfit(rule, c, e.getValue());
            String unfit = problem != null || e.getValue().kind() != MaskStrategy.Kind.CONSTANT ? null
                    : findings.dialect().unfitText(c, e.getValue().constant());
            if (unfit != null) {
                problem = "'" + e.getValue() + "' on column " + c.name() + " of " + rule.table() + ": " + unfit;
            }
            if (problem != null) {
                findings.error(Findings.at(rule, where), problem);
            } else {
                masked.add(new MaskedColumn(c, e.getValue()));
            }
        }
        return masked;
    }

    /** Why the strategy cannot write the column, or null when it can. */
    private static String misfit(TableRule rule, Column c, MaskStrategy s) {
        if (rule.key().contains(c.name())) {
            return "column " + c.name() + " is part of the key of " + rule.table() + " and cannot be masked";
        }
        if (c.generated()) {
            return "column " + c.name() + " of " + rule.table() + " is generated and cannot be written";
        }
        if (s.kind() == MaskStrategy.Kind.NULL && c.notNull()) {
            return "'null' on NOT NULL column " + c.name() + " of " + rule.table();
        }
        if (s.writesText() && !c.isText()) {
            return "'" + s + "' on " + c.describe() + " column " + c.name() + " of " + rule.table() + ": it writes text";
        }
        if (s.writesText() && c.length() >= 0 && c.length() < s.textLength()) {
            return "'" + s + "' writes " + s.textLength() + " characters; column " + c.name() + " of " + rule.table()
                    + " holds " + c.length();
        }
        if (s.kind() == MaskStrategy.Kind.YEAR_ONLY && !c.isDate() && !c.isTimestamp()) {
            return "'year-only' on " + c.describe() + " column " + c.name() + " of " + rule.table()
                    + ": it needs a date or time stamp";
        }
        return null;
    }

    /** The sealed flag, or null when the rule has none or it is not boolean (an error). */
    Column sealedFlag(TableRule rule, Table table) {
        if (rule.sealedFlag() == null) {
            return null;
        }
        Column c = findings.column(rule, table, rule.sealedFlag(), "sealed-flag");
        if (c != null && !c.isBoolean()) {
            findings.error(Findings.at(rule, "sealed-flag"), "sealed flag " + c.name() + " of " + rule.table() + " is "
                    + c.describe() + ", not boolean");
            return null;
        }
        return c;
    }
}
