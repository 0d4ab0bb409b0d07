package org.sealing;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.sealing.support.SealctlProcess;

import static org.assertj.core.api.Assertions.assertThat;

/** A wrong setting stops every command before anything starts, with one line that names it. */
class SealingPropertiesFunctionalTests {

    @TempDir
    Path workDir;

    @Test
    void aLockTimeoutThatIsNotADurationIsRefusedNamingTheSetting() throws Exception {
        SealctlProcess status = SealctlProcess.start(workDir, Map.of("SEALING_REMEDIATION_LOCKTIMEOUT", "abc"),
                "status");

        assertThat(status.waitFor(120)).isEqualTo(2);
        assertThat(status.err().strip()).isEqualTo(
                "sealctl: SEALING_REMEDIATION_LOCKTIMEOUT must be a duration like 30s, 2m or 500ms, not 'abc'");
        assertThat(workDir.resolve(".sealing")).doesNotExist();
    }
}
