package org.sealing.apply;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.jdbc.core.JdbcTemplate;

import org.sealing.targetdb.ResolvedTarget;
import org.sealing.targetdb.ResolvedTarget.JoinPair;
import org.sealing.targetdb.ResolvedTarget.ResolvedTable;
import org.sealing.targetdb.RestoreSql;
import org.sealing.vault.RowImage;
import org.sealing.vault.VaultStore;

/**
 * Whether a purged row of a child table can go back under its parent (the table it matches through): only
 * under the very row it hung from when it was sealed. Parents are restored before their children, so when a
 * child's turn comes its parent is back, unless the parent's restore is a conflict (another row now holds
 * the purged parent's key: the child must not hang under it) or the parent is not in the target at all (destroyed,
 * its restore failed, or gone since). Either way the child is left as it is, a conflict whose reason names
 * the parent's table, its copy kept: it comes back in the run after the parent does. Without this, a child
 * would be inserted under a stranger, or fail on its foreign key, or (without one) hang under nothing.
 *
 * <p>The parents' conflicts are those of this run: recorded by earlier executions (read once per parent
 * table) and found by this one (noted as they are found, before their chunk is recorded).
 */
final class RestoreParents {

    private final VaultStore vault;
    private final JdbcTemplate control;
    private final long runId;
    private final String target;
    /** Per table that is a parent, the columns of its rows its children's joins read. */
    private final Map<String, Set<String>> joined = new HashMap<>();
    /**
     * Per parent table, of its rows whose restores in this run are conflicts, the join columns' values (by plan row),
     * not the whole copies: a table of photographs may have many conflicts.
     */
    private final Map<String, Map<Long, RowImage>> conflicted = new HashMap<>();
    private final Set<String> loaded = new HashSet<>();

    RestoreParents(VaultStore vault, JdbcTemplate control, long runId, ResolvedTarget target) {
        this.vault = vault;
        this.control = control;
        this.runId = runId;
        this.target = target.name();
        for (ResolvedTable table : target.tables()) {
            if (table.parent() != null) {
                joined.computeIfAbsent(table.parent().name(), t -> new HashSet<>())
                        .addAll(table.join().stream().map(p -> p.parent().name()).toList());
            }
        }
    }

    /**
     * Notes a table's restore rows of purged rows found to be conflicts, with their copies: their children must
     * wait. (A masked row that is a conflict is still the row its children hung from, or gone.)
     */
    synchronized void noteConflicts(ResolvedTable table, List<PlanRow> rows, Map<Long, String> conflicts,
            Map<Long, RowImage> copies) {
        Set<String> columns = joined.get(table.name());
        if (columns == null) {
            // no table hangs from this one
            return;
        }
        for (PlanRow row : rows) {
            RowImage copy = copies.get(row.restoring().planId());
            if (conflicts.containsKey(row.planId()) && copy != null && "PURGE".equals(row.restoring().action())) {
                conflicted.computeIfAbsent(table.name(), t -> new HashMap<>()).put(row.restoring().planId(),
                        only(copy, columns));
            }
        }
    }

    /** The image with these columns only. */
    private static RowImage only(RowImage image, Set<String> columns) {
        return new RowImage(image.columns().stream().filter(c -> columns.contains(c.name())).toList());
    }

    /**
     * Of these purged rows of a child table (absent from the target, about to be inserted), those that must
     * wait for their parent, with the reason; rows of a table that matches on its own are never held back.
     */
    Map<Long, String> waiting(Connection c, ResolvedTable table, List<PlanRow> rows, Map<Long, RowImage> copies)
            throws SQLException {
        Map<Long, String> waiting = new LinkedHashMap<>();
        ResolvedTable parent = table.parent();
        if (parent == null || rows.isEmpty()) {
            return waiting;
        }
        List<JoinPair> join = table.join();
        Set<List<String>> parentConflicts = new HashSet<>();
        for (RowImage image : conflictsOf(parent).values()) {
            List<String> values = values(image, join.stream().map(p -> p.parent().name()).toList());
            if (values != null) {
                parentConflicts.add(values);
            }
        }
        Map<Long, List<String>> asked = new LinkedHashMap<>();
        for (PlanRow row : rows) {
            List<String> values = values(copies.get(row.restoring().planId()),
                    join.stream().map(p -> p.child().name()).toList());
            if (values == null) {
                // a join column null or gone: the database's own constraints judge the row
                continue;
            }
            if (parentConflicts.contains(values)) {
                waiting.put(row.planId(), "its parent row in " + parent.name() + " is a restore conflict");
            } else {
                asked.put(row.planId(), values);
            }
        }
        if (asked.isEmpty()) {
            return waiting;
        }
        Set<List<String>> present = present(c, table, asked.values());
        asked.forEach((planId, values) -> {
            if (!present.contains(values)) {
                waiting.put(planId, "its parent row in " + parent.name() + " is not in the target");
            }
        });
        return waiting;
    }

    /** The parent rows the target has, of these values of the join's child columns. */
    private static Set<List<String>> present(Connection c, ResolvedTable table, java.util.Collection<List<String>> asked)
            throws SQLException {
        Set<List<String>> present = new HashSet<>();
        int pairs = table.join().size();
        try (PreparedStatement ps = c.prepareStatement(new RestoreSql(table).parentPresent())) {
            List<List<String>> all = new ArrayList<>(asked);
            List<String[]> arrays = new ArrayList<>();
            for (int k = 0; k < pairs; k++) {
                String[] column = new String[all.size()];
                for (int i = 0; i < all.size(); i++) {
                    column[i] = all.get(i).get(k);
                }
                arrays.add(column);
            }
            table.dialect().remediation().bindKeys(c, ps, 1, arrays);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    List<String> values = new ArrayList<>(pairs);
                    for (int k = 1; k <= pairs; k++) {
                        values.add(rs.getString(k));
                    }
                    present.add(values);
                }
            }
        }
        return present;
    }

    /** The values of these columns of an image, or null when it lacks one or one is null. */
    private static List<String> values(RowImage image, List<String> names) {
        if (image == null) {
            return null;
        }
        List<String> values = new ArrayList<>(names.size());
        for (String name : names) {
            RowImage.Column column = image.column(name);
            if (column == null || column.value() == null) {
                return null;
            }
            values.add(column.value());
        }
        return values;
    }

    /** The conflicts of a table's restores in this run, with those earlier executions recorded read once. */
    private synchronized Map<Long, RowImage> conflictsOf(ResolvedTable table) throws SQLException {
        Map<Long, RowImage> found = conflicted.computeIfAbsent(table.name(), t -> new HashMap<>());
        if (loaded.add(table.name())) {
            List<Long> copies = control.queryForList("select p.restores from restore_conflict r"
                    + " join remediation_plan p on p.plan_id = r.plan_id"
                    + " join remediation_plan o on o.plan_id = p.restores and o.action = 'PURGE'"
                    + " where p.run_id = ? and p.target = ? and p.table_name = ? and p.action = 'RESTORE'", Long.class,
                    runId, target, table.name());
            Set<String> columns = joined.getOrDefault(table.name(), Set.of());
            vault.openEach(copies, VaultCopies.BYTES_AT_ONCE, (planId, image) -> found.put(planId, only(image, columns)));
        }
        return found;
    }
}
