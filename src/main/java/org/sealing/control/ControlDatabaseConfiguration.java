package org.sealing.control;

import java.util.HashMap;
import java.util.Map;

import javax.sql.DataSource;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import org.sealing.SealingProperties;

/**
 * Makes the control database the application's only {@link DataSource}, so that Boot's batch,
 * Quartz, Flyway and transaction auto-configuration all use it and nothing else. Target databases
 * get their own pools elsewhere and are never beans.
 */
@Configuration(proxyBeanMethods = false)
class ControlDatabaseConfiguration {

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
        return database;
    }

    @Bean(destroyMethod = "close")
    DataSource dataSource(ControlDatabase controlDatabase, SealingProperties properties) {
        // each lane of each target at work holds a connection for its chunk and its reader one for the next
        // page; the job repository, the locks' monitor and the steps around them need some more
        int lanes = properties.remediation().parallelTargets() * (2 * properties.remediation().parallelLanes() + 1);
        return controlDatabase.newPool(Math.max(30, lanes + 12));
    }
}
