package org.sealing.targetdb;

import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import org.sealing.catalog.Action;
import org.sealing.catalog.MaskStrategy;
import org.sealing.catalog.RegisterField;
import org.sealing.catalog.live.LiveCatalog.Column;
import org.sealing.targetdb.ResolvedTarget.FieldMatch;
import org.sealing.targetdb.ResolvedTarget.JoinPair;
import org.sealing.targetdb.ResolvedTarget.MaskedColumn;
import org.sealing.targetdb.ResolvedTarget.ResolvedTable;

/**
 * The SQL of one table of a target, built only from names its live catalog confirmed, always quoted.
 *
 * <p>Sealed cases are copied into a temporary table of the session, {@code sealing$cases}. Each table
 * gets a temporary <em>match set</em>: the key of every row that belongs to a sealed case (one case
 * per row), the case, and whether the row is already in its remediated state ({@code sealing$done}).
 * A child's match set is built from its parent's, so a chain of {@code via} follows the parents'
 * matches whether or not they were remediated before. Plan reads the rows not done; verification
 * counts them. Purge and mask take the keys of a chunk as array parameters (one statement per table
 * and chunk) and skip rows already remediated, so applying twice changes nothing the second time.
 */
public final class TableSql {

    public static final String CASES = "\"sealing$cases\"";
    private static final String ORDER = "\"sealing$order\"";
    private static final String STATUTE = "\"sealing$statute\"";
    private static final String DONE = "\"sealing$done\"";
    private static final String NORMALISE = "upper(regexp_replace(%s, '[^A-Za-z0-9]', '', 'g'))";
    private static final String HASHED = "'^[0-9a-f]{64}$'";

    private final ResolvedTable table;
    /** The statutes under which the table's rows change (the policy's outcome is not none), or null for all. */
    private final List<String> statutes;

    public TableSql(ResolvedTable table) {
        this(table, null);
    }

    /**
     * The SQL of a table whose rows change only under orders of these statutes (null: all of them): a
     * row of a case under any other statute is neither planned nor residual.
     */
    public TableSql(ResolvedTable table, List<String> statutes) {
        this.table = table;
        this.statutes = statutes;
    }

    /** {@code and <statute> in (...)} when only some statutes change the table's rows; empty otherwise. */
    private String changingOnly(String statute) {
        if (statutes == null) {
            return "";
        }
        if (statutes.isEmpty()) {
            return " and false";
        }
        StringJoiner in = new StringJoiner(", ", " and " + statute + " in (", ")");
        statutes.forEach(s -> in.add(Sql.literal(s)));
        return in.toString();
    }

    /** The temporary table of sealed cases of a session (gone with its transaction). */
    public static List<String> createCases() {
        return List.of("create temporary table " + CASES + " (order_id text not null, statute text,"
                + " arrest_number text, nysid text, docket_number text, arrest_date date)");
    }

    /** The COPY that fills it, in the column order of {@link #createCases()}. */
    public static String copyCases() {
        return "copy " + CASES + " (order_id, statute, arrest_number, nysid, docket_number, arrest_date) from stdin";
    }

    /** Statistics for the cases, so that each match is joined the cheapest way. */
    public static List<String> indexCases() {
        return List.of("analyze " + CASES);
    }

    /** The name of a table's match set. */
    static String matchSet(ResolvedTable table) {
        return "\"sealing$m" + table.position() + "\"";
    }

    /**
     * The expression a register identifier is compared with: the column normalised as the register is
     * (with a table alias, or null for the bare column of an index definition).
     */
    public static String normalised(Column column, String alias) {
        String ref = (alias == null ? "" : alias + ".") + Sql.quote(column.name());
        return NORMALISE.formatted("text".equals(column.baseType()) || "varchar".equals(column.baseType())
                ? ref : ref + "::text");
    }

