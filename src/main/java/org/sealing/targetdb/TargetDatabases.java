package org.sealing.targetdb;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.sealing.SealingProperties;
import org.sealing.catalog.TargetDefinition;
import org.sealing.job.RunningStatements;
import org.sealing.targetdb.dialect.TargetDialect;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.stereotype.Component;

/**
 * The connections to target databases: one small pool per target (transactions are explicit, so
 * connections come with auto-commit off), created on first use and closed with the application, each
 * in the {@link TargetDialect} its URL names (driver, properties, session settings, cancelling). A
 * server's error details, which may quote a row, are never requested.
 *
 * <p>Every session waits at most {@code SEALING_REMEDIATION_LOCKTIMEOUT} for a lock (a table or row
 * another session holds) and runs no statement longer than {@link #STATEMENT_TIMEOUT}, so that no
 * step hangs silently; and a connection a step borrows (from a pool or for a check) is registered
 * with the step's execution, so that a stop request cancels the statement it waits on.
 */
@Component
public class TargetDatabases implements DisposableBean {

    /** A guard against a statement stuck for a reason no lock explains; no statement of ours nears it. */
    public static final Duration STATEMENT_TIMEOUT = Duration.ofHours(1);

    /** The planner or verifier, and one spare connection. */
    private static final int READER_AND_SPARE = 2;

    /** A floor for small lane counts; see {@link #poolSize(int)}. */
    private static final int SMALLEST_POOL = 4;

    private final SealingProperties properties;
    private final RunningStatements statements;
    private final Map<String, DataSource> sources = new ConcurrentHashMap<>();
    private final Map<String, HikariDataSource> pools = new ConcurrentHashMap<>();

    public TargetDatabases(SealingProperties properties, RunningStatements statements) {
        this.properties = properties;
        this.statements = statements;
    }

    /** The pool of a target (the same one for the same connection settings). */
    public DataSource dataSource(TargetDefinition target) {
        String key = target.name() + '\0' + target.url() + '\0' + target.username() + '\0'
                + Objects.hashCode(target.password());
        TargetDialect dialect = TargetDialect.of(target.url());
        return sources.computeIfAbsent(key, k -> new Registering(pools.computeIfAbsent(k, p -> newPool(target)),
                dialect));
    }

    /**
     * One connection outside any pool, with auto-commit off, for a check: it fails at once (within
     * the connect timeout) with the driver's reason when the target cannot be reached, and with what to
     * do when the server cannot run a session as a target's must run (see
     * {@link TargetDialect#checkServer}).
     */
    public Connection connect(TargetDefinition target) throws SQLException {
        TargetDialect dialect = TargetDialect.of(target.url());
        Properties p = dialect.driverProperties();
        if (target.username() != null) {
            p.setProperty("user", target.username());
        }
        if (target.password() != null) {
            p.setProperty("password", target.password());
        }
        Connection c = DriverManager.getConnection(dialect.jdbcUrl(target.url()), p);
        try {
            c.setAutoCommit(false);
            try {
                dialect.checkServer(c, properties.zone());
            } catch (SQLException e) {
                throw new UnfitServer(e.getMessage(), e);
            }
            try (Statement s = c.createStatement()) {
                for (String sql : sessionSettings(dialect)) {
                    s.execute(sql);
                }
            }
            // committed, or the first rollback would undo them
            c.commit();
            return cancellable(c, dialect);
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /**
     * A server that can be reached but cannot run a target's session (an engine or version this product
     * does not work with, a time zone it does not know); its message says what to do.
     */
    public static final class UnfitServer extends SQLException {
        UnfitServer(String message, SQLException cause) {
            super(message, cause.getSQLState(), cause);
        }
    }

    /**
     * The settings every target session runs with, in the target's dialect: it waits at most
     * {@code SEALING_REMEDIATION_LOCKTIMEOUT} for a lock and runs no statement longer than
     * {@link #STATEMENT_TIMEOUT}. The session's time zone is the court's, whatever the machine's: a time
     * stamp with zone then reads the same in every run on every machine (its text in a vault copy, a plan
     * row's key), and a date, a year (the {@code year-only} mask) or an arrest day is the court's.
     */
    List<String> sessionSettings(TargetDialect dialect) {
        return dialect.sessionSettings(properties.remediation().lockWait(), STATEMENT_TIMEOUT, properties.zone());
    }

    private HikariDataSource newPool(TargetDefinition target) {
        TargetDialect dialect = TargetDialect.of(target.url());
        HikariConfig config = new HikariConfig();
        config.setPoolName("target-" + target.name());
        config.setJdbcUrl(dialect.jdbcUrl(target.url()));
        if (target.username() != null) {
            config.setUsername(target.username());
        }
        if (target.password() != null) {
            config.setPassword(target.password());
        }
        config.setAutoCommit(false);
        config.setConnectionInitSql(dialect.initSql(properties.remediation().lockWait(), STATEMENT_TIMEOUT,
                properties.zone()));
        // the pool commits its set-up statements, so that no rollback of ours undoes the settings
        config.setIsolateInternalQueries(true);
        config.setMaximumPoolSize(poolSize(properties.remediation().parallelLanes()));
        config.setMinimumIdle(0);
        config.setConnectionTimeout(15_000);
        // the pool starts empty: an unreachable target fails its own steps, not the application
        config.setInitializationFailTimeout(-1);
        config.setDataSourceProperties(dialect.driverProperties());
        return new HikariDataSource(config);
    }

    /**
     * The most connections a target's pool opens: one for each lane applying the target at once
     * ({@code SEALING_REMEDIATION_PARALLELLANES}, validated at start), one for the planner or verifier
     * that reads it, and one spare; never fewer than {@value #SMALLEST_POOL}. The headroom costs
     * nothing while unused, since the pool opens connections only when asked for (its minimum idle is
     * zero), and it keeps the default of one lane from ever queueing for a connection.
     */
    static int poolSize(int parallelLanes) {
        return Math.max(SMALLEST_POOL, parallelLanes + READER_AND_SPARE);
    }

    @Override
    public void destroy() {
        pools.values().forEach(HikariDataSource::close);
        pools.clear();
        sources.clear();
    }

    /**
     * A target's pool whose connections, borrowed by a step, can be cancelled from another thread for
     * as long as the step holds them.
     */
    private final class Registering extends DelegatingDataSource {

        private final TargetDialect dialect;

        Registering(DataSource pool, TargetDialect dialect) {
            super(pool);
            this.dialect = dialect;
        }

        @Override
        public Connection getConnection() throws SQLException {
            return cancellable(super.getConnection(), dialect);
        }
    }

    /** A connection registered with the calling step's execution until it is closed. */
    private Connection cancellable(Connection connection, TargetDialect dialect) throws SQLException {
        RunningStatements.Registration registration = statements.register(dialect.canceller(connection));
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                new Unregistering(connection, registration));
    }

    /** Ends a connection's registration before it goes back to its pool. */
    private record Unregistering(Connection pooled, RunningStatements.Registration registration)
            implements InvocationHandler {

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            if ("close".equals(method.getName()) && method.getParameterCount() == 0) {
                registration.close();
            }
            try {
                return method.invoke(pooled, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }
}
