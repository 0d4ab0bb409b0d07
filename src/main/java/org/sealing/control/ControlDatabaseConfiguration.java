package org.sealing.control;

import javax.sql.DataSource;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import org.sealing.SealingProperties;

/**
 * Makes the control database the application's only {@link DataSource}, so that Boot's batch,
 * Quartz, Flyway and transaction auto-configuration all use it and nothing else. Target databases
 * get their own pools elsewhere and are never beans.
 */
@Configuration(proxyBeanMethods = false)
class ControlDatabaseConfiguration {

    @Bean(destroyMethod = "close")
    ControlDatabase controlDatabase(SealingProperties properties) {
        return ControlDatabase.from(properties);
    }

    @Bean(destroyMethod = "close")
    DataSource dataSource(ControlDatabase controlDatabase) {
        return controlDatabase.newPool();
    }
}
