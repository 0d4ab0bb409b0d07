package org.sealing.plan;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.datasource.DataSourceUtils;

import org.sealing.ledger.RunRecords;
import org.sealing.targetdb.ResolvedTarget;
import org.sealing.vault.VaultStore;

/**
 * Plans the restores of a target (SPEC section 7): for every vault copy of the target whose order the court
 * has reversed (an {@code UNSEAL} in the register, in effect), one plan row of action RESTORE in the lane
 * {@code restore} (one per row and order: a row sealed more than once restores from its newest copy), which names the plan row whose copy it restores and carries that row's key, reference,
 * order, statute and outcome. Rows are planned parents before children (the reverse of purge order), so
 * that a child is inserted only after the parent its foreign key needs.
 *
 * <p>Like {@link Planner}, it runs in the step's control transaction and claims the target's restore plan
 * first, so a run plans its restores once. A copy whose restore some run has already done (its copy outlived
 * the chunk, with the vault in a database of its own and a crash between the two commits) is deleted here,
 * not restored again. A copy of a table the target no longer has a rule for stays in the vault, and is
 * counted in the log.
 */
public class RestorePlanner {

    private static final Logger log = LoggerFactory.getLogger(RestorePlanner.class);

    private final DataSource control;
    private final VaultStore vault;
    private final RunRecords runs;

    public RestorePlanner(DataSource control, VaultStore vault, RunRecords runs) {
        this.control = control;
        this.vault = vault;
        this.runs = runs;
    }

    /** Plans the target's restores; returns how many rows were planned, or -1 when an earlier execution did. */
    public long plan(long runId, long executionId, ResolvedTarget target, LocalDate asOf) throws SQLException {
        Connection c = DataSourceUtils.getConnection(control);
        if (!claim(c, runId, executionId, target.name())) {
            log.info("target {}: restores planned by an earlier execution of this run", target.name());
            return -1;
        }
        long from = Planner.sequence(c);
        long planned = 0;
        List<String> unsealed = unsealed(c, asOf);
        if (!unsealed.isEmpty()) {
            List<VaultStore.Kept> kept = vault.keptFor(target.name(), unsealed);
            Set<String> tables = new HashSet<>();
            target.tables().forEach(t -> tables.add(t.name()));
            List<VaultStore.Kept> candidates = new ArrayList<>();
            Map<String, Long> ruleless = new TreeMap<>();
            for (VaultStore.Kept k : kept) {
                if (tables.contains(k.tableName())) {
                    candidates.add(k);
                } else {
                    ruleless.merge(k.tableName(), 1L, Long::sum);
                }
            }
            ruleless.forEach((table, rows) -> log.warn("target {}: {} sealed rows of table {} belong to unsealed orders,"
                    + " but the target has no rule for the table any more; they stay in the vault", target.name(), rows,
                    table));
            Set<Long> done = restoredAlready(c, candidates.stream().map(VaultStore.Kept::planId).toList());
            if (!done.isEmpty()) {
                dropCopies(c, done);
            }
            Map<List<String>, VaultStore.Kept> newest = newestOfEachRow(candidates);
            if (newest.size() < candidates.size()) {
                log.info("target {}: {} older copies of rows sealed more than once go with their newest copies",
                        target.name(), candidates.size() - newest.size());
            }
            planned = write(c, runId, target.name(), newest.values().stream().filter(k -> !done.contains(k.planId()))
                    .toList());
        }
        // the run's figures reach plan rows through their tables: a restore counts before its table is planned
        for (ResolvedTarget.ResolvedTable table : target.tables()) {
            runs.table(runId, target.name(), table.name(), table.action().name(), null, false, null, null);
        }
        runs.restoreBounds(runId, target.name(), from, Planner.sequence(c));
        if (planned > 0) {
            log.info("target {}: {} sealed rows of unsealed orders to restore", target.name(), planned);
        }
        return planned;
    }

