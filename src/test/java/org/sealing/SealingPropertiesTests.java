package org.sealing;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.convert.ApplicationConversionService;

import org.sealing.support.ConfigurationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every setting is checked when it is bound, as the application binds it at start: a value out of
 * range stops the command with a message that names the environment variable and what it must be,
 * and is never clamped into range.
 */
class SealingPropertiesTests {

    @Test
    void theDefaultsAreValid() {
        SealingProperties p = bind(Map.of());

        assertThat(p.remediation().chunkSize()).isEqualTo(10_000);
        assertThat(p.remediation().parallelTargets()).isEqualTo(4);
        assertThat(p.remediation().parallelLanes()).isEqualTo(1);
        assertThat(p.importing().chunkSize()).isEqualTo(1_000);
        assertThat(p.serve().port()).isEqualTo(9464);
        assertThat(p.serve().stopWaitSeconds()).isEqualTo(600);
        assertThat(p.log().format()).isEqualTo("plain");
    }

    @Test
    void aValueOutOfRangeIsRefusedWithTheNameOfItsVariable() {
        assertRefused("sealing.remediation.chunk-size", "0",
                "SEALING_REMEDIATION_CHUNKSIZE must be a whole number from 1 to 1000000, not 0");
        assertRefused("sealing.remediation.chunk-size", "-5",
                "SEALING_REMEDIATION_CHUNKSIZE must be a whole number from 1 to 1000000, not -5");
        assertRefused("sealing.remediation.parallel-targets", "0",
                "SEALING_REMEDIATION_PARALLELTARGETS must be a whole number from 1 to 64, not 0");
        assertRefused("sealing.remediation.parallel-lanes", "65",
                "SEALING_REMEDIATION_PARALLELLANES must be a whole number from 1 to 64, not 65");
        assertRefused(Map.of("sealing.remediation.parallel-targets", "30", "sealing.remediation.parallel-lanes", "2"),
                "SEALING_REMEDIATION_PARALLELTARGETS x (2 x SEALING_REMEDIATION_PARALLELLANES + 1) must be at most 78"
                        + " (the control database's connections a run may take), not 30 x (2 x 2 + 1)");
        assertRefused("sealing.importing.chunk-size", "0",
                "SEALING_IMPORTING_CHUNKSIZE must be a whole number from 1 to 1000000, not 0");
        assertRefused("sealing.serve.port", "70000", "SEALING_SERVE_PORT must be a whole number from 0 to 65535, not"
                + " 70000");
        assertRefused("sealing.serve.stop-wait-seconds", "-1",
                "SEALING_SERVE_STOPWAITSECONDS must be a whole number from 0 to 86400, not -1");
        assertRefused("sealing.serve.address", " ", "SEALING_SERVE_ADDRESS must be an address to listen on");
        assertRefused("sealing.log.format", "xml", "SEALING_LOG_FORMAT must be plain or json, not 'xml'");
        assertRefused("sealing.control.url", "mysql://db/sealing", "SEALING_CONTROL_URL must be a PostgreSQL JDBC URL");
    }

    @Test
    void theEdgesOfEachRangeAreAccepted() {
        Map<String, String> edges = new HashMap<>();
        edges.put("sealing.remediation.chunk-size", "1");
        edges.put("sealing.remediation.parallel-targets", "26");
        edges.put("sealing.serve.port", "0");
        edges.put("sealing.log.format", "JSON");
        SealingProperties p = bind(edges);

        assertThat(p.remediation().chunkSize()).isEqualTo(1);
        assertThat(p.serve().port()).isZero();
        assertThat(p.log().format()).isEqualTo("json");
    }

    private static void assertRefused(Map<String, String> properties, String message) {
        assertThatThrownBy(() -> bind(properties)).as(properties.toString())
                .rootCause().isInstanceOf(ConfigurationException.class).hasMessageStartingWith(message);
    }

    private static void assertRefused(String property, String value, String message) {
        assertThatThrownBy(() -> bind(Map.of(property, value))).as(property + "=" + value)
                .rootCause().isInstanceOf(ConfigurationException.class).hasMessageStartingWith(message);
    }

    private static SealingProperties bind(Map<String, String> properties) {
        Binder binder = new Binder(List.of(new MapConfigurationPropertySource(properties)), null,
                ApplicationConversionService.getSharedInstance());
        return binder.bindOrCreate("sealing", SealingProperties.class);
    }
}
