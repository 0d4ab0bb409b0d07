package org.sealing.mariadb;

import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * The local MariaDB server the MariaDB tests use ({@code SEALING_TEST_MARIADB_URL}, default
 * {@code jdbc:mariadb://127.0.0.1:3306/} as root without a password): a database of its own per test
 * class, and users of their own. Where the server cannot be reached, the tests are skipped with the
 * reason printed, unless {@code SEALING_TEST_REQUIRE_MARIADB=1} (environment or system property) makes
 * them fail.
 */
public final class TestMariaDb {

    private static final String SERVER = setting("SEALING_TEST_MARIADB_URL", "jdbc:mariadb://127.0.0.1:3306/");

    private TestMariaDb() {
    }

    private static String setting(String name, String otherwise) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank() || value.startsWith("${")) {
            value = System.getenv(name);
        }
        return value == null || value.isBlank() ? otherwise : value;
    }

    /** Whether the MariaDB tests must run (CI) rather than be skipped where the server is absent. */
    static boolean required() {
        String v = setting("SEALING_TEST_REQUIRE_MARIADB", "");
        return v.equals("1") || v.equalsIgnoreCase("true");
    }

    /**
     * Skips the calling test class (or fails it, when required) unless the server answers and knows
     * the court's zone by name.
     */
    public static void assumeAvailable() {
        String reason = problem();
        if (reason == null) {
            return;
        }
        if (required()) {
            fail("SEALING_TEST_REQUIRE_MARIADB is set and " + reason);
        }
        System.err.println("skipped: " + reason);
        Assumptions.assumeTrue(false, reason);
    }

    private static String problem() {
        try (Connection c = root(null); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select convert_tz('2000-01-01 00:00:00', '+00:00', 'America/New_York')"
                        + " is not null")) {
            rs.next();
            if (!rs.getBoolean(1)) {
                return "the MariaDB server at " + SERVER + " has no time zone tables (mariadb-tzinfo-to-sql"
                        + " /usr/share/zoneinfo | mariadb -u root mysql loads them)";
            }
            return null;
        } catch (SQLException e) {
            return "no MariaDB server at " + SERVER + " (" + e.getMessage() + "); .ci/run starts the installed one";
        }
    }

    /** The server's URL, to which a database's name is appended. */
    static String serverUrl() {
        return SERVER;
    }

    /** The user the tests log in as, and its password. */
    static String[] credentials() {
        return new String[] {setting("SEALING_TEST_MARIADB_USER", "root"), setting("SEALING_TEST_MARIADB_PASSWORD", "")};
    }

    static Connection root(String database) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", setting("SEALING_TEST_MARIADB_USER", "root"));
        p.setProperty("password", setting("SEALING_TEST_MARIADB_PASSWORD", ""));
        p.setProperty("connectTimeout", "3000");
        return DriverManager.getConnection(SERVER + (database == null ? "" : database), p);
    }

    /** A new database {@code sealing_t_<purpose>_<random>}, with users of its own, dropped by {@link Database#drop()}. */
    public static Database create(String purpose) throws SQLException {
        String name = "sealing_t_" + purpose + "_" + UUID.randomUUID().toString().substring(0, 8);
        try (Connection c = root(null); Statement s = c.createStatement()) {
            s.execute("create database `" + name + "`");
        }
        return new Database(name);
    }

    /** One test database on the server. */
    public static final class Database {

        private final String name;
        private final List<String> users = new ArrayList<>();

        private Database(String name) {
            this.name = name;
        }

        public String name() {
            return name;
        }

        /** The JDBC URL of the database, as a target file names it. */
        public String url() {
            return SERVER + name;
        }

        /** The same database under the {@code jdbc:mysql:} scheme. */
        public String mysqlUrl() {
            return url().replaceFirst("^jdbc:mariadb:", "jdbc:mysql:");
        }

        /** Runs statements as root in this database. */
        public void execute(String... statements) throws SQLException {
            try (Connection c = root(name); Statement s = c.createStatement()) {
                for (String sql : statements) {
                    s.execute(sql);
                }
            }
        }

        /** The rows of a query as text, one line each (columns joined with '|'), for comparisons. */
        public List<String> rows(String sql) throws SQLException {
            List<String> rows = new ArrayList<>();
            try (Connection c = root(name); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    StringBuilder row = new StringBuilder();
                    for (int i = 1; i <= n; i++) {
                        row.append(i > 1 ? "|" : "").append(rs.getString(i));
                    }
                    rows.add(row.toString());
                }
            }
            return rows;
        }

        /** A new user of this database with a password and no privileges; its name. */
        public String user(String password) throws SQLException {
            String user = "st_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            execute("create user '" + user + "'@'%' identified by '" + password + "'");
            users.add(user);
            return user;
        }

        public void drop() throws SQLException {
            try (Connection c = root(null); Statement s = c.createStatement()) {
                s.execute("drop database if exists `" + name + "`");
                for (String user : users) {
                    s.execute("drop user if exists '" + user + "'@'%'");
                }
            }
        }
    }
}
