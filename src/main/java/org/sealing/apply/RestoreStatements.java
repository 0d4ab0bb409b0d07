package org.sealing.apply;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.jdbc.core.JdbcTemplate;

import org.sealing.targetdb.ResolvedTarget;
import org.sealing.targetdb.ResolvedTarget.ResolvedTable;
import org.sealing.targetdb.RestoreSql;
import org.sealing.targetdb.TableSql;
import org.sealing.vault.RowImage;
import org.sealing.vault.VaultStore;

/**
 * Puts one table's rows of a restore chunk back on a target connection (SPEC section 7, unsealing), from
 * their vault copies: a purged row is inserted again with its exact values, a masked row gets its masked
 * columns and sealed flag back. Committing is the caller's.
 *
 * <p>Nothing is overwritten. The rows under the chunk's keys are locked and read first, and each restore
 * row is decided on what is there now:
 * <ul>
 * <li>a purged row: absent, it is inserted (once its parent is back: {@link RestoreParents}); present and
 * equal to its copy in every column the copy has, it was restored already (a chunk done again after a crash)
 * and counts as restored; present and different, it is a <em>conflict</em> (a new row under the same key);</li>
 * <li>a masked row: its restored columns equal to the copy's, it was restored already; still in its
 * remediated state, its columns are put back; otherwise (its masked columns changed since, or the row is
 * gone) it is a conflict.</li>
 * </ul>
 * A copy is compared with the row as this session writes the copy's values ({@link SessionText}): a run in
 * another time zone than the one that sealed the row finds it equal all the same. A row sealed more than once
 * (its newest copy restores it) takes a masked column that the newest copy holds masked from its older copies.
 * A conflict changes nothing and keeps the copy: it is an exception for a person to resolve, and the next
 * run tries again. A row whose copy is missing is a conflict too, with its own reason.
 */
final class RestoreStatements {

    private final VaultStore vault;
    private final RestoreParents parents;
    /** The generated columns of each table, read once. */
    private final Map<String, Set<String>> generated = new ConcurrentHashMap<>();

    RestoreStatements(VaultStore vault, JdbcTemplate control, long runId, ResolvedTarget target) {
        this.vault = vault;
        this.parents = new RestoreParents(vault, control, runId, target);
    }

    /**
     * Restores the rows; returns the conflicts, by plan row, with their reasons (no value in them). The shape
     * of a {@link TableApplier.Part}: a restore builds its own SQL ({@link RestoreSql}), not the change's.
     */
    Map<Long, String> apply(Connection c, ResolvedTable table, TableSql changeSql, List<PlanRow> rows)
            throws SQLException {
        RestoreSql sql = new RestoreSql(table);
        Map<Long, String> conflicts = new LinkedHashMap<>();
        // a few rows at a time, not a whole chunk of megabyte photographs at once: runs whose copies (a masked row's
        // older copies with them) take at most 16 MB as kept, one row at least, all in the chunk's transaction (a
        // table's rows never wait on each other)
        for (List<PlanRow> few : vault.inRuns(rows, r -> r.restoring().planId(), VaultCopies.BYTES_AT_ONCE)) {
            conflicts.putAll(restore(c, table, sql, few));
        }
        return conflicts;
    }

    private Map<Long, String> restore(Connection c, ResolvedTable table, RestoreSql sql, List<PlanRow> rows)
            throws SQLException {
        List<Long> copyIds = rows.stream().map(r -> r.restoring().planId()).toList();
        Map<Long, RowImage> copies = withOlderCopies(sql, rows, vault.open(copyIds));
        Map<List<String>, Present> present = lock(c, table, sql, rows);
        Map<Long, RowImage> judged = SessionText.render(c, copiesOfPresent(rows, copies, present));
        Map<Long, String> conflicts = new LinkedHashMap<>();
        List<PlanRow> inserts = new ArrayList<>();
        List<PlanRow> unmasks = new ArrayList<>();
        for (PlanRow row : rows) {
            RowImage copy = judged.getOrDefault(row.restoring().planId(), copies.get(row.restoring().planId()));
            if (copy == null) {
                conflicts.put(row.planId(), "its vault copy is missing");
                continue;
            }
            Present now = present.get(List.of(row.key()));
            if ("PURGE".equals(row.restoring().action())) {
                if (now == null) {
                    inserts.add(row);
                } else if (!now.image().agreesWith(copy, columnsOf(copy))) {
                    conflicts.put(row.planId(), "a row under its key exists and is not the sealed original");
                }
            } else if (table.action() != org.sealing.catalog.Action.MASK) {
                // what was masked, and how, is the rule's: a rule that masks no more cannot say what to put back
                conflicts.put(row.planId(), "it was masked, and the table's rule no longer masks");
            } else if (now == null) {
                conflicts.put(row.planId(), "the masked row is gone");
            } else if (!now.image().agreesWith(copy, sql.restoredColumns())) {
                if (now.remediated()) {
                    unmasks.add(row);
                } else {
                    conflicts.put(row.planId(), "its masked columns changed since it was sealed");
                }
            }
        }
        Map<Long, String> waiting = parents.waiting(c, table, inserts, copies);
        conflicts.putAll(waiting);
        inserts.removeIf(row -> waiting.containsKey(row.planId()));
        parents.noteConflicts(table, rows, conflicts, copies);
        insert(c, table, sql, inserts, copies);
        unmask(c, table, sql, unmasks, copies);
        return conflicts;
    }

