package org.sealing.vault;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import org.sealing.SealingProperties;

import org.sealing.support.FunctionalTestSupport;
import org.sealing.support.TestControlDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The vault's table as the apply and the restore use it: one copy per plan row however often it is put,
 * copies that cannot be changed or emptied (only deleted once restored), and a copy that was changed,
 * moved to another row or made under an unknown key fails to open, naming the copy and never a value;
 * in the control database or in a database of its own.
 */
class VaultStoreFunctionalTests extends FunctionalTestSupport {

    private static final RowImage ROW = new RowImage(List.of(new RowImage.Column("id", "int4", "1"),
            new RowImage.Column("last_name", "text", "DOE"), new RowImage.Column("dob", "date", "1980-01-02")));

    @Autowired
    VaultStore store;

    @Autowired
    DataSource dataSource;

    @BeforeEach
    void emptyVault() {
        jdbc.update("delete from vault_copy");
    }

    @Test
    void aPlanRowHasOneCopyHoweverOftenItIsPutAndItsCopyIsTheLatest() throws Exception {
        assertThat(put(store, copy(1, "ref-1", ROW), copy(2, "ref-2", ROW))).isEqualTo(2);
        RowImage other = new RowImage(List.of(new RowImage.Column("id", "int4", "9")));

        // a chunk done again (its target's change had not committed) puts the same plan rows again, as they are
        // now (another session changed them meanwhile), with one more
        assertThat(put(store, copy(1, "ref-1", other), copy(2, "ref-2", other), copy(3, "ref-3", other))).isEqualTo(1);

        assertThat(jdbc.queryForObject("select count(*) from vault_copy", Long.class)).isEqualTo(3);
        List<VaultStore.OpenedCopy> opened = opened(store);
        assertThat(opened).extracting(o -> o.copy().planId()).containsExactlyInAnyOrder(1L, 2L, 3L);
        assertThat(opened).allSatisfy(o -> assertThat(o.copy().image()).isEqualTo(other));
        assertThat(opened).filteredOn(o -> o.copy().planId() == 1L).extracting(o -> o.copy().rowRef())
                .containsExactly("ref-1");
        assertThat(opened.get(0).createdAt()).isNotNull();
        assertThat(jdbc.queryForObject("select count(distinct key_id) from vault_copy", Long.class)).isEqualTo(1);
    }

