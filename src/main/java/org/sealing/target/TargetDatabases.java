package org.sealing.target;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.sealing.SealingProperties;
import org.sealing.catalog.TargetDefinition;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The connections to target databases: one small pool per target (transactions are explicit, so
 * connections come with auto-commit off), created on first use and closed with the application. A
 * server's error details, which may quote a row, are never requested.
 */
@Component
public class TargetDatabases implements DisposableBean {

    private final SealingProperties properties;
    private final Map<String, HikariDataSource> pools = new ConcurrentHashMap<>();

    public TargetDatabases(SealingProperties properties) {
        this.properties = properties;
    }

    /** The pool of a target (the same one for the same connection settings). */
    public DataSource dataSource(TargetDefinition target) {
        String key = target.name() + '\0' + target.url() + '\0' + target.username() + '\0'
                + Objects.hashCode(target.password());
        return pools.computeIfAbsent(key, k -> newPool(target));
    }

    /**
     * One connection outside any pool, with auto-commit off, for a check: it fails at once (within
     * the connect timeout) with the driver's reason when the target cannot be reached.
     */
    public Connection connect(TargetDefinition target) throws SQLException {
        Properties p = driverProperties();
        if (target.username() != null) {
            p.setProperty("user", target.username());
        }
        if (target.password() != null) {
            p.setProperty("password", target.password());
        }
        Connection c = DriverManager.getConnection(target.url(), p);
        c.setAutoCommit(false);
        return c;
    }

    private HikariDataSource newPool(TargetDefinition target) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("target-" + target.name());
        config.setJdbcUrl(target.url());
        if (target.username() != null) {
            config.setUsername(target.username());
        }
        if (target.password() != null) {
            config.setPassword(target.password());
        }
        config.setAutoCommit(false);
        // the planner or verifier, and each lane of the target applied at once
        config.setMaximumPoolSize(Math.max(4, properties.remediation().parallelLanes() + 2));
        config.setMinimumIdle(0);
        config.setConnectionTimeout(15_000);
        // the pool starts empty: an unreachable target fails its own steps, not the application
        config.setInitializationFailTimeout(-1);
        config.setDataSourceProperties(driverProperties());
        return new HikariDataSource(config);
    }

    private static Properties driverProperties() {
        Properties p = new Properties();
        p.setProperty("tcpKeepAlive", "true");
        p.setProperty("logServerErrorDetail", "false");
        p.setProperty("connectTimeout", "10");
        p.setProperty("ApplicationName", "sealctl");
        return p;
    }

    @Override
    public void destroy() {
        pools.values().forEach(HikariDataSource::close);
        pools.clear();
    }
}
