package org.sealing.vault;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.List;

import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;

/**
 * How {@link VaultStore#put} writes copies: encrypted, by PostgreSQL's binary {@code COPY}, into the vault's
 * table in the caller's transaction, each plan row's copy once.
 */
final class VaultCopyWriter {

    private final VaultCipher cipher;

    VaultCopyWriter(VaultCipher cipher) {
        this.cipher = cipher;
    }

    /**
     * Encrypts and adds the copies in the connection's transaction; a plan row that already has its copy
     * (a chunk done again) gets this one instead, so a plan row keeps one copy.
     *
     * <p>The copies are sent with one binary {@code COPY} straight into {@code vault_copy}, under a savepoint;
     * when a plan row has its copy already (the unique plan_id refuses it: a chunk done again after a crash
     * between the vault's commit and the target's, or after the target's commit failed), the savepoint is
     * rolled back and the copies go through a temporary table of the session instead: the plan rows' earlier
     * copies are deleted and these added. A chunk done again reads only rows whose change did not commit, so
     * the newer copy is the row as it is now, the one about to change: another session may have changed it
     * since the earlier copy was made, while the target's locks were released. Either way the server never
     * parses the ciphertexts from the hex text of bytea arrays, which was most of the insert's time (issue 13).
     *
     * @return how many plan rows got their first copy
     */
    int put(Connection connection, List<VaultStore.Copy> copies) throws SQLException {
        if (copies.isEmpty()) {
            return 0;
        }
        if (connection.getAutoCommit()) {
            // the savepoint and the staged copies need a transaction: a connection without one gets one here
            connection.setAutoCommit(false);
            try {
                int added = put(connection, copies);
                connection.commit();
                return added;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        }
        Savepoint before = connection.setSavepoint();
        try {
            long added = copy(connection, "vault_copy", copies);
            connection.releaseSavepoint(before);
            return Math.toIntExact(added);
        } catch (SQLException e) {
            if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw e;
            }
            connection.rollback(before);
        }
        try (Statement s = connection.createStatement()) {
            s.execute(STAGING);
            // rows staged by an earlier put of this transaction are in vault_copy already
            s.execute("delete from " + STAGED);
        }
        copy(connection, STAGED, copies);
        try (Statement s = connection.createStatement()) {
            int replaced = s.executeUpdate("delete from vault_copy v using " + STAGED + " s where v.plan_id = s.plan_id");
            int added = s.executeUpdate("insert into vault_copy (run_id, plan_id, target, table_name, row_ref,"
                    + " order_id, key_id, nonce, ciphertext) select run_id, plan_id, target, table_name, row_ref,"
                    + " order_id, key_id, nonce, ciphertext from " + STAGED);
            return added - replaced;
        }
    }

    private static final String UNIQUE_VIOLATION = "23505";

    /** Encrypts the copies and sends them into a table with one binary COPY; returns how many rows it took. */
    private long copy(Connection connection, String table, List<VaultStore.Copy> copies) throws SQLException {
        PGConnection pg = connection.unwrap(PGConnection.class);
        try (CopyOut out = new CopyOut(new PGCopyOutputStream(pg, "copy " + table + " (run_id, plan_id, target,"
                + " table_name, row_ref, order_id, key_id, nonce, ciphertext) from stdin (format binary)", 1 << 16))) {
            out.header();
            for (VaultStore.Copy c : copies) {
                VaultCipher.Sealed sealed = cipher.seal(c.image().toBytes(), c.place());
                out.tuple(9);
                out.int8(c.runId());
                out.int8(c.planId());
                out.text(c.target());
                out.text(c.tableName());
                out.text(c.rowRef());
                out.text(c.orderId());
                out.text(sealed.keyId());
                out.bytes(sealed.nonce());
                out.bytes(sealed.ciphertext());
            }
            return out.trailer();
        } catch (IOException e) {
            // the driver's failure as it was (its SQL state tells a refused copy or a lost connection from the rest)
            if (e.getCause() instanceof SQLException cause) {
                throw cause;
            }
            throw new SQLException("cannot send the vault copies: " + e.getMessage(), "08006", e);
        }
    }

    /** The session's temporary table the copies are sent into before they are added. */
    private static final String STAGED = "\"sealing$vault_copy_in\"";

    private static final String STAGING = "create temporary table if not exists " + STAGED + " (run_id bigint,"
            + " plan_id bigint, target text, table_name text, row_ref text, order_id text, key_id text, nonce bytea,"
            + " ciphertext bytea) on commit delete rows";

    /** PostgreSQL's binary COPY format, written to a COPY's stream. */
    private static final class CopyOut implements AutoCloseable {

        private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0};

        private final PGCopyOutputStream copy;
        private final DataOutputStream out;

        CopyOut(PGCopyOutputStream copy) {
            this.copy = copy;
            this.out = new DataOutputStream(copy);
        }

        void header() throws IOException {
            out.write(SIGNATURE);
            out.writeInt(0);
            out.writeInt(0);
        }

        void tuple(int fields) throws IOException {
            out.writeShort(fields);
        }

        void int8(long value) throws IOException {
            out.writeInt(8);
            out.writeLong(value);
        }

        void text(String value) throws IOException {
            bytes(value.getBytes(StandardCharsets.UTF_8));
        }

        void bytes(byte[] value) throws IOException {
            out.writeInt(value.length);
            out.write(value);
        }

        long trailer() throws IOException {
            out.writeShort(-1);
            out.flush();
            try {
                return copy.endCopy();
            } catch (SQLException e) {
                throw new IOException(e.getMessage(), e);
            }
        }

        @Override
        public void close() throws IOException {
            // a COPY not ended (a failure half-way) is cancelled, which fails the transaction
            if (copy.isActive()) {
                try {
                    copy.cancelCopy();
                } catch (SQLException e) {
                    throw new IOException(e.getMessage(), e);
                }
            }
        }
    }
}
