package org.sealing.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

import org.sealing.catalog.Action;
import org.sealing.catalog.MaskStrategy;
import org.sealing.catalog.RegisterField;
import org.sealing.catalog.live.LiveCatalog.Column;
import org.sealing.policy.Outcome;
import org.sealing.policy.Policy;
import org.sealing.targetdb.ResolvedTarget;
import org.sealing.targetdb.ResolvedTarget.FieldMatch;
import org.sealing.targetdb.ResolvedTarget.JoinPair;
import org.sealing.targetdb.ResolvedTarget.MaskedColumn;
import org.sealing.targetdb.ResolvedTarget.ResolvedTable;
import org.sealing.targetdb.Sql;
import org.sealing.targetdb.dialect.PostgreSqlDialect;

/**
 * The statements a person would write by hand to remediate one table, for the contenders that are not
 * the product (naive and limit): the table joined up its chain of parents to the sealed cases shipped
 * into the target as {@value #CASES}, in one statement per table or one per key; the same matching and the
 * same masked values as the product's, so that all three change exactly the same rows the same way (a
 * {@code hash} mask is a plain SHA-256 here: no key, the same shape). A table's rows change only for cases
 * whose statute changes what it holds.
 */
final class ReferenceSql {

    static final String CASES = "bench_case";
    private static final String HASHED = "'^[0-9a-f]{64}$'";

    private final ResolvedTable table;
    private final List<String> statutes;
    /** The statutes under which the table's rows are sealed (kept), not destroyed. */
    private final List<String> sealing;

    ReferenceSql(ResolvedTable table, Policy policy) {
        this.table = table;
        String kind = table.rule().holds();
        List<String> changing = policy.changing(kind);
        this.statutes = changing.size() == Policy.statutes().size() ? null : changing;
        this.sealing = changing.stream().filter(s -> policy.outcome(s, kind) == Outcome.SEAL).toList();
    }

    /** The tables of a target in the order they are remediated: a table before the one it matches through. */
    static List<ResolvedTable> order(ResolvedTarget target) {
        return target.tables().stream().sorted(java.util.Comparator.comparingInt((ResolvedTable t) -> -depth(t))
                .thenComparingInt(ResolvedTable::purgeLevel)).toList();
    }

    private static int depth(ResolvedTable t) {
        return t.parent() == null ? 0 : 1 + depth(t.parent());
    }

    /** The case table of a target, as {@code copy ... from stdin} fills it. */
    static List<String> createCases() {
        return List.of("create table " + CASES + " (order_id text not null, statute text, arrest_number text,"
                + " nysid text, docket_number text, arrest_date date)");
    }

    String table() {
        return table.name();
    }

    Action action() {
        return table.action();
    }

    int keyCount() {
        return table.keyColumns().size();
    }

    /** One set-based statement: every sealed row of the table. */
    String setBased() {
        if (table.action() == Action.PURGE) {
            return "delete from " + table.qualified() + " t0 using " + joins() + " where " + conditions();
        }
        return "update " + table.qualified() + " t0 set " + set() + " from " + joins() + " where " + conditions()
                + " and not " + done("t0");
    }

    /** The keys (as text) of the sealed rows not yet remediated, each once, with one of its cases' orders. */
    String selectKeys() {
        StringJoiner keys = new StringJoiner(", ");
        StringJoiner text = new StringJoiner(", ");
        for (Column c : table.keyColumns()) {
            keys.add("t0." + Sql.quote(c.name()));
            text.add("t0." + Sql.quote(c.name()) + "::text");
        }
        return "select distinct on (" + keys + ") " + text + ", c.order_id from " + table.qualified() + " t0, " + joins()
                + " where " + conditions() + (table.action() == Action.PURGE ? "" : " and not " + done("t0"))
                + " order by " + keys + ", c.order_id";
    }

    /**
     * The originals of the rows to change that are sealed (kept) rather than destroyed, each once, as
     * {@code COPY ... TO STDOUT} writes them: the table's name and the row as JSON; null when the policy
     * destroys all of them.
     */
    String copySealed() {
        if (sealing.isEmpty()) {
            return null;
        }
        StringJoiner keys = new StringJoiner(", ");
        table.keyColumns().forEach(c -> keys.add("t0." + Sql.quote(c.name())));
        StringJoiner in = new StringJoiner(", ", "c.statute in (", ")");
        sealing.forEach(s -> in.add(Sql.literal(s)));
        return "copy (select distinct on (" + keys + ") " + Sql.literal(table.name()) + ", row_to_json(t0)::text from "
                + table.qualified() + " t0, " + joins() + " where " + conditions() + " and " + in
                + (table.action() == Action.PURGE ? "" : " and not " + done("t0")) + ") to stdout";
    }

