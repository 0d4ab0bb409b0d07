package org.sealing.vault;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;

import org.sealing.support.FunctionalTestSupport;
import org.sealing.support.TestControlDatabase;
import org.sealing.targetdb.Sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A purged row comes back exactly: rows of every column type common systems use, with their edge values
 * and nulls, are read from a target database, sealed into the vault, opened and inserted into an empty copy
 * of their table, and every column of every row is the same as before, whether the driver received the
 * values as text or in binary, and whatever the restoring session's time zone.
 */
class VaultRoundTripFunctionalTests extends FunctionalTestSupport {

    private static final String COLUMNS = """
            id int primary key, c_text text, c_varchar varchar(20), c_char char(5), c_int2 int2, c_int4 int4,
            c_int8 int8, c_numeric numeric(12,4), c_numeric_free numeric, c_float4 float4, c_float8 float8,
            c_bool boolean, c_date date, c_time time, c_timetz timetz, c_timestamp timestamp(6),
            c_timestamptz timestamptz, c_interval interval, c_bytea bytea, c_uuid uuid, c_json json, c_jsonb jsonb,
            c_text_array text[], c_int_array int[], c_inet inet, c_cidr cidr
            """;

    private static final List<String> ROWS = List.of("""
            (1, 'Doe', 'Smith', 'ab', 1, 2, 3, 12.3400, 1.10, 1.5, 0.1, true, '1980-01-02', '13:45:06.123456',
             '13:45:06+05:30', '2001-02-03 04:05:06.789', '2001-02-03 04:05:06.789+05:30',
             '1 year 2 mons 3 days 04:05:06.5', '\\x00ff10', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',
             '{"b": 1,  "a": [1, 2]}', '{"b": 1, "a": [1, 2.50]}', '{"a","b c",NULL,"\\"q\\"",""}', '{1,NULL,-3}',
             '192.168.0.1/24', '10.0.0.0/8')""", """
            (2, '', ' ', ' ', -32768, -2147483648, -9223372036854775808, -99999999.9999,
             0.000000000000000000001000, 'NaN', '-Infinity', false, '4713-01-01 BC', '00:00:00', '00:00:00-15:59',
             '0001-01-01 00:00:00', '0044-03-15 12:00:00 BC', '-178000000 years -1 microsecond', '\\x',
             '00000000-0000-0000-0000-000000000000', '[]', 'null', '{}', '{}', '::1', '::/0')""", """
            (3, E'line\\nnext \\\\ tab\\t quote'' é ✓ 😀', 'x', 'abcde', 32767, 2147483647,
             9223372036854775807, 'NaN', 123456789012345678901234567890.123456789, 'Infinity', 5e-324, true,
             'infinity', '24:00:00', '24:00:00+15:59', '-infinity', 'infinity', '-1 days +02:03:04',
             decode(repeat('00ff7f80', 64), 'hex'), 'ffffffff-ffff-ffff-ffff-ffffffffffff', '"\\u00e9"',
             '{"k": "\\u00e9", "n": 1e400}', '{"{}","NULL","null"}', '{}', 'fe80::1/64', '0.0.0.0/0')""", """
            (4, 'Ünïcödé', 'mixed CASE', 'x', 0, 0, 0, 0.0000, -0.0, 1.17549435e-38, 1.7976931348623157e308, null,
             '5874897-12-31', '23:59:59.999999', '23:59:59.999999-15:59', '294276-12-31 23:59:59.999999',
             '1999-12-31 23:59:59.999999+00', '178000000 years', '\\x0a0d09', null, '  {"a":1}  ', '{}',
             '{"a,b","{c}"}', '{2147483647,-2147483648}', '255.255.255.255', '192.168.0.0/16')""",
            "(5, " + String.join(", ", java.util.Collections.nCopies(25, "null")) + ")");

    private static TestControlDatabase.Database target;

    @Autowired
    VaultStore store;

    @BeforeAll
    static void aTargetWithATableOfEveryType() throws SQLException {
        target = TestControlDatabase.create();
        try (Connection c = connect(new Properties()); Statement s = c.createStatement()) {
            s.execute("create table person (" + COLUMNS + ")");
            s.execute("create table person_back (like person including all)");
            s.execute("insert into person values " + String.join(", ", ROWS));
        }
    }

    @AfterAll
    static void closeTarget() {
        target = null;
    }

    @BeforeEach
    void emptyVault() {
        jdbc.update("delete from vault_copy");
    }

