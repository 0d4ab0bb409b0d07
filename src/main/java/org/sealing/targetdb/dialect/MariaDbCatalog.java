package org.sealing.targetdb.dialect;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.sealing.catalog.TableName;
import org.sealing.catalog.live.LiveCatalog;
import org.sealing.catalog.live.LiveCatalog.Column;
import org.sealing.catalog.live.LiveCatalog.ForeignKey;
import org.sealing.catalog.live.LiveCatalog.Index;
import org.sealing.catalog.live.LiveCatalog.Table;

/**
 * The queries of {@code information_schema} that a {@link LiveCatalog} of a MariaDB target is read
 * with: a few statements for every table a target file names, whatever their number. A schema is a
 * MariaDB database; a table is visible without its schema in the connection's database. Tables get
 * ids in the order they are read. MariaDB's types are given the names and categories of their
 * PostgreSQL counterparts where the checks ask ({@code datetime} is a {@code timestamp},
 * {@code timestamp} a {@code timestamptz}, {@code tinyint(1)} a {@code bool}). The user's privileges
 * are those granted to the user, to its enabled roles and to {@code PUBLIC}, on the server, on the
 * database (patterns included) or on the table; what {@code information_schema} does not show (a
 * role's grants) is tried with a statement that needs the privilege and changes no row
 * ({@code delete ... where 1 = 0}), in the check's transaction, which is rolled back (see {@link MariaDbGrants}).
 */
final class MariaDbCatalog {

    private static final String SYSTEM_SCHEMAS = "('information_schema', 'mysql', 'performance_schema', 'sys')";

    private final Connection c;
    private final Map<String, Long> ids = new HashMap<>();
    private final Map<Long, String[]> namesById = new HashMap<>();
    private final Map<Long, Table> tables = new LinkedHashMap<>();
    private MariaDbGrants grants;

    private MariaDbCatalog(Connection c) {
        this.c = c;
    }

    /** See {@link TargetDialect#readCatalog(Connection, Collection)}. */
    static LiveCatalog read(Connection c, Collection<TableName> names) throws SQLException {
        return new MariaDbCatalog(c).read(names);
    }

