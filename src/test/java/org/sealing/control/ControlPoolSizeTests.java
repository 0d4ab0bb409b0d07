package org.sealing.control;

import org.junit.jupiter.api.Test;

import org.sealing.SealingProperties;

import static org.assertj.core.api.Assertions.assertThat;

/** The control pool holds every connection a run may take at once, and never fewer than other commands need. */
class ControlPoolSizeTests {

    @Test
    void theDefaultSettingsKeepThePoolOtherCommandsNeed() {
        // 4 partitions at work x 4 + 12 = 28, whatever share of them one target's ranges take
        assertThat(ControlDatabaseConfiguration.poolSize(remediation(4, 2)))
                .isEqualTo(ControlDatabaseConfiguration.SMALLEST);
        assertThat(ControlDatabaseConfiguration.poolSize(remediation(4, 4)))
                .isEqualTo(ControlDatabaseConfiguration.SMALLEST);
    }

    @Test
    void everyPartitionAtWorkTakesFourConnectionsWhateverItsTargetsLanes() {
        assertThat(ControlDatabaseConfiguration.poolSize(remediation(10, 1))).isEqualTo(10 * 4 + 12);
        assertThat(ControlDatabaseConfiguration.poolSize(remediation(10, 10))).isEqualTo(10 * 4 + 12);
        assertThat(ControlDatabaseConfiguration.poolSize(remediation(19, 64)))
                .isLessThanOrEqualTo(SealingProperties.Remediation.MOST_CONTROL_CONNECTIONS + 12);
    }

    private static SealingProperties.Remediation remediation(int targets, int lanes) {
        return new SealingProperties.Remediation(10_000, targets, lanes, 100_000, "30s");
    }
}
