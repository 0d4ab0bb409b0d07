package org.sealing.targetdb;

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
import org.sealing.targetdb.dialect.RemediationSql;
import org.sealing.targetdb.dialect.TargetDialect;

/**
 * The SQL of one table of a target, built only from names its live catalog confirmed, always quoted.
 *
 * <p>Sealed cases are copied into a temporary table of the session ({@link SealedCasesTable}). Each table
 * gets a temporary <em>match set</em>: the key of every row that belongs to a sealed case (one case
 * per row), the case, and whether the row is already in its remediated state ({@code sealing$done}).
 * A child's match set is built from its parent's, so a chain of {@code via} follows the parents'
 * matches whether or not they were remediated before. Plan reads the rows not done; verification
 * counts them. Purge and mask take the keys of a chunk as array parameters (one statement per table
 * and chunk) and skip rows already remediated, so applying twice changes nothing the second time.
 * What differs between engines is the table's dialect's ({@link RemediationSql}); the rest is here.
 */
public final class TableSql {


    private final ResolvedTable table;
    private final TargetDialect d;
    private final RemediationSql r;
    private final String order;
    private final String statute;
    private final String doneColumn;
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
        this.d = table.dialect();
        this.r = d.remediation();
        this.order = d.quote("sealing$order");
        this.statute = d.quote("sealing$statute");
        this.doneColumn = d.quote("sealing$done");
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
        statutes.forEach(s -> in.add(d.literal(s)));
        return in.toString();
    }

    /** The name of a table's match set. */
    static String matchSet(ResolvedTable table) {
        return table.dialect().quote("sealing$m" + table.position());
    }

    private String quote(String name) {
        return d.quote(name);
    }

    /** Builds the table's match set (its parent's must exist already). */
    public List<String> createMatchSet() {
        StringJoiner select = new StringJoiner(", ");
        StringJoiner distinct = new StringJoiner(", ");
        for (Column c : table.keyColumns()) {
            select.add("t." + quote(c.name()));
            distinct.add("t." + quote(c.name()));
        }
        for (Column c : table.carried()) {
            select.add("t." + quote(c.name()));
        }
        String from;
        String caseOrder;
        String caseStatute;
        if (table.parent() == null) {
            StringJoiner on = new StringJoiner(" and ");
            for (FieldMatch f : table.fields()) {
                on.add(condition(f));
            }
            from = table.qualified() + " t join " + SealedCasesTable.name(d) + " c on " + on;
            caseOrder = "c.order_id";
            caseStatute = "c.statute";
        } else {
            StringJoiner on = new StringJoiner(" and ");
            for (JoinPair p : table.join()) {
                on.add("t." + quote(p.child().name()) + " = p." + quote(p.parent().name()));
            }
            from = table.qualified() + " t join " + matchSet(table.parent()) + " p on " + on;
            caseOrder = "p." + order;
            caseStatute = "p." + statute;
        }
        // a row that several cases match is planned once, for the first of them whose statute changes it
        String first = statutes == null ? caseOrder : "(true" + changingOnly(caseStatute) + ") is true desc, " + caseOrder;
        return r.createFirstPerKey(matchSet(table), select + ", " + caseOrder + " as " + order + ", " + caseStatute
                + " as " + statute + ", " + done("t") + " as " + doneColumn, from, distinct.toString(), first);
    }

    private String condition(FieldMatch f) {
        String column = "t." + quote(f.column().name());
        if (f.field() == RegisterField.ARREST_DATE) {
            if (f.column().isDate()) {
                return column + " = c.arrest_date";
            }
            // a time stamp matches the whole day, in a form an index on the column serves
            return "(" + column + " >= c.arrest_date and " + column + " < " + r.nextDay("c.arrest_date") + ")";
        }
        String normalised = f.normalisedColumn() != null ? "t." + quote(f.normalisedColumn())
                : d.normalisedIdentifier(f.column(), "t");
        return normalised + " = c." + f.field().key();
    }

    /** Whether a row (alias {@code t}) is in its remediated state. */
    String done(String alias) {
        if (table.action() == Action.PURGE) {
            return "false";
        }
        StringJoiner all = new StringJoiner(" and ", "(", ")");
        if (table.sealedFlag() != null) {
            all.add("coalesce(" + alias + "." + quote(table.sealedFlag().name()) + ", false)");
        }
        for (MaskedColumn m : table.masked()) {
            String c = alias + "." + quote(m.column().name());
            all.add(switch (m.strategy().kind()) {
                case NULL -> c + " is null";
                case REDACT -> "(" + c + " is null or " + r.sameText(c, d.literal(MaskStrategy.REDACTED)) + ")";
                case HASH -> "(" + c + " is null or " + r.isHash(c) + ")";
                case YEAR_ONLY -> "(" + c + " is null or " + c + " = " + r.yearOnly(c, m.column()) + ")";
                case CONSTANT -> "(" + c + " is null or " + r.sameText(c, d.literal(m.strategy().constant())) + ")";
            });
        }
        return all.toString();
    }

    /** The number of rows of the table. */
    public String countRows() {
        return "select count(*) from " + table.qualified();
    }

    /** The rows to change: key columns as text, then the case's order and statute (one under which they change). */
    public String selectPlan() {
        StringJoiner keys = new StringJoiner(", ");
        for (Column c : table.keyColumns()) {
            keys.add(r.keyText("m." + quote(c.name()), c));
        }
        return "select " + keys + ", m." + order + ", m." + statute + " from " + matchSet(table) + " m where not m."
                + doneColumn + changingOnly("m." + statute);
    }

    /** The rows of sealed cases not in their remediated state, of the statutes under which they change. */
    public String countResidual() {
        return "select count(*) from " + matchSet(table) + " where not " + doneColumn + changingOnly(statute);
    }

    /** The key arrays and any extra arrays as a row source {@code k(k0, ..., h0, ...)}. */
    String keysFrom(int extra) {
        return r.keysSource(table.keyColumns(), extra);
    }

    String keysEqual() {
        StringJoiner on = new StringJoiner(" and ");
        for (int i = 0; i < table.keyColumns().size(); i++) {
            Column c = table.keyColumns().get(i);
            on.add(r.keyEquals("t." + quote(c.name()), "k.k" + i, c));
        }
        return on.toString();
    }

    /** One key compared with its array ({@code = any(...)}, PostgreSQL's cheapest form), or null: joined with the keys. */
    private String keyInArray(int extra) {
        if (table.keyColumns().size() != 1 || extra != 0) {
            return null;
        }
        Column c = table.keyColumns().get(0);
        return r.keyInArray("t." + quote(c.name()), c);
    }

    /** Binds a chunk's key arrays (then any extra arrays) from parameter 1, in the form this table's statements take. */
    public void bindKeys(java.sql.Connection c, java.sql.PreparedStatement ps, List<String[]> arrays)
            throws java.sql.SQLException {
        r.bindKeys(c, ps, 1, arrays);
    }

    /** Deletes the rows of the key arrays. */
    public String purge() {
        String inArray = keyInArray(0);
        if (inArray != null) {
            return "delete from " + table.qualified() + " t where " + inArray;
        }
        return r.deleteJoined(table.qualified(), keysFrom(0), keysEqual());
    }

    /** Whether the target deletes rows and returns them as they were in one statement ({@link #purgeReturning}). */
    public boolean purgesReturning() {
        return r.returnsDeletedRows();
    }

    /** {@link #purge} returning each deleted row whole, then its key as the plan writes it (PostgreSQL). */
    public String purgeReturning() {
        return purge() + " returning " + rowAndKey();
    }

    /** Each row of alias {@code t} whole, then its key columns as the plan writes them. */
    private String rowAndKey() {
        return "t.*, " + keysAsText();
    }

    /** The key columns of alias {@code t} as the plan writes them. */
    private String keysAsText() {
        return String.join(", ", table.keyColumns().stream().map(c -> r.keyText("t." + quote(c.name()), c)).toList());
    }

    /** The rows of the key arrays not yet remediated, locked, then their keys as the plan writes them. */
    public String lockForCopy() {
        String notDone = table.action() == Action.PURGE ? "" : " and not " + done("t");
        return fromKeyArrays(rowAndKey(), notDone)
                + r.forUpdate(keyInArray(0) == null);
    }

    /** The columns masked with {@code hash}, whose new values are computed by the caller. */
    public List<String> hashedColumns() {
        return table.masked().stream().filter(m -> m.strategy().kind() == MaskStrategy.Kind.HASH)
                .map(m -> m.column().name()).toList();
    }

    /** The keys (as text) and the current values of the hashed columns of the rows of the key arrays. */
    public String selectHashed() {
        StringJoiner columns = new StringJoiner(", ");
        columns.add(keysAsText());
        hashedColumns().forEach(c -> columns.add(r.text("t." + quote(c))));
        return fromKeyArrays(columns.toString(), "");
    }

    /** Selects {@code what} of the rows of the key arrays (alias {@code t}) that meet {@code and}. */
    String fromKeyArrays(String what, String and) {
        String inArray = keyInArray(0);
        if (inArray != null) {
            return "select " + what + " from " + table.qualified() + " t where " + inArray + and;
        }
        return "select " + what + " from " + table.qualified() + " t join " + keysFrom(0) + " on " + keysEqual() + and;
    }

    /** Masks the rows of the key arrays not yet remediated; then come the hashed columns' new values (in order). */
    public String mask() {
        StringJoiner set = new StringJoiner(", ");
        int hashed = 0;
        for (MaskedColumn m : table.masked()) {
            String name = quote(m.column().name());
            String c = "t." + name;
            set.add(r.assigned("t", name) + " = " + switch (m.strategy().kind()) {
                case NULL -> "null";
                case REDACT -> "case when " + c + " is null then null else " + d.literal(MaskStrategy.REDACTED) + " end";
                case HASH -> "case when " + c + " is null or " + r.isHash(c) + " then " + c + " else k.h" + hashed++
                        + " end";
                case YEAR_ONLY -> r.yearOnly(c, m.column());
                case CONSTANT -> "case when " + c + " is null then null else " + d.literal(m.strategy().constant())
                        + " end";
            });
        }
        if (table.sealedFlag() != null) {
            set.add(r.assigned("t", quote(table.sealedFlag().name())) + " = true");
        }
        String inArray = keyInArray(hashed);
        if (inArray != null) {
            return "update " + table.qualified() + " t set " + set + " where " + inArray + " and not " + done("t");
        }
        return r.updateJoined(table.qualified(), set.toString(), keysFrom(hashed), keysEqual(), "not " + done("t"));
    }
}
