package org.sealing.control;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import org.sealing.SealingProperties;

/**
 * Where the control database is: an external PostgreSQL named by {@code SEALING_CONTROL_URL}, or the
 * embedded server under {@code .sealing/}, attached for as long as this object lives.
 */
public final class ControlDatabase implements AutoCloseable {

    private final String url;
    private final String user;
    private final String password;
    private final EmbeddedControlServer embedded;

    private ControlDatabase(String url, String user, String password, EmbeddedControlServer embedded) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.embedded = embedded;
    }

    public static ControlDatabase from(SealingProperties properties) {
        SealingProperties.Control control = properties.control();
        if (control.external()) {
            return new ControlDatabase(control.url().strip(), control.user(), control.password(), null);
        }
        EmbeddedControlServer server = EmbeddedControlServer.attach(properties.home());
        return new ControlDatabase(server.jdbcUrl(), server.user(), server.password(), server);
    }

    public boolean isEmbedded() {
        return embedded != null;
    }

    /** The directory of the embedded server, or null for an external control database. */
    public Path embeddedHome() {
        return embedded == null ? null : embedded.home();
    }

    public String url() {
        return url;
    }

    /** The URL of the server, without database and parameters: {@code jdbc:postgresql://host:port/}. */
    public String serverUrlPrefix() {
        String bare = displayUrl();
        int slash = bare.indexOf('/', "jdbc:postgresql://".length());
        return slash < 0 ? bare + "/" : bare.substring(0, slash + 1);
    }

    /** The database of the URL. */
    public String databaseName() {
        String bare = displayUrl();
        int slash = bare.indexOf('/', "jdbc:postgresql://".length());
        return slash < 0 ? "postgres" : bare.substring(slash + 1);
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    /** The URL without credentials or parameters, fit for messages. */
    public String displayUrl() {
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q);
    }

    /**
     * A connection of its own, outside the pool, for the advisory locks that prove a process alive: kept
     * alive by TCP keepalives on both ends and exempt from the server's idle and statement limits, so
     * that it ends only when the process or the network does.
     */
    public Connection openLockConnection() throws SQLException {
        Properties p = new Properties();
        if (user != null && !user.isBlank()) {
            p.setProperty("user", user);
        }
        if (password != null) {
            p.setProperty("password", password);
        }
        p.setProperty("tcpKeepAlive", "true");
        p.setProperty("connectTimeout", "10");
        // every statement on it is instant: a read that hangs this long means the network is gone
        p.setProperty("socketTimeout", "30");
        p.setProperty("logServerErrorDetail", "false");
        p.setProperty("ApplicationName", "sealctl locks");
        Connection c = DriverManager.getConnection(url, p);
        c.setAutoCommit(true);
        // the server notices a vanished client within a minute and frees its locks; the server's idle
        // limits, if any, must not end the one session whose life proves ours
        for (String setting : new String[] {"tcp_keepalives_idle = 15", "tcp_keepalives_interval = 5",
            "tcp_keepalives_count = 6", "idle_session_timeout = 0", "idle_in_transaction_session_timeout = 0",
            "statement_timeout = 0", "lock_timeout = 0"}) {
            try (Statement s = c.createStatement()) {
                s.execute("set " + setting);
            } catch (SQLException e) {
                // a server too old to know the setting has no such limit either
                org.slf4j.LoggerFactory.getLogger(ControlDatabase.class).debug("lock connection: cannot set {}: {}", setting,
                        e.getMessage());
            }
        }
        return c;
    }

    HikariDataSource newPool(int size) {
        return pool("control", url, user, password, size);
    }

    /**
     * A pool on a PostgreSQL database set up as the control database's is (the vault's own database uses
     * it too): it fails at once, with the driver's reason, when the database cannot be reached.
     */
    public static HikariDataSource pool(String name, String url, String user, String password, int size) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        config.setJdbcUrl(url);
        if (user != null && !user.isBlank()) {
            config.setUsername(user);
        }
        if (password != null) {
            config.setPassword(password);
        }
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(15_000);
        // fail at once, with the driver's reason, when the database cannot be reached
        config.setInitializationFailTimeout(1);
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        config.addDataSourceProperty("tcpKeepAlive", "true");
        // a server error must not carry a failing row's values (names, dates of birth) into a message
        config.addDataSourceProperty("logServerErrorDetail", "false");
        config.addDataSourceProperty("connectTimeout", "10");
        config.addDataSourceProperty("ApplicationName", "sealctl");
        return new HikariDataSource(config);
    }

    @Override
    public void close() {
        if (embedded != null) {
            embedded.close();
        }
    }
}
