package org.sealing.targetdb;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A target's pool has a connection for each lane, the planner or verifier and a spare, and at least four. */
class TargetDatabasesTests {

    @Test
    void thePoolHoldsEachLaneTheReaderAndASpareAndNeverFewerThanFour() {
        assertThat(TargetDatabases.poolSize(1)).isEqualTo(4);
        assertThat(TargetDatabases.poolSize(2)).isEqualTo(4);
        assertThat(TargetDatabases.poolSize(3)).isEqualTo(5);
        assertThat(TargetDatabases.poolSize(64)).isEqualTo(66);
    }
}