    /** Builds the table's match set (its parent's must exist already). */
    public List<String> createMatchSet() {
        StringJoiner select = new StringJoiner(", ");
        StringJoiner distinct = new StringJoiner(", ");
        for (Column c : table.keyColumns()) {
            select.add("t." + Sql.quote(c.name()));
            distinct.add("t." + Sql.quote(c.name()));
        }
        for (Column c : table.carried()) {
            select.add("t." + Sql.quote(c.name()));
        }
        String from;
        String order;
        String statute;
        if (table.parent() == null) {
            StringJoiner on = new StringJoiner(" and ");
            for (FieldMatch f : table.fields()) {
                on.add(condition(f));
            }
            from = table.qualified() + " t join " + CASES + " c on " + on;
            order = "c.order_id";
            statute = "c.statute";
        } else {
            StringJoiner on = new StringJoiner(" and ");
            for (JoinPair p : table.join()) {
                on.add("t." + Sql.quote(p.child().name()) + " = p." + Sql.quote(p.parent().name()));
            }
            from = table.qualified() + " t join " + matchSet(table.parent()) + " p on " + on;
            order = "p." + ORDER;
            statute = "p." + STATUTE;
        }
        List<String> sql = new ArrayList<>();
        // a row that several cases match is planned once, for the first of them whose statute changes it
        String first = statutes == null ? order : "(true" + changingOnly(statute) + ") is true desc, " + order;
        sql.add("create temporary table " + matchSet(table) + " as select distinct on (" + distinct + ") " + select
                + ", " + order + " as " + ORDER + ", " + statute + " as " + STATUTE + ", " + done("t") + " as " + DONE
                + " from " + from + " order by " + distinct + ", " + first);
        sql.add("analyze " + matchSet(table));
        return sql;
    }

    private static String condition(FieldMatch f) {
        String column = "t." + Sql.quote(f.column().name());
        if (f.field() == RegisterField.ARREST_DATE) {
            if (f.column().isDate()) {
                return column + " = c.arrest_date";
            }
            // a time stamp matches the whole day, in a form an index on the column serves
            return "(" + column + " >= c.arrest_date and " + column + " < c.arrest_date + 1)";
        }
        return normalised(f.column(), "t") + " = c." + f.field().key();
    }

