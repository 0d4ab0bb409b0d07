package org.sealing.support;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

import org.sealing.control.EmbeddedControlServer;

/**
 * A fresh control database for each test class, on a real PostgreSQL server: the embedded one (the
 * default, so tests pass on any machine with a JDK) or the server named by
 * {@code SEALING_TEST_CONTROL_URL} (with {@code SEALING_TEST_CONTROL_USER} and
 * {@code SEALING_TEST_CONTROL_PASSWORD}), on which the tests create and drop their own databases.
 */
public final class TestControlDatabase {

    /** Connection settings of one test database. */
    public record Database(String name, String url, String user, String password) {

        /**
         * A connection in the court's zone (the product's default, {@code America/New_York}), as the product's
         * own target sessions are: a time stamp with zone reads as the same text in both.
         */
        public Connection connect() throws SQLException {
            Connection c = java.sql.DriverManager.getConnection(url, user, password);
            try (Statement s = c.createStatement()) {
                s.execute("set time zone 'America/New_York'");
            } catch (SQLException e) {
                c.close();
                throw e;
            }
            return c;
        }

        /**
         * The rows of a query by their first column, ordered by it, the other columns joined with
         * {@code |} as the server writes them.
         */
        public Map<String, String> rows(String sql) throws SQLException {
            Map<String, String> rows = new LinkedHashMap<>();
            try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                    "select * from (" + sql + ") x order by 1")) {
                while (rs.next()) {
                    StringBuilder value = new StringBuilder();
                    for (int i = 2; i <= rs.getMetaData().getColumnCount(); i++) {
                        value.append(i > 2 ? "|" : "").append(rs.getString(i));
                    }
                    rows.put(rs.getString(1), value.toString());
                }
            }
            return rows;
        }
    }

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static Server server;

    private TestControlDatabase() {
    }

    private record Server(String urlPrefix, String urlSuffix, String adminDatabase, String user, String password) {

        String url(String database) {
            return urlPrefix + database + urlSuffix;
        }

        Connection admin() throws SQLException {
            Properties p = new Properties();
            if (user != null) {
                p.setProperty("user", user);
            }
            if (password != null) {
                p.setProperty("password", password);
            }
            return DriverManager.getConnection(url(adminDatabase), p);
        }
    }

    /** Creates an empty database for one test class. */
    public static synchronized Database create() {
        try {
            if (server == null) {
                server = connect();
                dropLeftovers();
                if (!external()) {
                    fastCommits();
                }
            }
            String name = "sealing_t_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
            try (Connection c = server.admin(); Statement s = c.createStatement()) {
                s.execute("create database " + name);
            }
            return new Database(name, server.url(name), server.user(), server.password());
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a test database: " + e.getMessage(), e);
        }
    }

    /**
     * The embedded test server commits without waiting for its WAL to reach the disk: the tests kill clients
     * (commands, workers), never this server, and the suite commits tens of thousands of small chunks. A
     * client killed sees exactly what it would with synchronous commits.
     */
    private static void fastCommits() throws SQLException {
        try (Connection c = server.admin(); Statement s = c.createStatement()) {
            s.execute("alter system set synchronous_commit = off");
            s.execute("select pg_reload_conf()");
        }
    }

    /** Whether the tests run against an external server rather than the embedded one. */
    public static boolean external() {
        String url = System.getenv("SEALING_TEST_CONTROL_URL");
        return url != null && !url.isBlank();
    }

    private static Server connect() {
        if (external()) {
            String url = System.getenv("SEALING_TEST_CONTROL_URL").strip();
            int slash = url.indexOf('/', "jdbc:postgresql://".length());
            int query = url.indexOf('?', slash);
            String database = query < 0 ? url.substring(slash + 1) : url.substring(slash + 1, query);
            String suffix = query < 0 ? "" : url.substring(query);
            String user = System.getenv().getOrDefault("SEALING_TEST_CONTROL_USER", "postgres");
            String password = System.getenv().getOrDefault("SEALING_TEST_CONTROL_PASSWORD", "");
            return new Server(url.substring(0, slash + 1), suffix, database.isEmpty() ? "postgres" : database, user,
                    password);
        }
        EmbeddedControlServer embedded = EmbeddedControlServer.attach(Path.of("target", "test-control-db"));
        Runtime.getRuntime().addShutdownHook(new Thread(embedded::close, "test-control-db-stop"));
        return new Server("jdbc:postgresql://127.0.0.1:" + embedded.port() + "/", "", "postgres", embedded.user(),
                embedded.password());
    }

    /**
     * Databases left by earlier test runs that were killed before they could drop them: those of a test JVM
     * that is no longer alive. Another test JVM running at the same time (Failsafe's forks share the embedded
     * server) keeps its databases, even one it has created and not yet connected to.
     */
    private static void dropLeftovers() throws SQLException {
        List<String> old = new ArrayList<>();
        try (Connection c = server.admin(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("select datname from pg_database where datname like 'sealing\\_t\\_%'")) {
                while (rs.next()) {
                    if (!ownerAlive(rs.getString(1))) {
                        old.add(rs.getString(1));
                    }
                }
            }
            for (String name : old) {
                try {
                    s.execute("drop database if exists " + name);
                } catch (SQLException inUse) {
                    // a process of another test run is still connected to it
                }
            }
        }
    }

    /**
     * Whether the test JVM named in a database's name {@code sealing_t_<pid>_<n>} (or a name derived from it)
     * is this one or still running.
     */
    static boolean ownerAlive(String database) {
        String[] parts = database.split("_");
        if (parts.length < 4 || !parts[2].matches("[0-9]{1,18}")) {
            return false;
        }
        long pid = Long.parseLong(parts[2]);
        return pid == ProcessHandle.current().pid() || ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
