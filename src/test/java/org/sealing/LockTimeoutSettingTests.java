package org.sealing;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.sealing.support.ConfigurationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The lock timeout is a duration with its unit, refused with its setting's name otherwise, never clamped. */
class LockTimeoutSettingTests {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "abc | SEALING_REMEDIATION_LOCKTIMEOUT must be a duration like 30s, 2m or 500ms, not 'abc'",
        "30  | SEALING_REMEDIATION_LOCKTIMEOUT must be a duration with its unit, like 30s, 2m or 500ms, not '30'",
        "0s  | SEALING_REMEDIATION_LOCKTIMEOUT must be at least 1ms (0 would wait for ever), not '0s'",
        "-5s | SEALING_REMEDIATION_LOCKTIMEOUT must be at least 1ms (0 would wait for ever), not '-5s'",
        "25h | SEALING_REMEDIATION_LOCKTIMEOUT must be at most 24h, not '25h'"})
    void aLockTimeoutThatIsNotAUsableDurationIsRefusedNamingTheSetting(String value, String message) {
        assertThatThrownBy(() -> new SealingProperties.Remediation(10_000, 4, 1, value))
                .isInstanceOf(ConfigurationException.class).hasMessage(message);
    }

    @Test
    void aLockTimeoutIsReadAsWritten() {
        assertThat(new SealingProperties.Remediation(10_000, 4, 1, "30s").lockWait()).isEqualTo(Duration.ofSeconds(30));
        assertThat(new SealingProperties.Remediation(10_000, 4, 1, "500ms").lockWait()).isEqualTo(Duration.ofMillis(500));
        assertThat(new SealingProperties.Remediation(10_000, 4, 1, "2m").lockWait()).isEqualTo(Duration.ofMinutes(2));
        assertThat(new SealingProperties.Remediation(10_000, 4, 1, "PT45S").lockWait()).isEqualTo(Duration.ofSeconds(45));
    }
}
