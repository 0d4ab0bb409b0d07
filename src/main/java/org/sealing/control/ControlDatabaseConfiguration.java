package org.sealing.control;

import java.util.HashMap;
import java.util.Map;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import org.sealing.SealingProperties;

/**
 * Makes the control database the application's only {@link DataSource}, migrated as it is made
 * ({@link Migrations}), so that Boot's batch, Quartz and transaction auto-configuration all use it and
 * nothing else. Target databases get their own pools elsewhere and are never beans.
 */
@Configuration(proxyBeanMethods = false)
class ControlDatabaseConfiguration {

    /** The control database's migrations, the vault's ({@code db/migration/vault}) among them. */
    static final String MIGRATIONS = "classpath:db/migration";

    /** Connections for what works beside the lanes of a run (see {@link #poolSize}). */
    static final int BESIDE_THE_LANES = 12;

    /** The pool's fixed size before it followed the lanes, kept as a floor (see {@link #poolSize}). */
    static final int SMALLEST = 30;

    @Bean(destroyMethod = "close")
    ControlDatabase controlDatabase(SealingProperties properties, ConfigurableEnvironment environment) {
        ControlDatabase database = ControlDatabase.from(properties);
        // the server's coordinates, for target files of databases on the same server (the demo's);
        // last in precedence, so that the environment can always say otherwise
        Map<String, Object> server = new HashMap<>();
        server.put("SEALING_DEMO_JDBC", database.serverUrlPrefix());
        server.put("SEALING_DEMO_USER", database.user() == null ? "" : database.user());
        server.put("SEALING_DEMO_PASSWORD", database.password() == null ? "" : database.password());
        environment.getPropertySources().addLast(new MapPropertySource("controlServer", server));
        // the demo's two MariaDB targets: on SEALING_DEMO_MARIADB_URL's server when set, else on this one
        environment.getPropertySources().addLast(new DemoMariaDbServer(environment, database));
        return database;
    }

    /**
     * The control pool, its schema migrated ({@link Migrations}) before anything can use it: Boot's own Flyway
     * start is off ({@code spring.flyway.enabled=false}), since it ran Flyway's validation at every start.
     */
    @Bean(destroyMethod = "close")
    DataSource dataSource(ControlDatabase controlDatabase, SealingProperties properties) {
        HikariDataSource pool = controlDatabase.newPool(poolSize(properties.remediation()));
        try {
            Migrations.apply(pool, MIGRATIONS, "flyway_schema_history");
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        return pool;
    }

    /**
     * The control pool's size: a connection for everything that may hold one at the same time, so that
     * no lane waits for one (the pool gives up after 15 s, and the lane's chunk fails). It is the larger
     * of two needs:
     * <ul>
     * <li>a run's: each partition at work ({@code parallel-targets} at most: a target planned or verified, or a
     * range applied) holds one for its own flow (its steps and the job repository's records of them), and a range
     * one for its chunk's transaction, one for its reader's next page and one for the vault, whose copies commit
     * (or, for a restore, are read) while the chunk's transaction is open, so targets x
     * {@value SealingProperties.Remediation#CONTROL_CONNECTIONS_PER_PARTITION}, which
     * {@link SealingProperties.Remediation} refuses above
     * {@value SealingProperties.Remediation#MOST_CONTROL_CONNECTIONS} when the application starts; and
     * {@value #BESIDE_THE_LANES} more beside the lanes, for the job repository's steps around them, the
     * execution locks' bookkeeping, Quartz's threads under {@code serve}, and the status and metrics
     * queries that may run meanwhile;</li>
     * <li>a floor of {@value #SMALLEST}, the fixed size the pool had before it followed the lanes: small
     * settings (the default needs 28) keep the headroom that imports, {@code serve} and runs were proven
     * with, rather than a pool shrunk to the run's bare count.</li>
     * </ul>
     * At the most the settings allow this is 78 + 12 = 90, under PostgreSQL's default of 100 connections. A
     * vault in a database of its own ({@code SEALING_VAULT_URL}) has a pool of its own.
     */
    static int poolSize(SealingProperties.Remediation remediation) {
        int run = remediation.parallelTargets() * SealingProperties.Remediation.CONTROL_CONNECTIONS_PER_PARTITION
                + BESIDE_THE_LANES;
        return Math.max(run, SMALLEST);
    }
}
