package org.sealing.mariadb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sealing.targetdb.TargetFailures;

/**
 * The failures a real MariaDB server and Connector/J report mean to a run what PostgreSQL's do, and
 * their lines carry no value of a row: a row lock held past the session's wait is a lock timeout
 * (tried again after a pause) with the wait in its message, a duplicate key names the key and not
 * the entry, a user without privileges or with a wrong password is permanent or unreachable, as
 * PostgreSQL's are.
 */
class MariaDbFailuresFunctionalTests {

    private static TestMariaDb.Database db;

    @BeforeAll
    static void server() throws Exception {
        TestMariaDb.assumeAvailable();
        db = TestMariaDb.create("failures");
        db.execute("create table person (id int primary key, name varchar(40), unique key person_name (name))",
                "insert into person values (1, 'O''BRIEN, SEAN'), (2, 'SMITH, JOHN')");
    }

    @AfterAll
    static void drop() throws Exception {
        if (db != null) {
            db.drop();
        }
    }

    @Test
    void aRowLockHeldPastTheWaitIsALockTimeoutWithTheSessionsWait() throws Exception {
        try (Connection holder = TestMariaDb.root(db.name()); Connection waiter = TestMariaDb.root(db.name());
                Statement h = holder.createStatement(); Statement w = waiter.createStatement()) {
            holder.setAutoCommit(false);
            h.executeUpdate("update person set name = name where id = 1");
            w.execute("set session innodb_lock_wait_timeout = 1");

            SQLException e = catchThrowableOfType(SQLException.class,
                    () -> w.executeUpdate("update person set name = 'X' where id = 1"));

            assertThat(TargetFailures.isLockTimeout(e)).isTrue();
            assertThat(TargetFailures.isTransient(e)).isTrue();
            assertThat(TargetFailures.isCancelled(e)).isFalse();
            assertThat(TargetFailures.lockTimeoutOf(waiter)).isEqualTo("1s");
            assertThat(TargetFailures.describe(e)).startsWith("Lock wait timeout exceeded");
            holder.rollback();
        }
    }

    @Test
    void aDuplicateKeyNamesTheKeyAndNeverTheEntry() throws Exception {
        try (Connection c = TestMariaDb.root(db.name()); Statement s = c.createStatement()) {
            SQLException e = catchThrowableOfType(SQLException.class,
                    () -> s.executeUpdate("insert into person values (3, 'O''BRIEN, SEAN')"));

            assertThat(TargetFailures.describe(e)).isEqualTo("Duplicate entry (value not shown) for key 'person_name'"
                    + " [SQLSTATE 23000]").doesNotContain("BRIEN");
            assertThat(TargetFailures.isTransient(e)).isFalse();
            assertThat(TargetFailures.isUnreachable(e)).isFalse();
        }
    }

    @Test
    void aMissingPrivilegeIsPermanentAndAWrongPasswordUnreachable() throws Exception {
        String user = db.user("right");
        // no privilege at all on the database: MariaDB refuses to open it (1044), the target is not reached
        SQLException none = catchThrowableOfType(SQLException.class,
                () -> DriverManager.getConnection(db.url(), user, "right").close());
        assertThat(TargetFailures.isUnreachable(none)).isTrue();
        assertThat(TargetFailures.isTransient(none)).isFalse();

        db.execute("grant select on `" + db.name() + "`.person to '" + user + "'@'%'");
        try (Connection c = DriverManager.getConnection(db.url(), user, "right"); Statement s = c.createStatement()) {
            SQLException e = catchThrowableOfType(SQLException.class,
                    () -> s.executeUpdate("update person set name = 'X' where id = 2"));

            assertThat(TargetFailures.isTransient(e)).isFalse();
            assertThat(TargetFailures.isUnreachable(e)).isFalse();
            assertThat(TargetFailures.describe(e)).contains("UPDATE command denied").contains("`person`");
        }
        SQLException wrong = catchThrowableOfType(SQLException.class,
                () -> DriverManager.getConnection(db.url(), user, "wrong").close());
        assertThat(TargetFailures.isUnreachable(wrong)).isTrue();
        assertThat(TargetFailures.isTransient(wrong)).isFalse();

        try (Connection c = TestMariaDb.root(db.name()); Statement s = c.createStatement()) {
            SQLException missing = catchThrowableOfType(SQLException.class, () -> s.executeQuery("select * from nope"));
            assertThat(TargetFailures.isTransient(missing)).isFalse();
            assertThat(TargetFailures.isUnreachable(missing)).isFalse();
            assertThat(TargetFailures.describe(missing)).isEqualTo("Table '" + db.name() + ".nope' doesn't exist"
                    + " [SQLSTATE 42S02]");
        }
    }
}
