package org.sealing.job;

import org.springframework.batch.core.configuration.support.MapJobRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The registry of jobs the job operator starts and restarts by name: the {@code import} job bean,
 * and the remediation jobs, which are built from the target files when they run and registered then.
 */
@Configuration(proxyBeanMethods = false)
class JobRegistryConfiguration {

    @Bean
    MapJobRegistry jobRegistry() {
        return new MapJobRegistry();
    }
}
