package org.sealing.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.JdbcTemplate;

import org.sealing.targetdb.Sql;
import org.sealing.vault.RowImage;
import org.sealing.vault.VaultStore;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a remediation left in the vault, checked against the target rows as they were before it: one copy
 * per sealed plan row, none for a destroyed one, each opening to its row exactly (every column as
 * PostgreSQL's own text form of it).
 */
public final class VaultChecks {

    /** A table's rows before the run, by target and table as the plan names them, then by primary key. */
    private final Map<String, Map<List<String>, Map<String, String>>> before = new HashMap<>();
    private final Map<String, List<String>> keys = new HashMap<>();

    /** Takes every row of the table, each column in the server's text form, keyed by its primary key. */
    public VaultChecks snapshot(String target, Connection c, String schema, String table, String planName)
            throws SQLException {
        List<String> columns = new ArrayList<>();
        List<String> key = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                select a.attname, coalesce(a.attnum = any(i.indkey), false)
                from pg_attribute a left join pg_index i on i.indrelid = a.attrelid and i.indisprimary
                where a.attrelid = (quote_ident(?) || '.' || quote_ident(?))::regclass and a.attnum > 0
                  and not a.attisdropped order by a.attnum
                """)) {
            ps.setString(1, schema);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.add(rs.getString(1));
                    if (rs.getBoolean(2)) {
                        key.add(rs.getString(1));
                    }
                }
            }
        }
        assertThat(key).as("%s.%s has a primary key", schema, table).isNotEmpty();
        // a plain statement is received as text: each value as the server's output function writes it
        String select = columns.stream().map(Sql::quote).collect(Collectors.joining(", "));
        Map<List<String>, Map<String, String>> rows = new HashMap<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select " + select + " from " + Sql.qualified(schema, table))) {
            while (rs.next()) {
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 0; i < columns.size(); i++) {
                    row.put(columns.get(i), rs.getString(i + 1));
                }
                rows.put(key.stream().map(row::get).toList(), row);
            }
        }
        before.put(target + "/" + planName, rows);
        keys.put(target + "/" + planName, key);
        return this;
    }

    /**
     * Asserts that every plan row whose outcome is SEAL has exactly one copy, that no other plan row has
     * one, and that each copy opens to its row as it was in the snapshot.
     *
     * @return how many copies were checked
     */
    public int assertOneExactCopyPerSealedRow(JdbcTemplate control, VaultStore vault) throws SQLException {
        List<Long> sealed = control.queryForList("select plan_id from remediation_plan where outcome = 'SEAL'"
                + " order by plan_id", Long.class);
        assertThat(control.queryForList("select plan_id from vault_copy order by plan_id", Long.class))
                .as("one copy per sealed plan row, none for a destroyed one").isEqualTo(sealed);
        Set<Long> opened = new HashSet<>();
        for (String order : control.queryForList("select distinct order_id from vault_copy", String.class)) {
            vault.copiesOf(order, copy -> {
                VaultStore.Copy c = copy.copy();
                String table = c.target() + "/" + c.tableName();
                assertThat(before).as("a snapshot of %s", table).containsKey(table);
                Map<String, String> image = new LinkedHashMap<>();
                for (RowImage.Column column : c.image().columns()) {
                    image.put(column.name(), column.value());
                }
                List<String> key = keys.get(table).stream().map(image::get).toList();
                assertThat(image).as("the copy of plan row %d (%s)", c.planId(), table)
                        .isEqualTo(before.get(table).get(key));
                assertThat(opened.add(c.planId())).isTrue();
            });
        }
        assertThat(opened).hasSameSizeAs(sealed);
        return opened.size();
    }
}