    /** The orders the court has reversed, in effect on {@code asOf}. */
    private static List<String> unsealed(Connection c, LocalDate asOf) throws SQLException {
        List<String> orders = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("select order_id from sealing_order"
                + " where order_type = 'UNSEAL' and effective_from <= ?")) {
            ps.setObject(1, asOf);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    orders.add(rs.getString(1));
                }
            }
        }
        return orders;
    }

    /**
     * The copy each row restores from: of a row sealed more than once under one order (it reappeared and was
     * sealed again), its newest copy, which holds the row as it was when it was sealed last; the older copies
     * go with it (a masked column the newest copy holds masked is taken from them, and they are deleted with
     * it), so the row is restored and counted once. A row whose restore is done (its copies outlived the chunk
     * that recorded it) is not restored again.
     */
    private static Map<List<String>, VaultStore.Kept> newestOfEachRow(List<VaultStore.Kept> candidates) {
        Map<List<String>, VaultStore.Kept> newest = new java.util.LinkedHashMap<>();
        for (VaultStore.Kept k : candidates) {
            newest.merge(List.of(k.tableName(), k.rowRef(), k.orderId()), k,
                    (a, b) -> a.planId() > b.planId() ? a : b);
        }
        return newest;
    }

    /** Of these sealing plan rows, those whose restore a run has done. */
    private static Set<Long> restoredAlready(Connection c, List<Long> planIds) throws SQLException {
        Set<Long> done = new HashSet<>();
        if (planIds.isEmpty()) {
            return done;
        }
        try (PreparedStatement ps = c.prepareStatement("select restores from remediation_plan_state"
                + " where restores = any(?) and action = 'RESTORE' and state = 'DONE'")) {
            ps.setArray(1, c.createArrayOf("bigint", planIds.toArray(new Long[0])));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    done.add(rs.getLong(1));
                }
            }
        }
        return done;
    }

    /**
     * Deletes the copies of rows restored already, with the older copies of their rows: in this transaction when
     * the vault shares it, else now.
     */
    private void dropCopies(Connection c, Set<Long> planIds) throws SQLException {
        if (vault.inControlDatabase()) {
            vault.deleteRestored(c, planIds);
            return;
        }
        try (Connection v = vault.dataSource().getConnection()) {
            v.setAutoCommit(true);
            vault.deleteRestored(v, planIds);
        }
    }

    /**
     * Writes one restore row per sealing plan row, parents' rows first: one statement per level of the purge
     * chain, highest first, so that the plan's order (which apply follows) is parents before children.
     */
    private static long write(Connection c, long runId, String target, List<VaultStore.Kept> copies)
            throws SQLException {
        if (copies.isEmpty()) {
            return 0;
        }
        java.sql.Array ids = c.createArrayOf("bigint", copies.stream().map(VaultStore.Kept::planId).toArray());
        List<Integer> levels = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("select distinct depth from remediation_plan"
                + " where plan_id = any(?) order by depth desc")) {
            ps.setArray(1, ids);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    levels.add(rs.getInt(1));
                }
            }
        }
        long written = 0;
        // a copy restores the plan row it names only if that row is the copy's own place (table, reference and
        // order): a control database restored from an older backup than the vault's reuses plan ids
        try (PreparedStatement ps = c.prepareStatement("insert into remediation_plan (run_id, target, table_name,"
                + " row_ref, row_key, order_id, statute, action, depth, outcome, restores)"
                + " select ?, ?, p.table_name, p.row_ref, p.row_key, p.order_id, p.statute, 'RESTORE', p.depth,"
                + " p.outcome, p.plan_id from remediation_plan p"
                + " join unnest(?::bigint[], ?::text[], ?::text[], ?::text[]) as k(plan_id, table_name, row_ref, order_id)"
                + " on k.plan_id = p.plan_id and k.table_name = p.table_name and k.row_ref = p.row_ref"
                + " and k.order_id = p.order_id"
                + " where p.target = ? and p.depth = ? order by p.table_name, p.plan_id")) {
            for (int level : levels) {
                ps.setLong(1, runId);
                ps.setString(2, target);
                ps.setArray(3, ids);
                ps.setArray(4, c.createArrayOf("text", copies.stream().map(VaultStore.Kept::tableName).toArray()));
                ps.setArray(5, c.createArrayOf("text", copies.stream().map(VaultStore.Kept::rowRef).toArray()));
                ps.setArray(6, c.createArrayOf("text", copies.stream().map(VaultStore.Kept::orderId).toArray()));
                ps.setString(7, target);
                ps.setInt(8, level);
                written += ps.executeUpdate();
            }
        }
        if (written < copies.size()) {
            log.warn("target {}: {} vault copies name plan rows that are not theirs (a control database restored from"
                    + " an older backup than the vault?); they stay in the vault, not restored", target,
                    copies.size() - written);
        }
        return written;
    }

    private static boolean claim(Connection c, long runId, long executionId, String target) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into target_restore_plan (run_id, target, execution_id)"
                + " values (?, ?, ?) on conflict (run_id, target) do nothing")) {
            ps.setLong(1, runId);
            ps.setString(2, target);
            ps.setLong(3, executionId);
            return ps.executeUpdate() == 1;
        }
    }
}
