package org.sealing;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import org.sealing.support.ConfigurationException;
import org.sealing.support.Settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Every setting is checked when it is bound, as the application binds it at start: a value out of
 * range stops the command with a message that names the environment variable and what it must be,
 * and is never clamped into range. (The command line prints the message; {@code FailuresTests} shows
 * how a value Spring cannot even convert is named.)
 */
class SettingsTests {

    @Test
    void theDefaultsAreValid() {
        SealingProperties p = bind(Map.of());

        assertThat(p.remediation().chunkSize()).isEqualTo(10_000);
        assertThat(p.remediation().parallelTargets()).isEqualTo(4);
        assertThat(p.remediation().parallelLanes()).isEqualTo(2);
        assertThat(p.remediation().lockWait()).isEqualTo(Duration.ofSeconds(30));
        assertThat(p.importing().chunkSize()).isEqualTo(1_000);
        assertThat(p.serve().address()).isEqualTo("127.0.0.1");
        assertThat(p.serve().port()).isEqualTo(9464);
        assertThat(p.serve().stopWaitSeconds()).isEqualTo(600);
        assertThat(p.log().format()).isEqualTo("plain");
        assertThat(p.zone()).isEqualTo(ZoneId.of("America/New_York"));
        assertThat(p.home()).isEqualTo(Path.of(".sealing"));
        assertThat(p.configDir()).isEqualTo(Path.of("jobs"));
        assertThat(p.inbox()).isEqualTo(Path.of("inbox"));
        assertThat(p.reports()).isEqualTo(Path.of("reports"));
        assertThat(p.hmacKey()).isNull();
        assertThat(p.control().external()).isFalse();
        assertThat(p.vault().key()).isNull();
        assertThat(p.vault().earlierKeys()).isEmpty();
        assertThat(p.vault().external()).isFalse();
    }

