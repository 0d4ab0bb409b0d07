package org.sealing.mariadb;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sealing.targetdb.SealedCasesTable;
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
    private static final String CASES = SealedCasesTable.name(MariaDbDialect.INSTANCE);
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
        // connected as a target is: statements prepared on the server, 500 rows of 6 parameters each
        try (Connection c = asTarget()) {
            c.setAutoCommit(false);
            for (int session = 1; session <= 2; session++) {
                execute(c, SQL.createCases(CASES).toArray(new String[0]));
                try (RemediationSql.BulkRows rows = SQL.loadCases(c, CASES, SealedCasesTable.COLUMNS)) {
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

    /**
     * A statement's parameters (a sealed row's key, a register identifier) are sent apart from it: the
     * server's process list, which any user with PROCESS sees, shows the statement with its {@code ?}.
     */
    @Test
    void aStatementsParametersNeverShowInTheServersProcessList() throws Exception {
        try (Connection holder = TestMariaDb.root(db.name()); Connection target = asTarget();
                Connection watcher = TestMariaDb.root(null)) {
            execute(holder, "create table person (id int primary key, name varchar(40))",
                    "insert into person values (1, 'KEPT')");
            holder.setAutoCommit(false);
            execute(holder, "update person set name = name where id = 1");
            long id;
            try (Statement s = target.createStatement(); ResultSet rs = s.executeQuery("select connection_id()")) {
                rs.next();
                id = rs.getLong(1);
            }
            // the target's update waits for the holder's row lock, in the process list meanwhile
            CompletableFuture<Integer> update = CompletableFuture.supplyAsync(() -> {
                try (PreparedStatement ps = target.prepareStatement("update person set name = ? where id = ?")) {
                    ps.setString(1, "SMITH, JOHN 12345678A");
                    ps.setInt(2, 1);
                    return ps.executeUpdate();
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            String info = null;
            try (PreparedStatement ps = watcher.prepareStatement("select info from information_schema.processlist"
                    + " where id = ? and info like 'update person%'")) {
                ps.setLong(1, id);
                while (info == null && !update.isDone()) {
                    try (ResultSet rs = ps.executeQuery()) {
                        info = rs.next() ? rs.getString(1) : null;
                    }
                }
            }
            holder.rollback();

            assertThat(update.get()).isEqualTo(1);
            assertThat(info).isEqualTo("update person set name = ? where id = ?").doesNotContain("SMITH");
        }
    }

    /** A register field may have 256 characters (the feed's limit): the case table holds each of them whole. */
    @Test
    void theCasesTableHoldsFieldsOfTheFeedsLongestLength() throws Exception {
        String longest = "N".repeat(org.sealing.register.FeedColumn.MAX_FIELD_CHARS);
        try (Connection c = asTarget()) {
            c.setAutoCommit(false);
            execute(c, SQL.createCases(CASES).toArray(new String[0]));
            try (RemediationSql.BulkRows rows = SQL.loadCases(c, CASES, SealedCasesTable.COLUMNS)) {
                rows.row(longest, longest, longest, longest, longest, LocalDate.of(2017, 1, 1));
                assertThat(rows.finish()).isEqualTo(1);
            }
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select concat(order_id, statute,"
                    + " arrest_number, nysid, docket_number) from " + CASES)) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo(longest.repeat(5));
            }
            c.rollback();
        }
    }

    /** A connection with the properties the product connects to a MariaDB target with. */
    private static Connection asTarget() throws SQLException {
        Properties p = MariaDbDialect.INSTANCE.driverProperties();
        p.setProperty("user", TestMariaDb.credentials()[0]);
        p.setProperty("password", TestMariaDb.credentials()[1]);
        return DriverManager.getConnection(db.url(), p);
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
