package org.sealing.targetdb;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.sealing.catalog.TableName;

/**
 * What a target database says about the tables a target file names, read from {@code pg_catalog} in
 * a few queries: their columns and types, unique and other indexes, the foreign keys from and to
 * them, and what the connected user may do with them.
 */
public final class LiveCatalog {

    /**
     * A column.
     *
     * @param name     its name as the catalog spells it
     * @param type     its type as SQL writes it, with its modifiers (casts to it keep char(n) and varchar(n) intact)
     * @param baseType the name of its type, or of a domain's base type
     * @param category the type's category ({@code S} string, {@code N} numeric, {@code D} date/time, {@code B} boolean)
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

        /** The type as people read it. */
        public String describe() {
            return isText() ? "text" : type;
        }
    }

    /** An index: its key columns (empty names for expressions) and its first key as written. */
    record Index(List<String> columns, String first, boolean unique) {
    }

    /**
     * A table.
     *
     * @param oid     its object id
     * @param schema  its schema
     * @param name    its name
     * @param kind    {@code r} table, {@code p} partitioned table, else a view or other relation
     * @param visible whether the search path finds it without its schema
     */
    public record Table(long oid, String schema, String name, char kind, boolean visible, boolean canSelect,
            boolean canUpdate, boolean canDelete, Map<String, Column> columns, List<Index> indexes) {

        public String qualified() {
            return Sql.qualified(schema, name);
        }

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
            return folded;
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

    private LiveCatalog(String database, boolean temporary, Map<Long, Table> tables, List<ForeignKey> foreignKeys) {
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
     * Reads the catalog entries of the tables with these names (any schema; names compared without
     * case), of every table with a foreign key to one of them, and of those keys.
     */
    public static LiveCatalog read(Connection c, Collection<TableName> names) throws SQLException {
        Set<String> lowered = new LinkedHashSet<>();
        names.forEach(n -> lowered.add(n.table().toLowerCase(Locale.ROOT)));
        String database;
        boolean temporary;
        try (PreparedStatement ps = c.prepareStatement("select current_database(),"
                + " has_database_privilege(current_database(), 'TEMPORARY')"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            database = rs.getString(1);
            temporary = rs.getBoolean(2);
        }
        Map<Long, Table> tables = new LinkedHashMap<>();
        readTables(c, "lower(c.relname) = any(?)", c.createArrayOf("text", lowered.toArray()), tables);
        List<ForeignKey> keys = new ArrayList<>();
        Long[] oids = tables.keySet().toArray(new Long[0]);
        try (PreparedStatement ps = c.prepareStatement("""
                select con.conname, con.conrelid::bigint, cn.nspname || '.' || cc.relname, con.confrelid::bigint,
                       con.confdeltype::text,
                       array(select a.attname::text from unnest(con.conkey) with ordinality u(n, o)
                             join pg_attribute a on a.attrelid = con.conrelid and a.attnum = u.n order by u.o),
                       array(select a.attname::text from unnest(con.confkey) with ordinality u(n, o)
                             join pg_attribute a on a.attrelid = con.confrelid and a.attnum = u.n order by u.o)
                from pg_constraint con
                join pg_class cc on cc.oid = con.conrelid
                join pg_namespace cn on cn.oid = cc.relnamespace
                where con.contype = 'f' and con.conparentid = 0
                  and (con.conrelid::bigint = any(?) or con.confrelid::bigint = any(?))
                order by con.conname""")) {
            Array array = c.createArrayOf("bigint", oids);
            ps.setArray(1, array);
            ps.setArray(2, array);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    keys.add(new ForeignKey(rs.getString(1), rs.getLong(2), rs.getString(3),
                            List.of((String[]) rs.getArray(6).getArray()), rs.getLong(4),
                            List.of((String[]) rs.getArray(7).getArray()), rs.getString(5).charAt(0)));
                }
            }
        }
        // the tables that reference a named one matter too: their keys must not block a purge
        Set<Long> referencing = new LinkedHashSet<>();
        for (ForeignKey k : keys) {
            if (!tables.containsKey(k.child())) {
                referencing.add(k.child());
            }
        }
        if (!referencing.isEmpty()) {
            readTables(c, "c.oid::bigint = any(?)", c.createArrayOf("bigint", referencing.toArray()), tables);
        }
        return new LiveCatalog(database, temporary, tables, List.copyOf(keys));
    }

    private static void readTables(Connection c, String condition, Array parameter, Map<Long, Table> into)
            throws SQLException {
        Map<Long, Object[]> found = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("""
                select c.oid::bigint, n.nspname, c.relname, c.relkind::text, pg_table_is_visible(c.oid),
                       has_table_privilege(c.oid, 'SELECT'), has_table_privilege(c.oid, 'UPDATE'),
                       has_table_privilege(c.oid, 'DELETE')
                from pg_class c join pg_namespace n on n.oid = c.relnamespace
                where c.relkind in ('r', 'p', 'v', 'm', 'f')
                  and n.nspname not in ('pg_catalog', 'information_schema')
                  and n.nspname not like 'pg\\_toast%' and n.nspname not like 'pg\\_temp%'""" + " and " + condition)) {
            ps.setArray(1, parameter);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.put(rs.getLong(1), new Object[] {rs.getString(2), rs.getString(3), rs.getString(4).charAt(0),
                        rs.getBoolean(5), rs.getBoolean(6), rs.getBoolean(7), rs.getBoolean(8)});
                }
            }
        }
        if (found.isEmpty()) {
            return;
        }
        Array oids = c.createArrayOf("bigint", found.keySet().toArray());
        Map<Long, Map<String, Column>> columns = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("""
                select a.attrelid::bigint, a.attname, format_type(a.atttypid, a.atttypmod), coalesce(bt.typname, t.typname),
                       coalesce(bt.typcategory, t.typcategory)::text, a.atttypmod, a.attnotnull, a.attgenerated <> ''
                from pg_attribute a
                join pg_type t on t.oid = a.atttypid
                left join pg_type bt on t.typtype = 'd' and bt.oid = t.typbasetype
                where a.attrelid::bigint = any(?) and a.attnum > 0 and not a.attisdropped
                order by a.attrelid, a.attnum""")) {
            ps.setArray(1, oids);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String baseType = rs.getString(4);
                    int typmod = rs.getInt(6);
                    int length = ("varchar".equals(baseType) || "bpchar".equals(baseType)) && typmod >= 4 ? typmod - 4 : -1;
                    columns.computeIfAbsent(rs.getLong(1), k -> new LinkedHashMap<>()).put(rs.getString(2),
                            new Column(rs.getString(2), rs.getString(3), baseType, rs.getString(5).charAt(0), length,
                                    rs.getBoolean(7), rs.getBoolean(8)));
                }
            }
        }
        Map<Long, List<Index>> indexes = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("""
                select i.indrelid::bigint, i.indisunique and i.indpred is null and i.indimmediate,
                       array(select coalesce(a.attname::text, '') from unnest(i.indkey::int2[]) with ordinality u(n, o)
                             left join pg_attribute a on a.attrelid = i.indrelid and a.attnum = u.n
                             where u.o <= i.indnkeyatts order by u.o),
                       pg_get_indexdef(i.indexrelid, 1, true)
                from pg_index i
                where i.indrelid::bigint = any(?) and i.indisvalid""")) {
            ps.setArray(1, oids);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    indexes.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(new Index(
                            List.of((String[]) rs.getArray(3).getArray()), rs.getString(4), rs.getBoolean(2)));
                }
            }
        }
        found.forEach((oid, f) -> into.put(oid, new Table(oid, (String) f[0], (String) f[1], (Character) f[2],
                (Boolean) f[3], (Boolean) f[4], (Boolean) f[5], (Boolean) f[6],
                columns.getOrDefault(oid, Map.of()), indexes.getOrDefault(oid, List.of()))));
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

    /** An index definition's text reduced for comparison: no casts, spaces, quotes, parentheses or case. */
    static String normaliseExpression(String expression) {
        if (expression == null) {
            return "";
        }
        String s = expression.replaceAll("\\s+", "").replace("\"", "").toLowerCase(Locale.ROOT);
        s = CAST.matcher(s).replaceAll("");
        return s.replace("(", "").replace(")", "");
    }
}