    /**
     * {@code prepareThreshold=-1} makes the driver receive every value it can in binary from the first
     * execution; the default receives text until a statement has run five times.
     */
    @ParameterizedTest
    @ValueSource(strings = {"text", "binary"})
    void everyValueOfEveryTypeComesBackExactlyThroughTheVault(String transfer) throws Exception {
        Properties reading = new Properties();
        if (transfer.equals("binary")) {
            reading.setProperty("prepareThreshold", "-1");
            reading.setProperty("binaryTransfer", "true");
            reading.setProperty("binaryTransferDisable", RowImage.TEXT_TRANSFER_TYPES);
        }
        List<RowImage> images = new ArrayList<>();
        try (Connection c = connect(reading); Statement s = c.createStatement()) {
            s.execute("set timezone = 'America/New_York'");
            try (PreparedStatement ps = c.prepareStatement("select * from person order by id");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    images.add(RowImage.read(rs));
                }
            }
        }
        assertThat(images).hasSize(ROWS.size());
        assertThat(images.get(0).columns().get(0)).isEqualTo(new RowImage.Column("id", "int4", "1"));

        List<VaultStore.Copy> copies = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            copies.add(new VaultStore.Copy(1, 100 + i, "t", "public.person", "ref-" + i, "O-RT", images.get(i)));
        }
        try (Connection control = store.dataSource().getConnection()) {
            control.setAutoCommit(false);
            assertThat(store.put(control, copies)).isEqualTo(ROWS.size());
            control.commit();
        }
        assertThat(jdbc.queryForObject("select count(*) from vault_copy where ciphertext::text like '%536d697468%'"
                + " or encode(ciphertext, 'escape') like '%Smith%'", Long.class)).isZero();

        List<VaultStore.OpenedCopy> opened = new ArrayList<>();
        store.copiesOf("O-RT", opened::add);

        try (Connection c = connect(new Properties()); Statement s = c.createStatement()) {
            s.execute("truncate person_back");
            // another zone than the reading session's: a timestamptz is an instant, not a wall-clock text
            s.execute("set timezone = 'Pacific/Chatham'");
            for (VaultStore.OpenedCopy copy : opened) {
                try (PreparedStatement insert = c.prepareStatement(copy.copy().image()
                        .insertInto(Sql.qualified("public", "person_back")))) {
                    copy.copy().image().bind(insert, 1);
                    insert.executeUpdate();
                }
            }
            assertThat(opened).extracting(o -> o.copy().planId()).containsExactly(100L, 101L, 102L, 103L, 104L);
            assertThat(differences(c)).as(transfer).isEmpty();
        }
    }

    @Test
    void aValueTheDriverReceivedInBinaryAndWouldRenderInexactlyIsRefusedNamingItsColumnOnly() throws Exception {
        Properties binary = new Properties();
        binary.setProperty("prepareThreshold", "-1");
        try (Connection c = connect(binary);
                PreparedStatement ps = c.prepareStatement("select id, c_date from person where id = 2");
                ResultSet rs = ps.executeQuery()) {
            assertThat(rs.next()).isTrue();
            assertThatThrownBy(() -> RowImage.read(rs)).isInstanceOf(VaultException.class)
                    .hasMessageStartingWith("column c_date (date) was received in binary, which the driver does not"
                            + " render exactly: connect with binaryTransferDisable=NUMERIC,DATE,")
                    .hasMessageNotContaining("4713");
        }
    }

    /** The rows and columns where the copy differs from the original, compared as text and as values. */
    private static List<String> differences(Connection c) throws SQLException {
        List<String> names = new ArrayList<>();
        try (ResultSet rs = c.getMetaData().getColumns(null, "public", "person", null)) {
            while (rs.next()) {
                names.add(rs.getString("COLUMN_NAME"));
            }
        }
        assertThat(names).hasSize(26);
        String columns = names.stream().map(n -> "case when a." + Sql.quote(n) + "::text is distinct from b."
                + Sql.quote(n) + "::text or pg_typeof(a." + Sql.quote(n) + ") <> pg_typeof(b." + Sql.quote(n)
                + ") then " + Sql.literal(n) + " end").collect(Collectors.joining(", "));
        List<String> found = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select coalesce(a.id, b.id),"
                + " a.id is null or b.id is null, array_remove(array[" + columns + "], null)"
                + " from person a full join person_back b on a.id = b.id")) {
            while (rs.next()) {
                List<String> cols = List.of((String[]) rs.getArray(3).getArray());
                if (rs.getBoolean(2) || !cols.isEmpty()) {
                    found.add("row " + rs.getInt(1) + (rs.getBoolean(2) ? " missing" : " differs in " + cols));
                }
            }
        }
        return found;
    }

    private static Connection connect(Properties extra) throws SQLException {
        Properties p = new Properties();
        if (target.user() != null) {
            p.setProperty("user", target.user());
        }
        if (target.password() != null) {
            p.setProperty("password", target.password());
        }
        p.putAll(extra);
        return DriverManager.getConnection(target.url(), p);
    }
}