    /** The copies of the rows that are in the target now: those a restore compares. */
    private static Map<Long, RowImage> copiesOfPresent(List<PlanRow> rows, Map<Long, RowImage> copies,
            Map<List<String>, Present> present) {
        Map<Long, RowImage> compared = new HashMap<>();
        for (PlanRow row : rows) {
            RowImage copy = copies.get(row.restoring().planId());
            if (copy != null && present.containsKey(List.of(row.key()))) {
                compared.put(row.restoring().planId(), copy);
            }
        }
        return compared;
    }

    /**
     * The copies of masked rows with each restored column that the copy holds in its masked form taken from the
     * newest older copy of the row (under the same order) that holds it otherwise: a row masked, then partly
     * unmasked by someone and masked again, has in its newest copy the columns nobody touched still masked.
     */
    private Map<Long, RowImage> withOlderCopies(RestoreSql sql, List<PlanRow> rows, Map<Long, RowImage> copies)
            throws SQLException {
        List<Long> masked = rows.stream().filter(r -> !"PURGE".equals(r.restoring().action()))
                .map(r -> r.restoring().planId()).filter(copies::containsKey).toList();
        Map<Long, List<RowImage>> older = vault.olderCopies(masked);
        if (older.isEmpty()) {
            return copies;
        }
        Map<Long, RowImage> merged = new HashMap<>(copies);
        older.forEach((planId, olderImages) -> {
            List<RowImage.Column> columns = new ArrayList<>(copies.get(planId).columns());
            for (int i = 0; i < columns.size(); i++) {
                RowImage.Column column = columns.get(i);
                if (!sql.restoredColumns().contains(column.name()) || !sql.inMaskedForm(column.name(), column.value())) {
                    continue;
                }
                for (RowImage image : olderImages) {
                    RowImage.Column before = image.column(column.name());
                    if (before != null && !sql.inMaskedForm(column.name(), before.value())) {
                        columns.set(i, new RowImage.Column(column.name(), column.type(), before.value()));
                        break;
                    }
                }
            }
            merged.put(planId, new RowImage(columns));
        });
        return merged;
    }

    private static List<String> columnsOf(RowImage image) {
        return image.columns().stream().map(RowImage.Column::name).toList();
    }

    /** A row as it is now: its image and whether it is in its remediated state. */
    private record Present(RowImage image, boolean remediated) {
    }

    private static Map<List<String>, Present> lock(Connection c, ResolvedTable table, RestoreSql sql,
            List<PlanRow> rows) throws SQLException {
        Map<List<String>, Present> present = new HashMap<>();
        int keys = table.keyColumns().size();
        try (PreparedStatement ps = c.prepareStatement(sql.lockRows())) {
            ChunkStatements.bind(c, ps, new TableSql(table), ChunkStatements.keyArrays(rows, keys), List.of());
            try (ResultSet rs = ps.executeQuery()) {
                int columns = rs.getMetaData().getColumnCount() - keys - 1;
                while (rs.next()) {
                    RowImage image = RowImage.read(rs, columns);
                    boolean remediated = rs.getBoolean(columns + 1);
                    List<String> key = new ArrayList<>(keys);
                    for (int i = 1; i <= keys; i++) {
                        key.add(rs.getString(columns + 1 + i));
                    }
                    present.put(key, new Present(image, remediated));
                }
            }
        }
        return present;
    }

    private void insert(Connection c, ResolvedTable table, RestoreSql sql, List<PlanRow> rows,
            Map<Long, RowImage> copies) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        Set<String> skipped = generated.computeIfAbsent(table.name(), t -> generatedColumns(c, sql));
        // rows of one shape share a statement; a table altered between copies gives two shapes
        Map<List<String>, List<RowImage>> byShape = new LinkedHashMap<>();
        for (PlanRow row : rows) {
            RowImage copy = copies.get(row.restoring().planId());
            byShape.computeIfAbsent(columnsOf(copy), s -> new ArrayList<>()).add(copy);
        }
        for (Map.Entry<List<String>, List<RowImage>> shape : byShape.entrySet()) {
            try (PreparedStatement ps = c.prepareStatement(sql.insert(shape.getKey(), skipped))) {
                for (RowImage image : shape.getValue()) {
                    int index = 1;
                    for (RowImage.Column column : image.columns()) {
                        if (!skipped.contains(column.name())) {
                            bind(table, ps, index++, column);
                        }
                    }
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
    }

    private static Set<String> generatedColumns(Connection c, RestoreSql sql) {
        Set<String> names = new java.util.HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(sql.generatedColumns()); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the generated columns of a table: " + e.getMessage(), e);
        }
        return names;
    }

    private static void unmask(Connection c, ResolvedTable table, RestoreSql sql, List<PlanRow> rows,
            Map<Long, RowImage> copies) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        List<String> columns = sql.restoredColumns();
        try (PreparedStatement ps = c.prepareStatement(sql.unmask())) {
            for (PlanRow row : rows) {
                RowImage copy = copies.get(row.restoring().planId());
                int index = 1;
                for (String name : columns) {
                    RowImage.Column column = copy.column(name);
                    if (column == null) {
                        throw new SQLException("table " + table.name() + ": the sealed original has no column " + name
                                + ", which the table's rule masks now", "22023");
                    }
                    bind(table, ps, index++, column);
                }
                for (String key : row.key()) {
                    ps.setString(index++, key);
                }
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** A copy's value, bound as the target's dialect reads it back into its column ({@code RemediationSql#bindValue}). */
    private static void bind(ResolvedTable table, PreparedStatement ps, int index, RowImage.Column column)
            throws SQLException {
        table.dialect().remediation().bindValue(ps, index, column.value(), column.type());
    }
}
