package org.sealing.control;

import org.junit.jupiter.api.Test;

import org.sealing.SealingProperties;

import static org.assertj.core.api.Assertions.assertThat;

/** The control pool holds every connection a run may take at once, and never fewer than other commands need. */
class ControlPoolSizeTests {

    @Test
    void theDefaultSettingsKeepThePoolOtherCommandsNeed() {
        // 4 targets x (3 x 1 lane + 1) + 12 = 28
        assertThat(ControlDatabaseConfiguration.poolSize(remediation(4, 1)))
                .isEqualTo(ControlDatabaseConfiguration.SMALLEST);
    }

    @Test
    void moreLanesTakeThreeConnectionsEachAndEveryTargetOneMore() {
        assertThat(ControlDatabaseConfiguration.poolSize(remediation(4, 6))).isEqualTo(4 * (3 * 6 + 1) + 12);
        assertThat(ControlDatabaseConfiguration.poolSize(remediation(6, 4)))
                .isEqualTo(SealingProperties.Remediation.MOST_CONTROL_CONNECTIONS + 12);
    }

    private static SealingProperties.Remediation remediation(int targets, int lanes) {
        return new SealingProperties.Remediation(10_000, targets, lanes, 100_000, "30s");
    }
}
