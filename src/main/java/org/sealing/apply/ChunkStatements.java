package org.sealing.apply;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.sealing.control.HmacKey;
import org.sealing.targetdb.ResolvedTarget.ResolvedTable;
import org.sealing.targetdb.TableSql;

/**
 * The statements that change one table's rows of a chunk on a target connection: one statement for
 * all the rows, with the keys as array parameters (in the form of the target's dialect); a mask first reads the hashed columns' current
 * values, since their new value is the HMAC of the old one. Committing is the caller's.
 */
final class ChunkStatements {

    private final HmacKey hmac;

    ChunkStatements(HmacKey hmac) {
        this.hmac = hmac;
    }

    void apply(Connection c, ResolvedTable table, TableSql sql, List<PlanRow> rows) throws SQLException {
        List<String[]> keyArrays = keyArrays(rows, table.key().size());
        if ("PURGE".equals(table.action().name())) {
            execute(c, sql, sql.purge(), keyArrays, List.of());
            return;
        }
        List<String[]> hashes = hashes(c, sql, keyArrays, rows.size());
        execute(c, sql, sql.mask(), keyArrays, hashes);
    }

    /**
     * Purges the rows with one statement that returns them as they were, and commits the sealed ones' copies in
     * the vault before the caller commits the target ({@link VaultCopies}).
     */
    void purgeKeeping(Connection c, ResolvedTable table, TableSql sql, List<PlanRow> rows, VaultCopies copies)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql.purgeReturning())) {
            bind(c, ps, sql, keyArrays(rows, table.key().size()), List.of());
            // the server keeps what the delete returned and hands it over a few rows at a time if they are wide
            ps.setFetchSize(VaultCopies.FIRST_FETCH);
            try (ResultSet rs = ps.executeQuery()) {
                copies.keepRead(table, rs, rows);
            }
        }
    }

    /** The rows' keys as one array per key column, in the rows' order: the parameters of every statement here. */
    static List<String[]> keyArrays(List<PlanRow> rows, int keys) {
        List<String[]> keyArrays = new ArrayList<>();
        for (int k = 0; k < keys; k++) {
            String[] values = new String[rows.size()];
            for (int i = 0; i < rows.size(); i++) {
                values[i] = rows.get(i).key()[k];
            }
            keyArrays.add(values);
        }
        return keyArrays;
    }

    /** The new value of each hashed column of each row: the HMAC of its current value. */
    private List<String[]> hashes(Connection c, TableSql sql, List<String[]> keyArrays, int size) throws SQLException {
        List<String> columns = sql.hashedColumns();
        if (columns.isEmpty()) {
            return List.of();
        }
        Map<String, String[]> current = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(sql.selectHashed())) {
            bind(c, ps, sql, keyArrays, List.of());
            try (ResultSet rs = ps.executeQuery()) {
                int keys = keyArrays.size();
                while (rs.next()) {
                    StringBuilder key = new StringBuilder();
                    for (int k = 0; k < keys; k++) {
                        key.append(rs.getString(k + 1)).append('\u0000');
                    }
                    String[] values = new String[columns.size()];
                    for (int i = 0; i < columns.size(); i++) {
                        String value = rs.getString(keys + i + 1);
                        values[i] = value == null ? null : hmac.hexOf(value);
                    }
                    current.put(key.toString(), values);
                }
            }
        }
        List<String[]> hashes = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            hashes.add(new String[size]);
        }
        for (int row = 0; row < size; row++) {
            StringBuilder key = new StringBuilder();
            for (String[] keyArray : keyArrays) {
                key.append(keyArray[row]).append('\u0000');
            }
            String[] values = current.get(key.toString());
            for (int i = 0; i < columns.size(); i++) {
                hashes.get(i)[row] = values == null ? null : values[i];
            }
        }
        return hashes;
    }

    private static void execute(Connection c, TableSql table, String sql, List<String[]> keyArrays,
            List<String[]> extra) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(c, ps, table, keyArrays, extra);
            ps.executeUpdate();
        }
    }

    /** Binds the key arrays, then the extra ones, in the form the table's dialect takes them ({@link TableSql#bindKeys}). */
    static void bind(Connection c, PreparedStatement ps, TableSql sql, List<String[]> keyArrays, List<String[]> extra)
            throws SQLException {
        List<String[]> arrays = new ArrayList<>(keyArrays);
        arrays.addAll(extra);
        sql.bindKeys(c, ps, arrays);
    }
}
