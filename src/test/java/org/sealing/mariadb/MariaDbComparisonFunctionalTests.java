package org.sealing.mariadb;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sealing.targetdb.dialect.MariaDbDialect;
import org.sealing.targetdb.dialect.RemediationSql;

/**
 * The comparisons MariaDB's remediation SQL makes mean what PostgreSQL's do (SPEC section 6), on a real
 * server and on columns of MariaDB's usual case-insensitive, PAD SPACE collations.
 */
class MariaDbComparisonFunctionalTests {

    private static final RemediationSql SQL = MariaDbDialect.INSTANCE.remediation();
    private static TestMariaDb.Database db;

    @BeforeAll
    static void server() throws Exception {
        TestMariaDb.assumeAvailable();
        db = TestMariaDb.create("compare");
        db.execute("create table val (id int primary key, v varchar(100) collate utf8mb4_general_ci)");
    }

    @AfterAll
    static void drop() throws Exception {
        if (db != null) {
            db.drop();
        }
    }

    /** Trailing spaces count: a value with them is not the mask's constant, as on PostgreSQL. */
    @Test
    void trailingSpacesMakeAnotherText() throws Exception {
        assertThat(answer(SQL.sameText("v", "'REDACTED'"), "REDACTED  ")).isEqualTo("0");
        assertThat(answer(SQL.sameText("v", "'REDACTED'"), "REDACTED")).isEqualTo("1");
        assertThat(answer(SQL.sameText("v", "'REDACTED'"), "redacted")).isEqualTo("0");
    }

    /** A hash is 64 hexadecimal digits and nothing after them, not even a final line break. */
    @Test
    void aHashIsSixtyFourHexDigitsAndNothingMore() throws Exception {
        String hash = "0123456789abcdef".repeat(4);
        assertThat(answer(SQL.isHash("v"), hash)).isEqualTo("1");
        assertThat(answer(SQL.isHash("v"), hash + "\n")).isEqualTo("0");
        assertThat(answer(SQL.isHash("v"), hash.toUpperCase())).isEqualTo("0");
        assertThat(answer(SQL.isHash("v"), hash.substring(1))).isEqualTo("0");
    }

    /**
     * An identifier keeps its ASCII letters and digits only, whatever the column's collation: the long s and
     * the Kelvin sign, which a case-insensitive match would take for s and k, are dropped as PostgreSQL drops them.
     */
    @Test
    void anIdentifierIsNormalisedToItsAsciiLettersAndDigitsOnlyOnACaseInsensitiveColumn() throws Exception {
        String normalised = MariaDbDialect.INSTANCE.normalisedIdentifier(
                new org.sealing.catalog.live.LiveCatalog.Column("v", "varchar(100)", "varchar", 'S', 100, false, false),
                null);
        assertThat(answer(normalised, "\u017f1234")).isEqualTo("1234");
        assertThat(answer(normalised, "\u212a99-x")).isEqualTo("99X");
        assertThat(answer(normalised, "q-12 34")).isEqualTo("Q1234");
    }

    /** The answer of an expression over column {@code v} of a row holding this value. */
    private static String answer(String expression, String value) throws SQLException {
        try (Connection c = TestMariaDb.root(db.name())) {
            c.setAutoCommit(false);
            try (PreparedStatement ins = c.prepareStatement("insert into val values (1, ?)")) {
                ins.setString(1, value);
                ins.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("select " + expression + " from val");
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            } finally {
                c.rollback();
            }
        }
    }
}
