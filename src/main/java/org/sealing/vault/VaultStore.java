package org.sealing.vault;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.stereotype.Component;

import org.sealing.SealingProperties;

/**
 * The vault's table, {@code vault_copy}: copies go in within the caller's transaction (so that the caller
 * commits a sealed row's copy before, or with, the change it keeps), come out decrypted for a restore or an
 * opening, and are deleted once restored. It lives in the control database, or in a database of its own
 * named by {@code SEALING_VAULT_URL}; either way the target's change is in another database, so the copy
 * commits first, and a plan row's copy is made only once: a chunk redone after a crash between the two
 * commits finds its copies made.
 */
@Component
@DependsOnDatabaseInitialization
public class VaultStore implements DisposableBean {

    /** Rows fetched at a time when copies are read. */
    private static final int FETCH = 500;

    private final VaultCipher cipher;
    private final VaultCopyWriter writer;
    private final DataSource dataSource;
    /** The vault's own database, or null when it lives in the control database. */
    private final HikariDataSource own;

    /** A row's original and where it belongs. */
    public record Copy(long runId, long planId, String target, String tableName, String rowRef, String orderId,
            RowImage image) {

        VaultCipher.Place place() {
            return new VaultCipher.Place(runId, planId, target, tableName, rowRef, orderId);
        }
    }

    /** A stored copy, opened. */
    public record OpenedCopy(long copyId, OffsetDateTime createdAt, Copy copy) {
    }

    VaultStore(VaultCipher cipher, DataSource controlDataSource, SealingProperties properties) {
        this.cipher = cipher;
        this.writer = new VaultCopyWriter(cipher);
        this.own = properties.vault().external() ? VaultDatabase.open(properties) : null;
        this.dataSource = own != null ? own : controlDataSource;
    }

    @Override
    public void destroy() {
        if (own != null) {
            own.close();
        }
    }

    /** Whether the vault lives in the control database (its copies can share the control transaction). */
    public boolean inControlDatabase() {
        return own == null;
    }

    /** Where the vault lives: {@link #put} and {@link #delete} take a connection of it. */
    public DataSource dataSource() {
        return dataSource;
    }

    /**
     * Encrypts and adds the copies in the connection's transaction; a plan row that already has its copy
     * (a chunk done again) gets this one instead. See {@link VaultCopyWriter} for how and why.
     *
     * @return how many plan rows got their first copy
     */
    public int put(Connection connection, List<Copy> copies) throws SQLException {
        return writer.put(connection, copies);
    }

