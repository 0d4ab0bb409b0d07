package org.sealing;

import java.time.Clock;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

import org.sealing.cli.SealctlMain;

/**
 * The sealing remediation application: one Spring Boot context behind every {@code sealctl}
 * command, on the control database alone.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SealingApplication {

    /** "Today" is the court's day, not the server's. */
    @Bean
    Clock clock(SealingProperties properties) {
        return Clock.system(properties.zone());
    }

    public static void main(String[] args) {
        System.exit(SealctlMain.run(args, System.out, System.err));
    }
}
