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
 * Commits the vault copy of each sealed row of a table's part of a chunk before the change commits: so that a
 * row whose outcome is SEAL is never changed without its copy, and never copied twice.
 *
 * <p>A purge of sealed rows only, on PostgreSQL, reads the rows itself ({@link ChunkStatements#purgeKeeping}):
 * its {@code DELETE ... RETURNING} gives each row version it deleted, the copies are committed, then the
 * target, whose row locks (taken by the delete) are held until then. A mask, a purge that also destroys rows,
 * and a purge on MariaDB read the sealed rows first, as follows.
 *
 * <p>In the target transaction that then changes them, the rows the change will change are locked
 * ({@code SELECT ... FOR UPDATE}, one statement for all of them) and read whole; their copies are committed
 * to the vault in a transaction of its own (one binary COPY, see {@link VaultStore#put}), and only then does
 * the caller change the rows and commit the target. The locks, held from the read to the target's commit,
 * make each copy exactly the row that was changed. A crash between the two commits leaves copies of rows
 * still unchanged: the chunk redone reads them again (as they are then: another session may have changed
 * them once the target's locks were gone), the vault replaces each plan row's copy with the newer one, and
 * the change is made once. A row changed already (a mask applied, a purged row gone) is not read at all: its
 * copy was committed before.
 * For a mask, too, the copy is the whole row (not only the masked columns): the simplest copy that is exact.
 *
 * <p>Rows may be wide (a photograph or a scanned print of hundreds of kilobytes in a bytea): what a part holds in
 * memory at once is bounded, not its number of rows. The rows read to be copied (by a {@code SELECT ... FOR
 * UPDATE}, or by a purge's {@code DELETE ... RETURNING}, whose rows PostgreSQL keeps until they are fetched) come
 * from the target {@value #FIRST_FETCH} at first, then never more at a time than have been read (a row's width
 * is known only once it is in hand), than the widest so far allows in {@value #BYTES_AT_ONCE} bytes, or than
 * {@value #MOST_AT_ONCE}; their copies go to the vault (each batch committed) whenever that many bytes of them are
 * in hand. A fetch holds at most as many rows as were read before it, so rows that grow wide further on are
 * held a few at a time at first, not a chunk of them.
 */
final class VaultCopies {

    /** The most bytes of row images (in their text, about what the driver held) kept in hand before the vault's. */
    static final long BYTES_AT_ONCE = 16L << 20;

    /** Rows fetched from the target at first, before any row is in hand: one, however wide. */
    static final int FIRST_FETCH = 1;

    /**
     * The most rows fetched at a time, however narrow the rows seen so far: a row's width is known only once it is
     * in hand, so a table whose rows grow wide further on holds at most this many of them at once.
     */
    static final int MOST_AT_ONCE = 1024;

    private final VaultStore vault;
    private final long runId;
    private final String target;

    /**
     * @param vault  where the copies go
     * @param runId  the run they are made in
     * @param target the target whose rows they are
     */
    VaultCopies(VaultStore vault, long runId, String target) {
        this.vault = vault;
        this.runId = runId;
        this.target = target;
    }

    /**
     * How many rows to fetch next, having read {@code read} rows whose widest image was {@code widest} characters:
     * no more than were read so far (a fetch at most doubles what is known), as many of the widest as fit in
     * {@link #BYTES_AT_ONCE}, at least one and at most {@link #MOST_AT_ONCE}.
     */
    static int nextFetch(int read, long widest) {
        return (int) Math.max(1, Math.min(Math.min(read, MOST_AT_ONCE), BYTES_AT_ONCE / Math.max(widest, 1)));
    }

    /** The outcome whose rows are copied; a DESTROY row gets none. */
    static final String SEAL = "SEAL";

    /**
     * Whether every row is sealed, so that a statement that returns the rows it changed returns copies only
     * (a part that also destroys rows, photographs say, reads only its sealed rows, not the others whole).
     */
    static boolean allSealed(List<PlanRow> rows) {
        return rows.stream().allMatch(r -> SEAL.equals(r.outcome()));
    }

    /** Locks, reads and copies the sealed rows of {@code rows} on the target connection {@code c}. */
    void keep(Connection c, ResolvedTable table, TableSql sql, List<PlanRow> rows) throws SQLException {
        List<PlanRow> sealed = rows.stream().filter(r -> SEAL.equals(r.outcome())).toList();
        if (sealed.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(sql.lockForCopy())) {
            int keys = table.keyColumns().size();
            ChunkStatements.bind(c, ps, sql, ChunkStatements.keyArrays(sealed, keys), List.of());
            // in the target's transaction the driver streams: a few rows at a time if they are wide
            ps.setFetchSize(FIRST_FETCH);
            try (ResultSet rs = ps.executeQuery()) {
                keepRead(table, rs, sealed);
            }
        }
    }

    /**
     * Copies the sealed rows among those of a result set (each row whole, then its key as the plan writes it)
     * of the rows of {@code rows}: the rows just locked, or just changed by a statement that returned them as
     * they were. The copies are committed in the vault before this returns (in batches of at most about
     * {@link #BYTES_AT_ONCE}), the target not yet.
     */
    void keepRead(ResolvedTable table, ResultSet rs, List<PlanRow> rows) throws SQLException {
        Map<List<String>, PlanRow> byKey = new HashMap<>();
        for (PlanRow row : rows) {
            byKey.put(List.of(row.key()), row);
        }
        int keys = table.keyColumns().size();
        List<VaultStore.Copy> copies = new ArrayList<>();
        long inHand = 0;
        long widest = 0;
        int read = 0;
        int fetching = rs.getFetchSize();
        int columns = rs.getMetaData().getColumnCount() - keys;
        RowImage.Reader images = RowImage.reader(rs, columns);
        while (rs.next()) {
            List<String> key = new ArrayList<>(keys);
            for (int i = 1; i <= keys; i++) {
                key.add(rs.getString(columns + i));
            }
            PlanRow row = byKey.get(key);
            if (row == null) {
                // never change a row whose copy could not be told apart: the part fails, rows unchanged
                throw new IllegalStateException("table " + table.name() + ": a row read for its vault copy"
                        + " has a key that reads back unlike its plan row's");
            }
            if (SEAL.equals(row.outcome())) {
                RowImage image = images.read(rs);
                long width = image.textLength();
                widest = Math.max(widest, width);
                read++;
                // the rows still to come: a fetch at most doubles what is known, and holds what the widest allows
                int fetch = nextFetch(read, widest);
                if (fetch != fetching) {
                    rs.setFetchSize(fetch);
                    fetching = fetch;
                }
                copies.add(new VaultStore.Copy(runId, row.planId(), target, row.table(), row.rowRef(),
                        row.orderId(), image));
                inHand += width;
                if (inHand >= BYTES_AT_ONCE) {
                    commit(copies);
                    copies.clear();
                    inHand = 0;
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
