package org.sealing.apply;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.sealing.targetdb.ResolvedTarget.ResolvedTable;
import org.sealing.targetdb.TableSql;
import org.sealing.vault.RowImage;
import org.sealing.vault.VaultStore;

/**
 * Commits the vault copy of each sealed row of a table's part of a chunk before the change: so that a row
 * whose outcome is SEAL is never changed without its copy, and never copied twice.
 *
 * <p>In the target transaction that then changes them, the rows the change will change are locked
 * ({@code SELECT ... FOR UPDATE}, one statement for all of them) and read whole; their copies are committed
 * to the vault in a transaction of its own (one binary COPY, see {@link VaultStore#put}), and only then does
 * the caller change the rows and commit the target. The locks, held from the read to the target's commit,
 * make each copy exactly the row that was changed. A crash between the two commits leaves copies of rows
 * still unchanged: the chunk redone reads them again, the vault keeps the copy it has for each plan row, and
 * the change is made once. A row changed already (a mask applied, a purged row gone) is not read at all: its
 * copy was committed before.
 * For a mask, too, the copy is the whole row (not only the masked columns): the simplest copy that is exact.
 *
 * @param vault  where the copies go
 * @param runId  the run they are made in
 * @param target the target whose rows they are
 */
record VaultCopies(VaultStore vault, long runId, String target) {

    /** The outcome whose rows are copied; a DESTROY row gets none. */
    static final String SEAL = "SEAL";

    /** Locks, reads and copies the sealed rows of {@code rows} on the target connection {@code c}. */
    void keep(Connection c, ResolvedTable table, TableSql sql, List<PlanRow> rows) throws SQLException {
        List<PlanRow> sealed = rows.stream().filter(r -> SEAL.equals(r.outcome())).toList();
        if (sealed.isEmpty()) {
            return;
        }
        Map<List<String>, PlanRow> byKey = new HashMap<>();
        for (PlanRow row : sealed) {
            byKey.put(List.of(row.key()), row);
        }
        List<String> keyColumns = table.keyColumns().stream().map(k -> k.name()).toList();
        List<VaultStore.Copy> copies = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql.lockForCopy())) {
            ChunkStatements.bind(c, ps, sql, ChunkStatements.keyArrays(sealed, keyColumns.size()), List.of());
            try (ResultSet rs = ps.executeQuery()) {
                int columns = rs.getMetaData().getColumnCount() - keyColumns.size();
                RowImage.Reader images = RowImage.reader(rs, columns);
                while (rs.next()) {
                    RowImage image = images.read(rs);
                    List<String> key = new ArrayList<>(keyColumns.size());
                    for (int i = 1; i <= keyColumns.size(); i++) {
                        key.add(rs.getString(columns + i));
                    }
                    PlanRow row = byKey.get(key);
                    if (row == null) {
                        // never change a row whose copy could not be told apart: the part fails, rows unchanged
                        throw new IllegalStateException("table " + table.name() + ": a row locked for its vault copy"
                                + " has a key that reads back unlike its plan row's");
                    }
                    copies.add(new VaultStore.Copy(runId, row.planId(), target, row.table(), row.rowRef(),
                            row.orderId(), image));
                }
            }
        }
        if (!copies.isEmpty()) {
            commit(copies);
        }
    }

    /** The copies, committed in the vault before the target's change. */
    private void commit(List<VaultStore.Copy> copies) throws SQLException {
        try (Connection v = vault.dataSource().getConnection()) {
            v.setAutoCommit(false);
            try {
                vault.put(v, copies);
                v.commit();
            } catch (SQLException | RuntimeException e) {
                try {
                    v.rollback();
                } catch (SQLException broken) {
                    e.addSuppressed(broken);
                }
                throw e;
            }
        }
    }
}