    @Test
    void putsInOneTransactionAddEachPlanRowOnceWhetherTheirCopiesGoStraightInOrThroughTheStagingTable()
            throws Exception {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            assertThat(store.put(c, List.of(copy(1, "ref-1", ROW), copy(2, "ref-2", ROW)))).isEqualTo(2);
            // plan row 2 has its copy: this put goes through the staging table
            assertThat(store.put(c, List.of(copy(2, "ref-2", ROW), copy(3, "ref-3", ROW)))).isEqualTo(1);
            assertThat(store.put(c, List.of(copy(4, "ref-4", ROW)))).isEqualTo(1);
            // the staging table still holds plan rows 2 and 3, which are not added twice
            assertThat(store.put(c, List.of(copy(1, "ref-1", ROW), copy(5, "ref-5", ROW)))).isEqualTo(1);
            c.commit();
        }
        // a replaced copy is a new row of the vault: the copies come in the order they were made
        assertThat(opened(store)).extracting(o -> o.copy().planId()).containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L);
        // a connection without a transaction gets one for the put
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            assertThat(store.put(c, List.of(copy(5, "ref-5", ROW), copy(6, "ref-6", ROW)))).isEqualTo(1);
            assertThat(c.getAutoCommit()).isTrue();
        }
        assertThat(jdbc.queryForObject("select count(*) from vault_copy", Long.class)).isEqualTo(6);
    }

    @Test
    void aCopyIsAddedOnlyWhenItsTransactionCommits() throws Exception {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            store.put(c, List.of(copy(1, "ref-1", ROW)));
            c.rollback();
        }
        assertThat(jdbc.queryForObject("select count(*) from vault_copy", Long.class)).isZero();
    }

    @Test
    void copiesCannotBeChangedNorEmptiedButARestoredOneIsDeleted() throws Exception {
        put(store, copy(1, "ref-1", ROW), copy(2, "ref-2", ROW));

        assertThatThrownBy(() -> jdbc.update("update vault_copy set row_ref = 'x' where plan_id = 1"))
                .hasMessageContaining("the vault keeps its copies as they were made: UPDATE on vault_copy is not allowed");
        assertThatThrownBy(() -> jdbc.execute("truncate vault_copy"))
                .hasMessageContaining("the vault keeps its copies as they were made: TRUNCATE on vault_copy is not allowed");
        assertThat(jdbc.queryForObject("select count(*) from vault_copy", Long.class)).isEqualTo(2);

        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            assertThat(store.delete(c, List.of(1L, 99L))).isEqualTo(1);
            c.commit();
        }
        assertThat(opened(store)).extracting(o -> o.copy().planId()).containsExactly(2L);
    }

    @Test
    void aChangedOrMovedCopyOrOneUnderAnUnknownKeyFailsToOpenNamingTheCopyAndNoValue() throws Exception {
        put(store, copy(1, "ref-1", ROW));
        long copyId = jdbc.queryForObject("select copy_id from vault_copy", Long.class);

        // changed: one bit of its ciphertext
        behindTheGuard("update vault_copy set ciphertext = set_byte(ciphertext, 5, get_byte(ciphertext, 5) # 1)");
        assertThatThrownBy(() -> opened(store)).isInstanceOf(VaultException.class)
                .hasMessage("vault copy " + copyId + ": the vault copy of plan row 1 (t public.person, row ref-1) fails"
                        + " its integrity check under vault key id " + VaultKey.of(TEST_VAULT_KEY).id()
                        + ": it was changed, or moved from another row");
        behindTheGuard("update vault_copy set ciphertext = set_byte(ciphertext, 5, get_byte(ciphertext, 5) # 1)");
        assertThat(opened(store)).hasSize(1);

        // moved to another row
        behindTheGuard("update vault_copy set row_ref = 'ref-2'");
        assertThatThrownBy(() -> opened(store)).isInstanceOf(VaultException.class)
                .hasMessageContaining("vault copy " + copyId + ": ").hasMessageContaining("row ref-2")
                .hasMessageContaining("it was changed, or moved from another row").hasMessageNotContaining("DOE");
        behindTheGuard("update vault_copy set row_ref = 'ref-1'");

        // under a key this vault does not know
        behindTheGuard("update vault_copy set key_id = 'ffffffffffffffff'");
        assertThatThrownBy(() -> opened(store)).isInstanceOf(VaultException.class)
                .hasMessageContaining("vault copy " + copyId + ": ")
                .hasMessageContaining("was made under vault key id ffffffffffffffff")
                .hasMessageContaining("SEALING_VAULT_OLD_KEYS").hasMessageNotContaining("DOE").hasMessageNotContaining("1980");
    }

    @Test
    void afterARotationTheOldCopiesOpenWithTheOldKeyAndNewOnesUseTheNewKey() throws Exception {
        put(store, copy(1, "ref-1", ROW));
        String newKey = "rotated-vault-key-0123456789abcdef0123456789";
        VaultStore rotated = new VaultStore(new VaultCipher(newKey, List.of(TEST_VAULT_KEY)), dataSource, properties());
        VaultStore forgotten = new VaultStore(new VaultCipher(newKey, List.of()), dataSource, properties());

        put(rotated, copy(2, "ref-2", ROW));

        assertThat(opened(rotated)).extracting(o -> o.copy().image()).containsExactly(ROW, ROW);
        assertThat(jdbc.queryForList("select key_id from vault_copy order by plan_id", String.class))
                .containsExactly(VaultKey.of(TEST_VAULT_KEY).id(), VaultKey.of(newKey).id());
        assertThatThrownBy(() -> opened(forgotten)).isInstanceOf(VaultException.class)
                .hasMessageContaining("was made under vault key id " + VaultKey.of(TEST_VAULT_KEY).id());
    }

    @Test
    void aVaultInADatabaseOfItsOwnIsMigratedThereAndKeepsItsCopiesThere() throws Exception {
        TestControlDatabase.Database vaultDb = TestControlDatabase.create();
        SealingProperties p = properties();
        SealingProperties elsewhere = new SealingProperties(p.home(), p.configDir(), p.inbox(), p.reports(), p.hmacKey(),
                p.zone(), p.control(), p.importing(), p.remediation(), p.serve(), p.log(),
                new SealingProperties.Vault(TEST_VAULT_KEY, null, vaultDb.url(), vaultDb.user(), vaultDb.password()));
        VaultCipher cipher = new VaultCipher(TEST_VAULT_KEY, List.of());

        VaultStore first = new VaultStore(cipher, dataSource, elsewhere);
        assertThat(first.inControlDatabase()).isFalse();
        assertThat(store.inControlDatabase()).isTrue();
        try {
            try (Connection c = first.dataSource().getConnection()) {
                c.setAutoCommit(false);
                assertThat(first.put(c, List.of(copy(1, "ref-1", ROW), copy(2, "ref-2", ROW)))).isEqualTo(2);
                c.commit();
            }
            assertThat(jdbc.queryForObject("select count(*) from vault_copy", Long.class)).isZero();
            JdbcTemplate vaultJdbc = new JdbcTemplate(first.dataSource());
            assertThatThrownBy(() -> vaultJdbc.update("update vault_copy set key_id = 'x'"))
                    .hasMessageContaining("the vault keeps its copies as they were made: UPDATE on vault_copy");
            assertThat(vaultJdbc.queryForObject("select count(*) from vault_schema_history where success", Long.class))
                    .isEqualTo(1);
        } finally {
            first.destroy();
        }

        // the next start finds the table migrated, and the copies
        VaultStore again = new VaultStore(cipher, dataSource, elsewhere);
        try {
            assertThat(opened(again)).extracting(o -> o.copy().image()).containsExactly(ROW, ROW);
            try (Connection c = again.dataSource().getConnection()) {
                assertThat(again.delete(c, List.of(1L, 2L))).isEqualTo(2);
            }
            assertThat(opened(again)).isEmpty();
        } finally {
            again.destroy();
        }
    }

    private static VaultStore.Copy copy(long planId, String rowRef, RowImage image) {
        return new VaultStore.Copy(5, planId, "t", "public.person", rowRef, "O-STORE", image);
    }

    private int put(VaultStore into, VaultStore.Copy... copies) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            int added = into.put(c, List.of(copies));
            c.commit();
            return added;
        }
    }

    private static List<VaultStore.OpenedCopy> opened(VaultStore from) throws SQLException {
        List<VaultStore.OpenedCopy> all = new ArrayList<>();
        from.copiesOf("O-STORE", all::add);
        return all;
    }

    /** What only someone with the database's superuser can do: change a copy with its guard set aside. */
    private void behindTheGuard(String sql) {
        jdbc.execute((Connection c) -> {
            c.setAutoCommit(false);
            try (var s = c.createStatement()) {
                s.execute("set local session_replication_role = replica");
                s.execute(sql);
                c.commit();
            } finally {
                c.setAutoCommit(true);
            }
            return null;
        });
    }
}
