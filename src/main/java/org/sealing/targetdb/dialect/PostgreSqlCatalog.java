package org.sealing.targetdb.dialect;

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
import org.sealing.catalog.TableName;
import org.sealing.catalog.live.LiveCatalog;
import org.sealing.catalog.live.LiveCatalog.Column;
import org.sealing.catalog.live.LiveCatalog.ForeignKey;
import org.sealing.catalog.live.LiveCatalog.Index;
import org.sealing.catalog.live.LiveCatalog.Table;

/**
 * The queries of {@code pg_catalog} that a {@link LiveCatalog} of a PostgreSQL target is read with: a
 * few statements for every table a target file names, whatever their number.
 */
final class PostgreSqlCatalog {

    private PostgreSqlCatalog() {
    }

    /** See {@link TargetDialect#readCatalog(Connection, Collection)}. */
    static LiveCatalog read(Connection c, Collection<TableName> names) throws SQLException {
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
                columns.getOrDefault(oid, Map.of()), indexes.getOrDefault(oid, List.of()), false)));
    }
}
