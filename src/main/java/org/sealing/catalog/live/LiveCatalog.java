package org.sealing.catalog.live;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.sealing.catalog.TableName;

/**
 * What a target database says about the tables a target file names, read by the target's dialect
 * ({@code org.sealing.targetdb.dialect.TargetDialect#readCatalog}) in a few queries: their columns and
 * types, unique and other indexes, the foreign keys from and to them, and what the connected user may
 * do with them. It is the same for every engine: types carry PostgreSQL's names and categories for
 * what the checks ask of them (text, number, date, time stamp, boolean), and tables have ids of the
 * catalog's own (PostgreSQL's object ids, or numbers given while reading).
 */
public final class LiveCatalog {

    /**
     * A column.
     *
     * @param name     its name as the catalog spells it
     * @param type     its type as SQL writes it, with its modifiers (casts to it keep char(n) and varchar(n) intact)
     * @param baseType the name of its type, or of a domain's base type, as PostgreSQL names it where the
     *                 checks ask ({@code date}, {@code timestamp}, {@code timestamptz}, {@code bool},
     *                 {@code text}, {@code varchar}, {@code bpchar}); other engines map theirs to these
     * @param category the type's category ({@code S} string, {@code N} numeric, {@code D} date/time, {@code B}
     *                 boolean; others as PostgreSQL's {@code typcategory}, e.g. {@code E} enum)
     * @param length   the declared length of a character type, else -1
     * @param notNull  whether it is NOT NULL
     * @param generated whether it is a generated column
     */
    public record Column(String name, String type, String baseType, char category, int length, boolean notNull,
            boolean generated) {

        public boolean isText() {
            return category == 'S';
        }

        public boolean isDate() {
            return "date".equals(baseType);
        }

        public boolean isTimestamp() {
            return "timestamp".equals(baseType) || "timestamptz".equals(baseType);
        }

        public boolean isBoolean() {
            return "bool".equals(baseType);
        }

        /**
         * A binary string or a blob ({@code bytea}; MariaDB's {@code binary(n)}, {@code varbinary(n)} and blobs):
         * its values compare byte for byte whatever their declared lengths, and its text is {@code \x} and hex.
         */
        public boolean isBytes() {
            return BYTES.contains(baseType);
        }

        private static final java.util.Set<String> BYTES = java.util.Set.of("bytea", "binary", "varbinary",
                "tinyblob", "blob", "mediumblob", "longblob");

        /** The type as people read it. */
        public String describe() {
            return isText() ? "text" : type;
        }
    }

    /**
     * An index: its key columns (empty names for expressions) and its first key as written (an
     * expression; on an engine that indexes expressions through generated columns, the first column's
     * generation expression).
     */
    public record Index(List<String> columns, String first, boolean unique) {
    }

    /**
     * A table.
     *
     * @param oid     its object id (an id of the catalog's own on engines without object ids)
     * @param schema  its schema (MariaDB: its database)
     * @param name    its name
     * @param kind    {@code r} table, {@code p} partitioned table, else a view ({@code v}), sequence
     *                ({@code S}) or other relation
     * @param visible whether the search path (MariaDB: the connection's database) finds it without its schema
     * @param columnsIgnoreCase whether the engine compares column names without case (MariaDB), so that a
     *                file may spell them either way
     */
    public record Table(long oid, String schema, String name, char kind, boolean visible, boolean canSelect,
            boolean canUpdate, boolean canDelete, Map<String, Column> columns, List<Index> indexes,
            boolean columnsIgnoreCase) {

        public String display() {
            return schema + "." + name;
        }

        public Column column(String name) {
            Column exact = columns.get(name);
            if (exact != null) {
                return exact;
            }
            // an unquoted name in SQL is folded to lower case; a file may spell it either way
            Column folded = columns.get(name.toLowerCase(Locale.ROOT));
            if (folded != null || !columnsIgnoreCase) {
                return folded;
            }
            return columns.values().stream().filter(c -> c.name().equalsIgnoreCase(name)).findFirst().orElse(null);
        }

        /** Whether a unique index (not partial, on plain columns) covers some of these columns only. */
        public boolean uniqueOn(Collection<String> key) {
            return indexes.stream().anyMatch(i -> i.unique() && !i.columns().contains("")
                    && key.containsAll(i.columns()));
        }

        /** Whether an index starts with these columns, in any order. */
        public boolean indexedOn(List<String> leading) {
            return indexes.stream().anyMatch(i -> i.columns().size() >= leading.size()
                    && Set.copyOf(i.columns().subList(0, leading.size())).equals(Set.copyOf(leading)));
        }

        /** Whether an index starts with this expression (compared without casts, spaces, quotes and parentheses). */
        public boolean indexedOnExpression(String expression) {
            String wanted = normaliseExpression(expression);
            return indexes.stream().anyMatch(i -> normaliseExpression(i.first()).equals(wanted));
        }

        /**
         * The generated column that holds this expression and starts an index (MariaDB indexes an expression
         * only so), or null: an expression index of PostgreSQL has no column, and the expression itself is
         * compared there.
         */
        public String columnIndexedOnExpression(String expression) {
            String wanted = normaliseExpression(expression);
            return indexes.stream().filter(i -> !i.columns().isEmpty() && !i.columns().get(0).isEmpty())
                    .filter(i -> !normaliseExpression(i.columns().get(0)).equals(normaliseExpression(i.first())))
                    .filter(i -> normaliseExpression(i.first()).equals(wanted)).map(i -> i.columns().get(0))
                    .findFirst().orElse(null);
        }
    }