    @Test
    void aValueOutOfRangeIsRefusedWithTheNameOfItsVariable() {
        assertRefused("sealing.remediation.chunk-size", "0",
                "SEALING_REMEDIATION_CHUNKSIZE must be a whole number from 1 to 1000000, not 0");
        assertRefused("sealing.remediation.chunk-size", "-5",
                "SEALING_REMEDIATION_CHUNKSIZE must be a whole number from 1 to 1000000, not -5");
        assertRefused("sealing.remediation.parallel-targets", "0",
                "SEALING_REMEDIATION_PARALLELTARGETS must be a whole number from 1 to 19, not 0");
        assertRefused("sealing.remediation.parallel-lanes", "65",
                "SEALING_REMEDIATION_PARALLELLANES must be a whole number from 1 to 64, not 65");
        // 19 partitions at once, 4 control connections each, is the most the control database's 78 allow
        assertRefused("sealing.remediation.parallel-targets", "20",
                "SEALING_REMEDIATION_PARALLELTARGETS must be a whole number from 1 to 19, not 20");
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

    /** Both ends of every range, each one step outside it. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "sealing.importing.chunk-size           | 0       | SEALING_IMPORTING_CHUNKSIZE must be a whole number from 1 to 1000000, not 0",
        "sealing.importing.chunk-size           | 1000001 | SEALING_IMPORTING_CHUNKSIZE must be a whole number from 1 to 1000000, not 1000001",
        "sealing.remediation.chunk-size         | 1000001 | SEALING_REMEDIATION_CHUNKSIZE must be a whole number from 1 to 1000000, not 1000001",
        "sealing.remediation.parallel-targets   | 65      | SEALING_REMEDIATION_PARALLELTARGETS must be a whole number from 1 to 19, not 65",
        "sealing.remediation.parallel-lanes     | 0       | SEALING_REMEDIATION_PARALLELLANES must be a whole number from 1 to 64, not 0",
        "sealing.serve.port                     | -1      | SEALING_SERVE_PORT must be a whole number from 0 to 65535, not -1",
        "sealing.serve.port                     | 65536   | SEALING_SERVE_PORT must be a whole number from 0 to 65535, not 65536",
        "sealing.serve.stop-wait-seconds        | 86401   | SEALING_SERVE_STOPWAITSECONDS must be a whole number from 0 to 86400, not 86401",
        "sealing.serve.address                  | ''      | SEALING_SERVE_ADDRESS must be an address to listen on, like 127.0.0.1; it is empty",
        "sealing.log.format                     | ''      | SEALING_LOG_FORMAT must be plain or json, not ''",
        "sealing.control.url                    | postgresql://db:5432/sealing | SEALING_CONTROL_URL must be a PostgreSQL JDBC URL like jdbc:postgresql://db:5432/sealing, or empty for the embedded database",
        "sealing.hmac-key                       | short   | SEALING_HMAC_KEY is too short: use at least 32 characters (for example the output of: openssl rand -hex 32)",
        "sealing.hmac-key                       | '   0123456789abcdef0123456789abcde   ' | SEALING_HMAC_KEY is too short: use at least 32 characters",
        "sealing.vault.key                      | short   | SEALING_VAULT_KEY is too short: use at least 32 characters (for example the output of: openssl rand -hex 32)",
        "sealing.vault.old-keys                 | '0123456789abcdef0123456789abcdef,short' | SEALING_VAULT_OLD_KEYS is too short: use at least 32 characters",
        "sealing.vault.url                      | mysql://vault/v | SEALING_VAULT_URL must be a PostgreSQL JDBC URL like jdbc:postgresql://vault:5432/vault, or empty for the control database"})
    void eachBadValueIsRefusedNamingItsVariableAndWhatItMustBe(String property, String value, String message) {
        assertRefused(property, value, message);
    }

    @Test
    void theVaultKeysAreReadFromTheirVariablesAndMustDifferFromTheHmacKey() {
        Map<String, Object> environment = Map.of("SEALING_VAULT_KEY", " vault-0123456789abcdef0123456789abcdef ",
                "SEALING_VAULT_OLD_KEYS", "old-one-0123456789abcdef0123456789abcdef, ,old-two-0123456789abcdef0123456789");
        Binder binder = new Binder(ConfigurationPropertySources.from(
                new SystemEnvironmentPropertySource("systemEnvironment", environment)), null,
                ApplicationConversionService.getSharedInstance());
        SealingProperties.Vault vault = binder.bindOrCreate("sealing", SealingProperties.class).vault();

        assertThat(vault.key()).isEqualTo("vault-0123456789abcdef0123456789abcdef");
        assertThat(vault.earlierKeys()).containsExactly("old-one-0123456789abcdef0123456789abcdef",
                "old-two-0123456789abcdef0123456789");
        assertRefused(Map.of("sealing.hmac-key", "same-0123456789abcdef0123456789abcdef", "sealing.vault.key",
                "same-0123456789abcdef0123456789abcdef"), "SEALING_VAULT_KEY must differ from SEALING_HMAC_KEY");
    }

    @Test
    void theEdgesOfEachRangeAreAccepted() {
        Map<String, String> edges = new HashMap<>();
        edges.put("sealing.remediation.chunk-size", "1");
        edges.put("sealing.remediation.parallel-targets", "19");
        edges.put("sealing.serve.port", "0");
        edges.put("sealing.log.format", "JSON");
        SealingProperties p = bind(edges);

        assertThat(p.remediation().chunkSize()).isEqualTo(1);
        assertThat(p.serve().port()).isZero();
        assertThat(p.log().format()).isEqualTo("json");

        Map<String, String> highest = new HashMap<>();
        highest.put("sealing.importing.chunk-size", "1000000");
        highest.put("sealing.remediation.chunk-size", "1000000");
        highest.put("sealing.remediation.parallel-targets", "1");
        highest.put("sealing.remediation.parallel-lanes", "25");
        highest.put("sealing.remediation.lock-timeout", "24h");
        highest.put("sealing.serve.port", "65535");
        highest.put("sealing.serve.stop-wait-seconds", "86400");
        highest.put("sealing.hmac-key", "0123456789abcdef0123456789abcdef");
        SealingProperties most = bind(highest);

        assertThat(most.remediation().parallelLanes()).isEqualTo(25);
        assertThat(most.remediation().lockWait()).isEqualTo(Duration.ofHours(24));
        assertThat(most.serve().stopWaitSeconds()).isEqualTo(86_400);
        assertThat(most.hmacKey()).hasSize(32);
    }

    /**
     * A value Spring cannot convert fails the binding naming its property, from which the command line
     * names the variable and what it must be.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "sealing.remediation.chunk-size       | abc          | SEALING_REMEDIATION_CHUNKSIZE       | a whole number",
        "sealing.remediation.parallel-lanes   | 1.5          | SEALING_REMEDIATION_PARALLELLANES   | a whole number",
        "sealing.importing.chunk-size         | ''           | SEALING_IMPORTING_CHUNKSIZE         | a whole number",
        "sealing.serve.port                   | http         | SEALING_SERVE_PORT                  | a whole number",
        "sealing.zone                         | Mars/Olympus | SEALING_ZONE                        | a time zone like America/New_York",
        "sealing.zone                         | ''           | SEALING_ZONE                        | a time zone like America/New_York"})
    void aValueThatIsNotEvenOfItsTypeNamesItsVariable(String property, String value, String variable, String what) {
        BindException failure = catchThrowableOfType(BindException.class, () -> bind(Map.of(property, value)));

        assertThat(failure).as(property + "=" + value).isNotNull();
        assertThat(Settings.environmentName(failure.getName().toString())).isEqualTo(variable);
        assertThat(Settings.expected(failure.getTarget().getType().resolve(Object.class))).isEqualTo(what);
    }

    @Test
    void aFolderThatCannotBeAPathNamesItsVariable() {
        for (String folder : List.of("home", "config-dir", "inbox", "reports")) {
            BindException failure = catchThrowableOfType(BindException.class,
                    () -> bind(Map.of("sealing." + folder, "in\u0000box")));

            assertThat(Settings.environmentName(failure.getName().toString()))
                    .isEqualTo("SEALING_" + folder.replace("-", "").toUpperCase());
            assertThat(Settings.expected(failure.getTarget().getType().resolve(Object.class))).isEqualTo("a path");
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "abc | SEALING_REMEDIATION_LOCKTIMEOUT must be a duration like 30s, 2m or 500ms, not 'abc'",
        "30  | SEALING_REMEDIATION_LOCKTIMEOUT must be a duration with its unit, like 30s, 2m or 500ms, not '30'",
        "0s  | SEALING_REMEDIATION_LOCKTIMEOUT must be at least 1ms (0 would wait for ever), not '0s'",
        "-5s | SEALING_REMEDIATION_LOCKTIMEOUT must be at least 1ms (0 would wait for ever), not '-5s'",
        "25h | SEALING_REMEDIATION_LOCKTIMEOUT must be at most 24h, not '25h'"})
    void aLockTimeoutThatIsNotAUsableDurationIsRefusedNamingTheSetting(String value, String message) {
        assertThatThrownBy(() -> new SealingProperties.Remediation(10_000, 4, 1, 100_000, value))
                .isInstanceOf(ConfigurationException.class).hasMessage(message);
        assertRefused("sealing.remediation.lock-timeout", value, message);
    }

    @Test
    void aLockTimeoutIsReadAsWritten() {
        assertThat(new SealingProperties.Remediation(10_000, 4, 1, 100_000, "30s").lockWait()).isEqualTo(Duration.ofSeconds(30));
        assertThat(new SealingProperties.Remediation(10_000, 4, 1, 100_000, "500ms").lockWait()).isEqualTo(Duration.ofMillis(500));
        assertThat(new SealingProperties.Remediation(10_000, 4, 1, 100_000, "2m").lockWait()).isEqualTo(Duration.ofMinutes(2));
        assertThat(new SealingProperties.Remediation(10_000, 4, 1, 100_000, "PT45S").lockWait()).isEqualTo(Duration.ofSeconds(45));
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