    private LiveCatalog read(Collection<TableName> names) throws SQLException {
        grants = MariaDbGrants.read(c);
        List<String> lowered = names.stream().map(n -> n.table().toLowerCase(Locale.ROOT)).distinct().toList();
        List<String[]> named = new ArrayList<>();
        if (!lowered.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("select table_schema, table_name from information_schema.tables"
                    + " where lower(table_name) in (" + marks(lowered.size()) + ") and table_schema not in "
                    + SYSTEM_SCHEMAS + " and table_type <> 'TEMPORARY' order by table_schema, table_name")) {
                for (int i = 0; i < lowered.size(); i++) {
                    ps.setString(i + 1, lowered.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        named.add(new String[] {rs.getString(1), rs.getString(2)});
                    }
                }
            }
        }
        readTables(named);
        List<ForeignKey> keys = foreignKeys(named);
        // the tables that reference a named one matter too: their keys must not block a purge
        List<String[]> referencing = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        for (ForeignKey k : keys) {
            if (!tables.containsKey(k.child()) && seen.add(k.child())) {
                referencing.add(namesById.get(k.child()));
            }
        }
        readTables(referencing);
        return new LiveCatalog(grants.database(), grants.temporaryAllowed(), tables, List.copyOf(keys));
    }

    private long id(String schema, String name) {
        Long id = ids.get(schema + '\0' + name);
        if (id == null) {
            id = (long) ids.size() + 1;
            ids.put(schema + '\0' + name, id);
            namesById.put(id, new String[] {schema, name});
        }
        return id;
    }

    /** Reads these tables (schema, name) with their columns, indexes and privileges. */
    private void readTables(List<String[]> wanted) throws SQLException {
        if (wanted.isEmpty()) {
            return;
        }
        String in = "(table_schema, table_name) in (" + wanted.stream().map(w -> "(?, ?)")
                .collect(Collectors.joining(", ")) + ")";
        Map<Long, Object[]> found = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("select table_schema, table_name, table_type"
                + " from information_schema.tables where " + in + " order by table_schema, table_name")) {
            bindPairs(ps, 1, wanted);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.put(id(rs.getString(1), rs.getString(2)), new Object[] {rs.getString(1), rs.getString(2),
                        MariaDbTypes.kind(rs.getString(3))});
                }
            }
        }
        Map<Long, Set<String>> granted = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("select table_schema, table_name, privilege_type"
                + " from information_schema.table_privileges where grantee in (" + marks(grants.grantees().size()) + ") and "
                + in)) {
            bindPairs(ps, bind(ps, 1, grants.grantees()), wanted);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    granted.computeIfAbsent(id(rs.getString(1), rs.getString(2)), k -> new HashSet<>())
                            .add(rs.getString(3));
                }
            }
        }
        Map<Long, Map<String, Column>> columns = new HashMap<>();
        Map<Long, Map<String, String>> generation = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("""
                select table_schema, table_name, column_name, data_type, column_type, character_maximum_length,
                       is_nullable, extra, generation_expression, collation_name
                from information_schema.columns where """ + in + " order by table_schema, table_name, ordinal_position")) {
            bindPairs(ps, 1, wanted);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long id = id(rs.getString(1), rs.getString(2));
                    Column column = MariaDbTypes.column(rs.getString(3), rs.getString(4).toLowerCase(Locale.ROOT),
                            rs.getString(5), rs.getLong(6), rs.wasNull(), "NO".equals(rs.getString(7)),
                            rs.getString(8) != null && rs.getString(8).toUpperCase(Locale.ROOT).contains("GENERATED"));
                    column = MariaDbTypes.withCollation(column, rs.getString(10));
                    columns.computeIfAbsent(id, k -> new LinkedHashMap<>()).put(column.name(), column);
                    if (column.generated() && rs.getString(9) != null) {
                        generation.computeIfAbsent(id, k -> new HashMap<>()).put(column.name().toLowerCase(Locale.ROOT),
                                rs.getString(9));
                    }
                }
            }
        }
        Map<Long, List<Index>> indexes = indexes(in, wanted, generation);
        for (Map.Entry<Long, Object[]> e : found.entrySet()) {
            long id = e.getKey();
            String schema = (String) e.getValue()[0];
            String name = (String) e.getValue()[1];
            char kind = (Character) e.getValue()[2];
            Map<String, Column> tableColumns = columns.getOrDefault(id, Map.of());
            Set<String> onTable = granted.getOrDefault(id, Set.of());
            String table = MariaDbDialect.INSTANCE.qualified(schema, name);
            String first = tableColumns.isEmpty() ? null : MariaDbDialect.INSTANCE.quote(tableColumns.keySet().iterator().next());
            boolean plain = kind == 'r';
            boolean select = grants.allowed(onTable, schema, "SELECT", plain, "select 1 from " + table + " where 1 = 0");
            boolean update = grants.allowed(onTable, schema, "UPDATE", plain && first != null, "update " + table + " set "
                    + first + " = " + first + " where 1 = 0");
            boolean delete = grants.allowed(onTable, schema, "DELETE", plain, "delete from " + table + " where 1 = 0");
            tables.put(id, new Table(id, schema, name, kind, schema.equals(grants.database()), select, update, delete,
                    tableColumns, indexes.getOrDefault(id, List.of()), true));
        }
    }

    /**
     * The indexes a query can use (not FULLTEXT or SPATIAL, not ignored), each with its first key: the
     * generation expression of a generated column, else the column's name.
     */
    private Map<Long, List<Index>> indexes(String in, List<String[]> wanted, Map<Long, Map<String, String>> generation)
            throws SQLException {
        Map<Long, Map<String, Object[]>> byName = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("""
                select table_schema, table_name, index_name, non_unique, column_name
                from information_schema.statistics
                where index_type not in ('FULLTEXT', 'SPATIAL') and ignored = 'NO' and""" + " " + in
                + " order by table_schema, table_name, index_name, seq_in_index")) {
            bindPairs(ps, 1, wanted);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long id = id(rs.getString(1), rs.getString(2));
                    Object[] index = byName.computeIfAbsent(id, k -> new LinkedHashMap<>()).computeIfAbsent(
                            rs.getString(3), k -> new Object[] {new ArrayList<String>(), null});
                    @SuppressWarnings("unchecked")
                    List<String> keyColumns = (List<String>) index[0];
                    keyColumns.add(rs.getString(5) == null ? "" : rs.getString(5));
                    index[1] = rs.getInt(4) == 0;
                }
            }
        }
        Map<Long, List<Index>> indexes = new HashMap<>();
        byName.forEach((id, named) -> named.values().forEach(index -> {
            @SuppressWarnings("unchecked")
            List<String> keyColumns = (List<String>) index[0];
            String first = keyColumns.get(0);
            String expression = generation.getOrDefault(id, Map.of()).get(first.toLowerCase(Locale.ROOT));
            indexes.computeIfAbsent(id, k -> new ArrayList<>()).add(new Index(List.copyOf(keyColumns),
                    expression != null ? expression : first, (Boolean) index[1]));
        }));
        return indexes;
    }

    /** The foreign keys from and to these tables, their columns in order. */
    private List<ForeignKey> foreignKeys(List<String[]> named) throws SQLException {
        if (named.isEmpty()) {
            return List.of();
        }
        String pairs = named.stream().map(w -> "(?, ?)").collect(Collectors.joining(", "));
        Map<String, Object[]> keys = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("""
                select k.constraint_schema, k.constraint_name, k.table_schema, k.table_name, k.column_name,
                       k.referenced_table_schema, k.referenced_table_name, k.referenced_column_name, r.delete_rule
                from information_schema.key_column_usage k
                left join information_schema.referential_constraints r on r.constraint_schema = k.constraint_schema
                     and r.constraint_name = k.constraint_name and r.table_name = k.table_name
                where k.referenced_table_name is not null
                  and ((k.table_schema, k.table_name) in (""" + pairs + ")"
                + " or (k.referenced_table_schema, k.referenced_table_name) in (" + pairs + "))"
                + " order by k.constraint_name, k.table_schema, k.table_name, k.ordinal_position")) {
            bindPairs(ps, bindPairs(ps, 1, named), named);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String key = rs.getString(1) + '\0' + rs.getString(3) + '\0' + rs.getString(4) + '\0'
                            + rs.getString(2);
                    Object[] k = keys.get(key);
                    if (k == null) {
                        k = new Object[] {rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(6),
                            rs.getString(7), MariaDbTypes.onDelete(rs.getString(9)), new ArrayList<String>(), new ArrayList<String>()};
                        keys.put(key, k);
                    }
                    @SuppressWarnings("unchecked")
                    List<String> child = (List<String>) k[6];
                    @SuppressWarnings("unchecked")
                    List<String> parent = (List<String>) k[7];
                    child.add(rs.getString(5));
                    parent.add(rs.getString(8));
                }
            }
        }
        List<ForeignKey> result = new ArrayList<>();
        for (Object[] k : keys.values()) {
            @SuppressWarnings("unchecked")
            List<String> child = (List<String>) k[6];
            @SuppressWarnings("unchecked")
            List<String> parent = (List<String>) k[7];
            result.add(new ForeignKey((String) k[0], id((String) k[1], (String) k[2]), k[1] + "." + k[2],
                    List.copyOf(child), id((String) k[3], (String) k[4]), List.copyOf(parent), (Character) k[5]));
        }
        return result;
    }

    static String marks(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "?"));
    }

    static int bind(PreparedStatement ps, int from, List<String> values) throws SQLException {
        int i = from;
        for (String v : values) {
            ps.setString(i++, v);
        }
        return i;
    }

    private static int bindPairs(PreparedStatement ps, int from, List<String[]> pairs) throws SQLException {
        int i = from;
        for (String[] p : pairs) {
            ps.setString(i++, p[0]);
            ps.setString(i++, p[1]);
        }
        return i;
    }
}
