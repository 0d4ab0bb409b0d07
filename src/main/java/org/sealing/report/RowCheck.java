package org.sealing.report;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

import org.sealing.catalog.Action;
import org.sealing.catalog.MaskStrategy;
import org.sealing.catalog.live.LiveCatalog.Column;
import org.sealing.targetdb.ResolvedTarget;
import org.sealing.targetdb.dialect.RemediationSql;
import org.sealing.targetdb.dialect.TargetDialect;

/**
 * The statement a spot check re-reads one row with, by its key alone (its key values are bound, as
 * text cast to each key column's type): for a purged table whether a row is there at all, for a masked
 * table whether each masked column holds what its strategy writes and the sealed flag is set. It is
 * written here, apart from the match and change statements, so that it checks them rather than
 * repeating them. It reads no value, only whether each condition holds.
 */
final class RowCheck {

    private final ResolvedTarget.ResolvedTable table;
    private final List<String> conditions = new ArrayList<>();
    private final List<String> names = new ArrayList<>();

    RowCheck(ResolvedTarget.ResolvedTable table) {
        this.table = table;
        if (table.action() == Action.MASK) {
            if (table.sealedFlag() != null) {
                String flag = "t." + table.dialect().quote(table.sealedFlag().name());
                conditions.add("coalesce(" + flag + ", false)");
                names.add("sealed flag " + table.sealedFlag().name());
            }
            for (ResolvedTarget.MaskedColumn m : table.masked()) {
                conditions.add(masked(table.dialect(), m));
                names.add(m.column().name());
            }
        }
    }

    /** What the strategy writes, in the engine's functions (the same conditions on every engine). */
    private static String masked(TargetDialect d, ResolvedTarget.MaskedColumn m) {
        RemediationSql r = d.remediation();
        String c = "t." + d.quote(m.column().name());
        return switch (m.strategy().kind()) {
            case NULL -> c + " is null";
            case REDACT -> "(" + c + " is null or " + r.sameText(r.text(c), d.literal(MaskStrategy.REDACTED)) + ")";
            case HASH -> "(" + c + " is null or " + r.isHash(c) + ")";
            case YEAR_ONLY -> "(" + c + " is null or " + c + " = " + r.yearOnly(c, m.column()) + ")";
            case CONSTANT -> "(" + c + " is null or " + r.sameText(r.text(c), d.literal(m.strategy().constant())) + ")";
        };
    }

    /** One row if the key is found: {@code true} then each condition, in order. */
    String sql() {
        StringJoiner what = new StringJoiner(", ");
        what.add("true");
        conditions.forEach(what::add);
        StringJoiner where = new StringJoiner(" and ");
        for (Column k : table.keyColumns()) {
            where.add("t." + table.dialect().quote(k.name()) + " = " + table.dialect().remediation().parameter(k));
        }
        return "select " + what + " from " + table.qualified() + " t where " + where + " limit 1";
    }

    /** What the row's re-reading says: passed or not, and why, in words that name columns only. */
    SpotChecker.Result result(ResultSet rs) throws SQLException {
        boolean found = rs.next();
        if (table.action() == Action.PURGE) {
            return found ? new SpotChecker.Result(false, "STILL PRESENT: a row with its key is in the table")
                    : new SpotChecker.Result(true, "gone: no row with its key");
        }
        if (!found) {
            return new SpotChecker.Result(true, "gone: no row with its key (nothing of it is visible)");
        }
        List<String> unmasked = new ArrayList<>();
        for (int i = 0; i < conditions.size(); i++) {
            if (!rs.getBoolean(i + 2)) {
                unmasked.add(names.get(i));
            }
        }
        if (!unmasked.isEmpty()) {
            return new SpotChecker.Result(false, "NOT MASKED: " + String.join(", ", unmasked));
        }
        return new SpotChecker.Result(true, "masked: " + conditions.size() + " of " + conditions.size()
                + " conditions hold (" + String.join(", ", names) + ")");
    }
}