    /** The statement over arrays of keys: one text array per key column. */
    String byArrays() {
        String where;
        String from = "";
        if (keyCount() == 1) {
            Column c = table.keyColumns().get(0);
            where = "t0." + Sql.quote(c.name()) + " = any(?::text[]::" + c.type() + "[])";
        } else {
            StringJoiner arrays = new StringJoiner(", ");
            StringJoiner names = new StringJoiner(", ");
            StringJoiner on = new StringJoiner(" and ");
            for (int i = 0; i < keyCount(); i++) {
                Column c = table.keyColumns().get(i);
                arrays.add("?::text[]");
                names.add("k" + i);
                on.add("t0." + Sql.quote(c.name()) + " = k.k" + i + "::" + c.type());
            }
            from = "unnest(" + arrays + ") as k(" + names + ")";
            where = on.toString();
        }
        if (table.action() == Action.PURGE) {
            return "delete from " + table.qualified() + " t0" + (from.isEmpty() ? "" : " using " + from) + " where " + where;
        }
        return "update " + table.qualified() + " t0 set " + set() + (from.isEmpty() ? "" : " from " + from) + " where "
                + where + " and not " + done("t0");
    }

    /** The statement for one row, its key columns as text parameters. */
    String byKey() {
        StringJoiner where = new StringJoiner(" and ");
        for (Column c : table.keyColumns()) {
            where.add("t0." + Sql.quote(c.name()) + " = ?::" + c.type());
        }
        if (table.action() == Action.PURGE) {
            return "delete from " + table.qualified() + " t0 where " + where;
        }
        return "update " + table.qualified() + " t0 set " + set() + " where " + where + " and not " + done("t0");
    }

    /** The parents up to the table that matches on register fields, then the cases. */
    private String joins() {
        List<String> from = new ArrayList<>();
        int i = 1;
        for (ResolvedTable p = table.parent(); p != null; p = p.parent()) {
            from.add(p.qualified() + " t" + i++);
        }
        from.add(CASES + " c");
        return String.join(", ", from);
    }

    private String conditions() {
        StringJoiner on = new StringJoiner(" and ");
        int i = 0;
        ResolvedTable t = table;
        for (; t.parent() != null; t = t.parent(), i++) {
            for (JoinPair p : t.join()) {
                on.add("t" + i + "." + Sql.quote(p.child().name()) + " = t" + (i + 1) + "." + Sql.quote(p.parent().name()));
            }
        }
        String root = "t" + i;
        for (FieldMatch f : t.fields()) {
            String column = root + "." + Sql.quote(f.column().name());
            if (f.field() != RegisterField.ARREST_DATE) {
                on.add(PostgreSqlDialect.INSTANCE.normalisedIdentifier(f.column(), root) + " = c." + f.field().key());
            } else if (f.column().isDate()) {
                on.add(column + " = c.arrest_date");
            } else {
                on.add(column + " >= c.arrest_date and " + column + " < c.arrest_date + 1");
            }
        }
        if (statutes != null) {
            StringJoiner in = new StringJoiner(", ", "c.statute in (", ")");
            statutes.forEach(s -> in.add(Sql.literal(s)));
            on.add(statutes.isEmpty() ? "false" : in.toString());
        }
        return on.toString();
    }

    /** The SET clause of the mask: each column's strategy, and the sealed flag. */
    private String set() {
        StringJoiner set = new StringJoiner(", ");
        for (MaskedColumn m : table.masked()) {
            String name = Sql.quote(m.column().name());
            String c = "t0." + name;
            set.add(name + " = " + switch (m.strategy().kind()) {
                case NULL -> "null";
                case REDACT -> "case when " + c + " is null then null else " + Sql.literal(MaskStrategy.REDACTED) + " end";
                case HASH -> "case when " + c + " is null or " + c + "::text ~ " + HASHED + " then " + c
                        + " else encode(sha256(convert_to(" + c + "::text, 'UTF8')), 'hex') end";
                case YEAR_ONLY -> "date_trunc('year', " + c + ")::" + m.column().type();
                case CONSTANT -> "case when " + c + " is null then null else " + Sql.literal(m.strategy().constant()) + " end";
            });
        }
        if (table.sealedFlag() != null) {
            set.add(Sql.quote(table.sealedFlag().name()) + " = true");
        }
        return set.toString();
    }

    /** Whether a row is in its remediated state: its flag set and each masked column as its strategy writes it. */
    private String done(String alias) {
        StringJoiner all = new StringJoiner(" and ", "(", ")");
        if (table.sealedFlag() != null) {
            all.add("coalesce(" + alias + "." + Sql.quote(table.sealedFlag().name()) + ", false)");
        }
        for (MaskedColumn m : table.masked()) {
            String c = alias + "." + Sql.quote(m.column().name());
            all.add(switch (m.strategy().kind()) {
                case NULL -> c + " is null";
                case REDACT -> "(" + c + " is null or " + c + " = " + Sql.literal(MaskStrategy.REDACTED) + ")";
                case HASH -> "(" + c + " is null or " + c + "::text ~ " + HASHED + ")";
                case YEAR_ONLY -> "(" + c + " is null or " + c + " = date_trunc('year', " + c + ")::" + m.column().type() + ")";
                case CONSTANT -> "(" + c + " is null or " + c + " = " + Sql.literal(m.strategy().constant()) + ")";
            });
        }
        return all.toString();
    }
}