    /**
     * A foreign key.
     *
     * @param onDelete {@code a} no action, {@code r} restrict, {@code c} cascade, {@code n} set null, {@code d} set default
     */
    public record ForeignKey(String name, long child, String childDisplay, List<String> childColumns, long parent,
            List<String> parentColumns, char onDelete) {
    }

    private static final Pattern CAST = Pattern.compile("::[a-z_]+(\\[\\])?");

    private final Map<Long, Table> tables;
    private final List<ForeignKey> foreignKeys;
    private final String database;
    private final boolean temporary;

    /**
     * A catalog as a dialect read it.
     *
     * @param database    the connection's database
     * @param temporary   whether the user may create temporary tables in it
     * @param tables      the tables read, by id
     * @param foreignKeys the foreign keys from and to them
     */
    public LiveCatalog(String database, boolean temporary, Map<Long, Table> tables, List<ForeignKey> foreignKeys) {
        this.database = database;
        this.temporary = temporary;
        this.tables = tables;
        this.foreignKeys = foreignKeys;
    }

    /** Whether the user may create temporary tables, where sealed cases and match sets are kept. */
    public boolean canCreateTemporaryTables() {
        return temporary;
    }

    /** The database's name. */
    public String database() {
        return database;
    }

    /**
     * The table of a name: {@code schema.table} exactly, else the one name compared without case;
     * {@code table} alone is the one the search path finds. Null when there is none; a name that fits
     * several tables is an {@link IllegalArgumentException}.
     */
    public Table table(TableName name) {
        List<Table> exact = new ArrayList<>();
        List<Table> folded = new ArrayList<>();
        for (Table t : tables.values()) {
            boolean schemaFits = name.schema() == null ? t.visible() : name.schema().equals(t.schema());
            boolean schemaFolds = name.schema() == null ? t.visible() : name.schema().equalsIgnoreCase(t.schema());
            if (schemaFits && name.table().equals(t.name())) {
                exact.add(t);
            } else if (schemaFolds && name.table().equalsIgnoreCase(t.name())) {
                folded.add(t);
            }
        }
        if (exact.size() == 1) {
            return exact.get(0);
        }
        if (exact.isEmpty() && folded.size() == 1) {
            return folded.get(0);
        }
        if (exact.isEmpty() && folded.isEmpty()) {
            return null;
        }
        throw new IllegalArgumentException("the name " + name + " fits several tables");
    }

    public Table table(long oid) {
        return tables.get(oid);
    }

    /** The foreign keys that reference this table. */
    public List<ForeignKey> referencing(long parent) {
        return foreignKeys.stream().filter(k -> k.parent() == parent).toList();
    }

    /** The foreign keys from one table to another. */
    public List<ForeignKey> between(long child, long parent) {
        return foreignKeys.stream().filter(k -> k.child() == child && k.parent() == parent).toList();
    }

    /**
     * An index definition's text reduced for comparison: no casts, spaces, quotes (double or back),
     * parentheses or case.
     */
    static String normaliseExpression(String expression) {
        if (expression == null) {
            return "";
        }
        String s = expression.replaceAll("\\s+", "").replace("\"", "").replace("`", "").toLowerCase(Locale.ROOT);
        s = CAST.matcher(s).replaceAll("");
        return s.replace("(", "").replace(")", "");
    }
}