    /** Whether a row (alias {@code t}) is in its remediated state. */
    String done(String alias) {
        if (table.action() == Action.PURGE) {
            return "false";
        }
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
                case YEAR_ONLY -> "(" + c + " is null or " + c + " = " + yearOnly(c, m.column()) + ")";
                case CONSTANT -> "(" + c + " is null or " + c + " = " + Sql.literal(m.strategy().constant()) + ")";
            });
        }
        return all.toString();
    }

    private static String yearOnly(String ref, Column column) {
        return "date_trunc('year', " + ref + ")::" + column.type();
    }

    /** The number of rows of the table. */
    public String countRows() {
        return "select count(*) from " + table.qualified();
    }

    /** The rows to change: key columns as text, then the case's order and statute (one under which they change). */
    public String selectPlan() {
        StringJoiner keys = new StringJoiner(", ");
        for (Column c : table.keyColumns()) {
            keys.add("m." + Sql.quote(c.name()) + "::text");
        }
        return "select " + keys + ", m." + ORDER + ", m." + STATUTE + " from " + matchSet(table) + " m where not m." + DONE
                + changingOnly("m." + STATUTE);
    }

    /** The rows of sealed cases not in their remediated state, of the statutes under which they change. */
    public String countResidual() {
        return "select count(*) from " + matchSet(table) + " where not " + DONE + changingOnly(STATUTE);
    }

    /** {@code unnest(?::text[], ...) as k(k0, ...)} for the key arrays and any extra arrays. */
    String keysFrom(int extra) {
        StringJoiner arrays = new StringJoiner(", ");
        StringJoiner names = new StringJoiner(", ");
        for (int i = 0; i < table.keyColumns().size(); i++) {
            arrays.add("?::text[]");
            names.add("k" + i);
        }
        for (int i = 0; i < extra; i++) {
            arrays.add("?::text[]");
            names.add("h" + i);
        }
        return "unnest(" + arrays + ") as k(" + names + ")";
    }

    String keysEqual() {
        StringJoiner on = new StringJoiner(" and ");
        for (int i = 0; i < table.keyColumns().size(); i++) {
            Column c = table.keyColumns().get(i);
            on.add("t." + Sql.quote(c.name()) + " = k.k" + i + "::" + c.type());
        }
        return on.toString();
    }

    /** Whether the rows of a chunk are found with {@code key = any(array)}, the cheapest form, rather than a join. */
    private boolean singleKey(int extra) {
        return table.keyColumns().size() == 1 && extra == 0;
    }

    /** {@code t.key = any(?::text[]::type[])}: one cast of the whole array, then index lookups. */
    private String keyInArray() {
        Column c = table.keyColumns().get(0);
        return "t." + Sql.quote(c.name()) + " = any(?::text[]::" + c.type() + "[])";
    }

    /** Deletes the rows of the key arrays. */
    public String purge() {
        if (singleKey(0)) {
            return "delete from " + table.qualified() + " t where " + keyInArray();
        }
        return "delete from " + table.qualified() + " t using " + keysFrom(0) + " where " + keysEqual();
    }

    /** The rows of the key arrays not yet remediated, locked, then their keys as the plan writes them. */
    public String lockForCopy() {
        String notDone = table.action() == Action.PURGE ? "" : " and not " + done("t");
        return fromKeyArrays("t.*, " + textOf(table.keyColumns().stream().map(Column::name).toList()), notDone)
                + (singleKey(0) ? " for update" : " for update of t");
    }

    /** The columns masked with {@code hash}, whose new values are computed by the caller. */
    public List<String> hashedColumns() {
        return table.masked().stream().filter(m -> m.strategy().kind() == MaskStrategy.Kind.HASH)
                .map(m -> m.column().name()).toList();
    }

    /** The keys (as text) and the current values of the hashed columns of the rows of the key arrays. */
    public String selectHashed() {
        List<String> columns = new ArrayList<>(table.keyColumns().stream().map(Column::name).toList());
        columns.addAll(hashedColumns());
        return fromKeyArrays(textOf(columns), "");
    }

    private static String textOf(List<String> columns) {
        return String.join(", ", columns.stream().map(c -> "t." + Sql.quote(c) + "::text").toList());
    }

    /** Selects {@code what} of the rows of the key arrays (alias {@code t}) that meet {@code and}. */
    String fromKeyArrays(String what, String and) {
        if (singleKey(0)) {
            return "select " + what + " from " + table.qualified() + " t where " + keyInArray() + and;
        }
        return "select " + what + " from " + table.qualified() + " t join " + keysFrom(0) + " on " + keysEqual() + and;
    }

    /**
     * Masks the rows of the key arrays not yet remediated; then come the arrays of new values of the
     * hashed columns, in the order of {@link #hashedColumns()}.
     */
    public String mask() {
        StringJoiner set = new StringJoiner(", ");
        int hashed = 0;
        for (MaskedColumn m : table.masked()) {
            String name = Sql.quote(m.column().name());
            String c = "t." + name;
            set.add(name + " = " + switch (m.strategy().kind()) {
                case NULL -> "null";
                case REDACT -> "case when " + c + " is null then null else " + Sql.literal(MaskStrategy.REDACTED) + " end";
                case HASH -> "case when " + c + " is null or " + c + "::text ~ " + HASHED + " then " + c + " else k.h"
                        + hashed++ + " end";
                case YEAR_ONLY -> yearOnly(c, m.column());
                case CONSTANT -> "case when " + c + " is null then null else " + Sql.literal(m.strategy().constant())
                        + " end";
            });
        }
        if (table.sealedFlag() != null) {
            set.add(Sql.quote(table.sealedFlag().name()) + " = true");
        }
        if (singleKey(hashed)) {
            return "update " + table.qualified() + " t set " + set + " where " + keyInArray() + " and not " + done("t");
        }
        return "update " + table.qualified() + " t set " + set + " from " + keysFrom(hashed) + " where " + keysEqual()
                + " and not " + done("t");
    }
}
