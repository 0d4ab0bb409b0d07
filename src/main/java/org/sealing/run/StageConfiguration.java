package org.sealing.run;

import javax.sql.DataSource;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import org.sealing.control.HmacKey;
import org.sealing.ledger.RunRecords;
import org.sealing.plan.Planner;
import org.sealing.plan.RestorePlanner;
import org.sealing.vault.VaultStore;
import org.sealing.targetdb.TargetDatabases;
import org.sealing.verify.Verifier;

/**
 * The planning and verifying stages as beans: they keep nothing between calls, so one of each
 * serves every target of every run, side by side.
 */
@Configuration(proxyBeanMethods = false)
class StageConfiguration {

    @Bean
    Planner planner(DataSource control, TargetDatabases databases, HmacKey hmac, RunRecords runs) {
        return new Planner(control, databases, hmac, runs);
    }

    @Bean
    RestorePlanner restorePlanner(DataSource control, VaultStore vault, RunRecords runs) {
        return new RestorePlanner(control, vault, runs);
    }

    @Bean
    Verifier verifier(DataSource control, TargetDatabases databases, RunRecords runs) {
        // the sealed cases are streamed from the control database, not held in memory
        JdbcTemplate streaming = new JdbcTemplate(control);
        streaming.setFetchSize(10_000);
        return new Verifier(streaming, databases, runs);
    }
}
