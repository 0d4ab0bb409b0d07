package org.sealing.mariadb;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sealing.targetdb.TableSql;
import org.sealing.targetdb.dialect.MariaDbDialect;
import org.sealing.targetdb.dialect.RemediationSql;

/**
 * A MariaDB session's temporary tables outlive its transactions (a pooled connection keeps them): the
 * sealed cases loaded in bulk (several multi-row inserts) and a match set built from them are there while
 * planning reads them, and gone with the rollback that ends planning, so that no register identifier nor
 * key of a row stays behind in the session, as on PostgreSQL; the next planning makes them again.
 */
class MariaDbSessionFunctionalTests {

    private static final RemediationSql SQL = MariaDbDialect.INSTANCE.remediation();
    private static final String CASES = TableSql.cases(MariaDbDialect.INSTANCE);
    private static TestMariaDb.Database db;

    @BeforeAll
    static void server() throws Exception {
        TestMariaDb.assumeAvailable();
        db = TestMariaDb.create("session");
    }

    @AfterAll
    static void drop() throws Exception {
        if (db != null) {
            db.drop();
        }
    }

    @Test
    void theCasesAndMatchSetsOfASessionAreGoneWithItsRollbackAndMadeAgainNextTime() throws Exception {
        try (Connection c = TestMariaDb.root(db.name())) {
            c.setAutoCommit(false);
            for (int session = 1; session <= 2; session++) {
                execute(c, SQL.createCases(CASES).toArray(new String[0]));
                try (RemediationSql.BulkRows rows = SQL.loadCases(c, CASES, TableSql.CASE_COLUMNS)) {
                    for (int i = 0; i < 1201; i++) {
                        rows.row("W-" + i, "160.50", "K" + (i % 1000), null, null, LocalDate.of(2017, 1, 1));
                    }
                    assertThat(rows.finish()).isEqualTo(1201);
                }
                execute(c, SQL.createFirstPerKey("`sealing$m0`", "c.arrest_number, c.order_id as `sealing$order`",
                        CASES + " c", "c.arrest_number", "c.order_id").toArray(new String[0]));
                assertThat(count(c, CASES)).isEqualTo(1201);
                // one row per key, the first case by order
                assertThat(count(c, "`sealing$m0`")).isEqualTo(1000);

                c.rollback();

                assertThat(count(c, CASES)).as("session %d", session).isZero();
                assertThat(count(c, "`sealing$m0`")).as("session %d", session).isZero();
            }
        }
    }

    private static void execute(Connection c, String... statements) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    private static long count(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select count(*) from " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