    /**
     * Opens every copy of an order, one at a time in the order they were made, without holding them all.
     *
     * @throws VaultException at the first copy that cannot be opened (naming it, never a value)
     */
    public void copiesOf(String orderId, Consumer<OpenedCopy> each) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            // the driver fetches in pages only inside a transaction
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("""
                    select copy_id, created_at, run_id, plan_id, target, table_name, row_ref, order_id, key_id, nonce,
                           ciphertext
                    from vault_copy where order_id = ? order by copy_id
                    """)) {
                ps.setFetchSize(FETCH);
                ps.setString(1, orderId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        each.accept(open(rs));
                    }
                }
            } finally {
                c.rollback();
            }
        }
    }

    private OpenedCopy open(ResultSet rs) throws SQLException {
        long copyId = rs.getLong("copy_id");
        VaultCipher.Place place = new VaultCipher.Place(rs.getLong("run_id"), rs.getLong("plan_id"),
                rs.getString("target"), rs.getString("table_name"), rs.getString("row_ref"), rs.getString("order_id"));
        VaultCipher.Sealed sealed = new VaultCipher.Sealed(rs.getString("key_id"), rs.getBytes("nonce"),
                rs.getBytes("ciphertext"));
        RowImage image;
        try {
            image = RowImage.fromBytes(cipher.open(sealed, place));
        } catch (VaultException e) {
            throw new VaultException("vault copy " + copyId + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new VaultException("vault copy " + copyId + " opened but its " + e.getMessage(), e);
        }
        Copy copy = new Copy(place.runId(), place.planId(), place.target(), place.tableName(), place.rowRef(),
                place.orderId(), image);
        return new OpenedCopy(copyId, rs.getObject("created_at", OffsetDateTime.class), copy);
    }

    /** A copy's place, not opened: what planning a restore needs (the row is told by its table and row_ref). */
    public record Kept(long planId, String tableName, String rowRef, String orderId) {
    }

    /** The copies of a target that belong to these orders, in the order they were made; nothing is decrypted. */
    public List<Kept> keptFor(String target, Collection<String> orderIds) throws SQLException {
        List<Kept> kept = new java.util.ArrayList<>();
        if (orderIds.isEmpty()) {
            return kept;
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("select plan_id, table_name, row_ref, order_id from vault_copy"
                        + " where target = ? and order_id = any(?) order by copy_id")) {
            ps.setString(1, target);
            ps.setArray(2, c.createArrayOf("text", orderIds.toArray(new String[0])));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    kept.add(new Kept(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)));
                }
            }
        }
        return kept;
    }

    /**
     * What opening each of these plan rows' copies takes, in bytes as kept (sealed), by plan row, none opened: its
     * copy's size, with those of the older copies of its row under its order, which a restore of a masked row
     * opens too. What a restore needs to open a chunk's copies a few megabytes at a time. A plan row without a
     * copy is absent.
     */
    public java.util.Map<Long, Long> sizes(Collection<Long> planIds) throws SQLException {
        java.util.Map<Long, Long> sizes = new java.util.HashMap<>();
        if (planIds.isEmpty()) {
            return sizes;
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("""
                        select r.plan_id, sum(octet_length(v.ciphertext))
                        from vault_copy r
                        join vault_copy v on v.order_id = r.order_id and v.target = r.target
                             and v.table_name = r.table_name and v.row_ref = r.row_ref and v.plan_id <= r.plan_id
                        where r.plan_id = any(?)
                        group by r.plan_id
                        """)) {
            ps.setArray(1, c.createArrayOf("bigint", planIds.toArray(new Long[0])));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sizes.put(rs.getLong(1), rs.getLong(2));
                }
            }
        }
        return sizes;
    }

    /**
     * Opens the copies of these plan rows a few at a time (those of at most {@code bytesAtOnce} as kept, one at
     * least), handing each to {@code each} with its plan row; none is held once handed.
     *
     * @throws VaultException at the first copy that cannot be opened (naming it, never a value)
     */
    public void openEach(Collection<Long> planIds, long bytesAtOnce, java.util.function.BiConsumer<Long, RowImage> each)
            throws SQLException {
        java.util.Map<Long, Long> sizes = sizes(planIds);
        List<Long> batch = new java.util.ArrayList<>();
        long bytes = 0;
        for (Long planId : planIds) {
            long size = sizes.getOrDefault(planId, 0L);
            if (!batch.isEmpty() && bytes + size > bytesAtOnce) {
                open(batch).forEach(each);
                batch.clear();
                bytes = 0;
            }
            batch.add(planId);
            bytes += size;
        }
        if (!batch.isEmpty()) {
            open(batch).forEach(each);
        }
    }

    /**
     * The copies of these plan rows, opened, by plan row; a plan row without a copy is absent from the map.
     *
     * @throws VaultException at the first copy that cannot be opened (naming it, never a value)
     */
    public java.util.Map<Long, RowImage> open(Collection<Long> planIds) throws SQLException {
        java.util.Map<Long, RowImage> images = new java.util.HashMap<>();
        if (planIds.isEmpty()) {
            return images;
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("""
                        select copy_id, created_at, run_id, plan_id, target, table_name, row_ref, order_id, key_id, nonce,
                               ciphertext
                        from vault_copy where plan_id = any(?)
                        """)) {
            ps.setArray(1, c.createArrayOf("bigint", planIds.toArray(new Long[0])));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    OpenedCopy opened = open(rs);
                    images.put(opened.copy().planId(), opened.copy().image());
                }
            }
        }
        return images;
    }

    /**
     * The older copies of the same rows under the same orders as these plan rows' copies (a row sealed more than
     * once: it reappeared and was sealed again), opened, newest first, by the plan row of the newest copy; a plan
     * row whose row was copied once is absent from the map.
     *
     * @throws VaultException at the first copy that cannot be opened (naming it, never a value)
     */
    public java.util.Map<Long, List<RowImage>> olderCopies(Collection<Long> planIds) throws SQLException {
        java.util.Map<Long, List<RowImage>> older = new java.util.HashMap<>();
        if (planIds.isEmpty()) {
            return older;
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("""
                        select r.plan_id as newest, v.copy_id, v.created_at, v.run_id, v.plan_id, v.target, v.table_name,
                               v.row_ref, v.order_id, v.key_id, v.nonce, v.ciphertext
                        from vault_copy r
                        join vault_copy v on v.order_id = r.order_id and v.target = r.target
                             and v.table_name = r.table_name and v.row_ref = r.row_ref and v.plan_id < r.plan_id
                        where r.plan_id = any(?)
                        order by r.plan_id, v.plan_id desc
                        """)) {
            ps.setArray(1, c.createArrayOf("bigint", planIds.toArray(new Long[0])));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long newest = rs.getLong("newest");
                    older.computeIfAbsent(newest, n -> new java.util.ArrayList<>()).add(open(rs).copy().image());
                }
            }
        }
        return older;
    }

    /**
     * Deletes, in the connection's transaction, the copies of these plan rows, whose rows were restored, and with
     * each the older copies of its row under its order (which its restore made of no further use): in one
     * statement, so that no older copy outlives the newest.
     *
     * @return how many copies were deleted
     */
    public int deleteRestored(Connection connection, Collection<Long> planIds) throws SQLException {
        if (planIds.isEmpty()) {
            return 0;
        }
        try (PreparedStatement ps = connection.prepareStatement("""
                delete from vault_copy v using vault_copy r
                where r.plan_id = any(?) and v.order_id = r.order_id and v.target = r.target
                  and v.table_name = r.table_name and v.row_ref = r.row_ref and v.plan_id <= r.plan_id
                """)) {
            ps.setArray(1, connection.createArrayOf("bigint", planIds.toArray(new Long[0])));
            return ps.executeUpdate();
        }
    }

    /**
     * Deletes the copies of these plan rows in the connection's transaction (their rows' changes failed, and a
     * later run copies them again).
     *
     * @return how many copies were deleted
     */
    public int delete(Connection connection, Collection<Long> planIds) throws SQLException {
        if (planIds.isEmpty()) {
            return 0;
        }
        try (PreparedStatement ps = connection.prepareStatement("delete from vault_copy where plan_id = any(?)")) {
            Array ids = connection.createArrayOf("bigint", planIds.toArray(new Long[0]));
            ps.setArray(1, ids);
            return ps.executeUpdate();
        }
    }
}
