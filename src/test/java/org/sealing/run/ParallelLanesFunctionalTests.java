package org.sealing.run;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.sealing.support.FunctionalTestSupport;
import org.sealing.support.JsonOutput;
import org.sealing.support.RemediationWorld;
import org.sealing.support.SealctlProcess;
import org.sealing.support.WorldChecks;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A target's lanes (its purges, each masked table) applied side by side
 * ({@code SEALING_REMEDIATION_PARALLELLANES} above 1) remediate exactly the rows one lane does, and the
 * run counts them the same: the same figures for the run, for each target and for each table.
 */
class ParallelLanesFunctionalTests extends FunctionalTestSupport {

    /** The run's figures; its ids, times and workbook differ from run to run by nature. */
    private static final List<String> FIGURES = List.of("status", "verdict", "dryRun", "matched", "purged", "masked",
            "failed", "refused", "residual", "targets", "targetsVerified", "targetsFailed");

    @Test
    void threeLanesRemediateExactlyTheRowsOfOneLaneAndCountThemTheSame() throws Exception {
        Map<String, Object> oneLane = remediate(1);
        Map<String, Object> threeLanes = remediate(3);

        assertThat(threeLanes).isEqualTo(oneLane);
    }

    /**
     * Remediates a new world of the same arrests with this many lanes, checks every row of it, and
     * returns the run's figures with those of each target and table.
     */
    private Map<String, Object> remediate(int lanes) throws Exception {
        resetControlDatabase();
        emptyTargetsDirectory();
        RemediationWorld world = importedWorld(300);
        Map<String, Integer> bookingBefore = world.snapshot("booking");
        Map<String, String> env = childEnv();
        env.put("SEALING_REMEDIATION_PARALLELLANES", String.valueOf(lanes));
        // small chunks, so that the lanes of a target take turns many times over
        env.put("SEALING_REMEDIATION_CHUNKSIZE", "7");

        SealctlProcess run = SealctlProcess.start(workDir, env, "run", "remediate", "--json");

        assertThat(run.waitFor(300)).as("%d lanes: %s", lanes, run.err()).isZero();
        JsonOutput json = JsonOutput.of(run.out()).as("%d lanes", lanes).has("status", "COMPLETED",
                "verdict", "COMPLIANT", "failed", 0, "refused", 0, "residual", 0, "targets", 4, "targetsVerified", 4);
        int[] changed = WorldChecks.remediated(world, world.activeSealed(), bookingBefore, TEST_HMAC_KEY);
        json.has("matched", changed[0] + changed[1], "purged", changed[0], "masked", changed[1]);
        assertThat(changed[0]).as("purged rows").isPositive();
        assertThat(changed[1]).as("masked rows").isPositive();

        Map<String, Object> figures = new LinkedHashMap<>();
        for (String figure : FIGURES) {
            figures.put(figure, json.value(figure));
        }
        CliResult status = sealctl("status", String.valueOf(json.number("executionId")), "--json");
        assertThat(status.exitCode()).as(status.err()).isZero();
        for (JsonOutput target : JsonOutput.of(status.out()).items("targets")) {
            target.has("state", "VERIFIED");
            figures.put(target.text("target"), target.value("tables"));
        }
        assertThat(figures).containsKeys("booking", "prints", "stops", "cases");
        return figures;
    }
}
