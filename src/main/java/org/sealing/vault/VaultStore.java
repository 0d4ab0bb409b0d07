package org.sealing.vault;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

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

    /** A copy's columns, as {@link #open(ResultSet)} reads them. */
    private static final String COLUMNS =
            "copy_id, created_at, run_id, plan_id, target, table_name, row_ref, order_id, key_id, nonce, ciphertext";

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
                    select %s from vault_copy where order_id = ? order by copy_id
                    """.formatted(COLUMNS))) {
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
        List<Kept> kept = new ArrayList<>();
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
     * The items in order, in runs whose copies take at most {@code bytesAtOnce} as kept (sealed), one item at least;
     * nothing is opened. An item's copy counts with the older copies of its row under its order (a restore of a
     * masked row opens them too); a plan row without a copy counts nothing.
     */
    public <T> List<List<T>> inRuns(List<T> items, Function<T, Long> planId, long bytesAtOnce) throws SQLException {
        Map<Long, Long> sizes = new HashMap<>();
        byPlanIds("""
                select r.plan_id, sum(octet_length(v.ciphertext))
                from vault_copy r
                join vault_copy v on v.order_id = r.order_id and v.target = r.target
                     and v.table_name = r.table_name and v.row_ref = r.row_ref and v.plan_id <= r.plan_id
                where r.plan_id = any(?)
                group by r.plan_id
                """, items.stream().map(planId).toList(), rs -> sizes.put(rs.getLong(1), rs.getLong(2)));
        List<List<T>> runs = new ArrayList<>();
        List<T> run = new ArrayList<>();
        long bytes = 0;
        for (T item : items) {
            long size = sizes.getOrDefault(planId.apply(item), 0L);
            if (!run.isEmpty() && bytes + size > bytesAtOnce) {
                runs.add(run);
                run = new ArrayList<>();
                bytes = 0;
            }
            run.add(item);
            bytes += size;
        }
        if (!run.isEmpty()) {
            runs.add(run);
        }
        return runs;
    }

    /**
     * Opens the copies of these plan rows a few at a time ({@link #inRuns}), handing each to {@code each} with its
     * plan row; none is held once handed. Throws {@link VaultException} at the first that cannot be opened.
     */
    public void openEach(List<Long> planIds, long bytesAtOnce, BiConsumer<Long, RowImage> each) throws SQLException {
        for (List<Long> run : inRuns(planIds, id -> id, bytesAtOnce)) {
            open(run).forEach(each);
        }
    }

    /**
     * The copies of these plan rows, opened, by plan row; a plan row without a copy is absent from the map.
     *
     * @throws VaultException at the first copy that cannot be opened (naming it, never a value)
     */
    public Map<Long, RowImage> open(Collection<Long> planIds) throws SQLException {
        Map<Long, RowImage> images = new HashMap<>();
        byPlanIds("select " + COLUMNS + " from vault_copy where plan_id = any(?)", planIds, rs -> {
            OpenedCopy opened = open(rs);
            images.put(opened.copy().planId(), opened.copy().image());
        });
        return images;
    }

    /**
     * The older copies of the same rows under the same orders as these plan rows' copies (a row sealed more than
     * once: it reappeared and was sealed again), opened, newest first, by the plan row of the newest copy; a plan
     * row whose row was copied once is absent from the map.
     *
     * @throws VaultException at the first copy that cannot be opened (naming it, never a value)
     */
    public Map<Long, List<RowImage>> olderCopies(Collection<Long> planIds) throws SQLException {
        Map<Long, List<RowImage>> older = new HashMap<>();
        byPlanIds("""
                select r.plan_id as newest, v.copy_id, v.created_at, v.run_id, v.plan_id, v.target, v.table_name,
                       v.row_ref, v.order_id, v.key_id, v.nonce, v.ciphertext
                from vault_copy r
                join vault_copy v on v.order_id = r.order_id and v.target = r.target
                     and v.table_name = r.table_name and v.row_ref = r.row_ref and v.plan_id < r.plan_id
                where r.plan_id = any(?)
                order by r.plan_id, v.plan_id desc
                """, planIds, rs -> older.computeIfAbsent(rs.getLong("newest"), n -> new ArrayList<>())
                        .add(open(rs).copy().image()));
        return older;
    }

    private interface RowReader {
        void read(ResultSet rs) throws SQLException;
    }

    /** Runs a query whose one parameter is these plan rows (an array), reading each row it returns; none if empty. */
    private void byPlanIds(String sql, Collection<Long> planIds, RowReader reader) throws SQLException {
        if (planIds.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setArray(1, c.createArrayOf("bigint", planIds.toArray(new Long[0])));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    reader.read(rs);
                }
            }
        }
    }

    /**
     * Deletes, in the connection's transaction, the copies of these plan rows, whose rows were restored, and with
     * each the older copies of its row under its order (which its restore made of no further use): in one
     * statement, so that no older copy outlives the newest.
     *
     * @return how many copies were deleted
     */
    public int deleteRestored(Connection connection, Collection<Long> planIds) throws SQLException {
        return delete(connection, """
                delete from vault_copy v using vault_copy r
                where r.plan_id = any(?) and v.order_id = r.order_id and v.target = r.target
                  and v.table_name = r.table_name and v.row_ref = r.row_ref and v.plan_id <= r.plan_id
                """, planIds);
    }

    /**
     * Deletes the copies of these plan rows in the connection's transaction (their rows' changes failed, and a
     * later run copies them again).
     *
     * @return how many copies were deleted
     */
    public int delete(Connection connection, Collection<Long> planIds) throws SQLException {
        return delete(connection, "delete from vault_copy where plan_id = any(?)", planIds);
    }

    private static int delete(Connection connection, String sql, Collection<Long> planIds) throws SQLException {
        if (planIds.isEmpty()) {
            return 0;
        }
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setArray(1, connection.createArrayOf("bigint", planIds.toArray(new Long[0])));
            return ps.executeUpdate();
        }
    }
}
