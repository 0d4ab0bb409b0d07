package org.sealing.run;

import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.sealing.support.FunctionalTestSupport;
import org.sealing.support.JsonOutput;
import org.sealing.support.RemediationWorld;
import org.sealing.support.SealctlProcess;
import org.sealing.support.WorldChecks;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The apply step's partitions are a target's table and key range: a masked table with more plan rows than
 * {@code SEALING_REMEDIATION_PARTITIONROWS} is applied in several ranges, side by side, which together cover its
 * plan exactly once; what each range applied is known apart from the others, so a range that fails leaves its
 * rows to do while the ranges after it complete, and a restart redoes that range alone.
 */
class ApplyRangesFunctionalTests extends FunctionalTestSupport {

    private RemediationWorld world;
    private Map<String, String> env;
    private Connection rowHolder;

    @BeforeEach
    void world() throws Exception {
        resetControlDatabase();
        emptyTargetsDirectory();
        world = importedWorld(300);
        env = childEnv();
        env.put("SEALING_REMEDIATION_PARTITIONROWS", "20");
        env.put("SEALING_REMEDIATION_PARALLELLANES", "3");
        env.put("SEALING_REMEDIATION_CHUNKSIZE", "7");
    }

    @AfterEach
    void release() throws Exception {
        if (rowHolder != null && !rowHolder.isClosed()) {
            rowHolder.rollback();
            rowHolder.close();
        }
    }

    @Test
    void aMaskedTableAppliedInSeveralRangesSideBySideIsRemediatedExactlyAndCountedOnce() throws Exception {
        Map<String, Integer> bookingBefore = world.snapshot("booking");

        SealctlProcess run = SealctlProcess.start(workDir, env, "run", "remediate", "--json");

        assertThat(run.waitFor(300)).as(run.err()).isZero();
        int[] changed = WorldChecks.remediated(world, world.activeSealed(), bookingBefore, TEST_HMAC_KEY);
        JsonOutput json = JsonOutput.of(run.out()).has("status", "COMPLETED", "verdict", "COMPLIANT",
                "matched", changed[0] + changed[1], "purged", changed[0], "masked", changed[1], "failed", 0,
                "residual", 0, "targetsVerified", 4);
        long executionId = json.number("executionId");
        // booking.arrest has more plan rows than a range holds: it was applied in several, each a partition
        int parts = jdbc.queryForObject("select max(parts) from apply_range where target = 'booking'"
                + " and lane = 'mask:booking.arrest'", Integer.class);
        assertThat(parts).isGreaterThan(2);
        assertThat(jdbc.queryForList("select step_name from batch_step_execution where job_execution_id = ?"
                + " and step_name like 'apply:booking.mask.booking.arrest%' and status = 'COMPLETED'", String.class,
                executionId)).hasSize(parts).contains("apply:booking.mask.booking.arrest#1",
                        "apply:booking.mask.booking.arrest#" + parts);
        // each lane's ranges follow one another from the start of the target's plan to its end, and hold every
        // plan row of the lane once
        assertThat(jdbc.queryForObject("""
                select count(*) from apply_range r
                join run_target t on t.run_id = r.run_id and t.target = r.target
                where (r.part = 1 and r.range_from <> coalesce(t.plan_from, 0))
                   or (r.part = r.parts and r.range_to <> coalesce(t.plan_to, 0))
                   or (r.part > 1 and not exists (select 1 from apply_range b where b.run_id = r.run_id
                        and b.target = r.target and b.lane = r.lane and b.part = r.part - 1
                        and b.range_to = r.range_from))
                """, Long.class)).isZero();
        assertThat(jdbc.queryForList("""
                select r.lane from apply_range r group by r.run_id, r.target, r.lane
                having sum(r.plan_rows) <> (select count(*) from remediation_plan p where p.run_id = r.run_id
                        and p.target = r.target and p.action in ('MASK', 'PURGE')
                        and r.lane = case when p.action = 'PURGE' then 'purge' else 'mask:' || p.table_name end)
                """, String.class)).isEmpty();
        // the rows written are counted once, by the ranges' chunk steps; every plan row is done, audited once
        assertThat(jdbc.queryForObject("select sum(write_count) from batch_step_execution where job_execution_id = ?"
                + " and step_name like 'apply.%' and step_name not like '%.restore'", Long.class, executionId))
                .isEqualTo(changed[0] + changed[1]);
        assertThat(jdbc.queryForObject("select sum(write_count) from batch_step_execution where job_execution_id = ?"
                + " and (step_name in ('targets', 'apply', 'verify') or step_name like '%:%')", Long.class,
                executionId)).isZero();
        assertThat(jdbc.queryForObject("select count(*) from remediation_plan_state where state <> 'DONE'"
                + " and action <> 'REVIEW'", Long.class)).isZero();
        assertThat(jdbc.queryForObject("select count(*) from audit_ledger", Long.class))
                .isEqualTo(changed[0] + changed[1]);
        CliResult audit = sealctl("audit", "verify", "--json");
        assertThat(audit.exitCode()).as(audit.out() + audit.err()).isZero();
    }

    @Test
    void aRangeThatFailsLeavesItsOwnRowsUndoneWhileTheRangesAfterItCompleteAndARestartRedoesItAlone()
            throws Exception {
        Map<String, Integer> bookingBefore = world.snapshot("booking");
        List<Integer> sealed = List.copyOf(world.activeSealed());
        int locked = sealed.get(sealed.size() / 3);
        // a row of the masked table booking.arrest that the run must mask, kept locked by another session
        rowHolder = world.connect("booking");
        rowHolder.setAutoCommit(false);
        try (Statement s = rowHolder.createStatement()) {
            s.execute("select arrest_id from booking.arrest where arrest_id = " + locked + " for update");
        }
        env.put("SEALING_REMEDIATION_LOCKTIMEOUT", "1s");

        SealctlProcess run = SealctlProcess.start(workDir, env, "run", "remediate", "--json");

        assertThat(run.waitFor(300)).as(run.err()).isEqualTo(1);
        long executionId = JsonOutput.of(run.out()).as("%s", run.err()).has("status", "FAILED", "targetsFailed", 1,
                "targetsVerified", 3).number("executionId");
        List<String> failed = jdbc.queryForList("select step_name from batch_step_execution"
                + " where job_execution_id = ? and status = 'FAILED' and step_name like 'apply.%'", String.class,
                executionId);
        assertThat(failed).hasSize(1).allMatch(name -> name.startsWith("apply.booking.mask.booking.arrest#"));
        int failedPart = Integer.parseInt(failed.get(0).substring(failed.get(0).indexOf('#') + 1));
        long[] range = jdbc.queryForObject("select range_from, range_to from apply_range where target = 'booking'"
                + " and lane = 'mask:booking.arrest' and part = ?", (rs, i) -> new long[] {rs.getLong(1),
                        rs.getLong(2)}, failedPart);
        // the other ranges of the table completed, those after the failed one included
        int parts = jdbc.queryForObject("select max(parts) from apply_range where lane = 'mask:booking.arrest'",
                Integer.class);
        assertThat(jdbc.queryForObject("select count(*) from batch_step_execution where job_execution_id = ?"
                + " and step_name like 'apply.booking.mask.booking.arrest#%' and status = 'COMPLETED'", Long.class,
                executionId)).isEqualTo(parts - 1L);
        // what is not done of the table is in the failed range alone; its rows are not counted as done
        List<long[]> undone = jdbc.query("select plan_id, (select count(*) from remediation_plan_state d"
                + " where d.table_name = 'booking.arrest' and d.state = 'DONE' and d.plan_id > ?) from"
                + " remediation_plan_state where table_name = 'booking.arrest' and action = 'MASK' and state <> 'DONE'",
                (rs, i) -> new long[] {rs.getLong(1), rs.getLong(2)}, range[1]);
        assertThat(undone).isNotEmpty().allMatch(r -> r[0] > range[0] && r[0] <= range[1]);
        if (failedPart < parts) {
            assertThat(undone.get(0)[1]).as("rows done after the failed range").isPositive();
        }
        assertThat(jdbc.queryForObject("select reason from run_target where target = 'booking'", String.class))
                .contains("apply.booking.mask.booking.arrest#" + failedPart,
                        "table booking.arrest stayed locked by another session");

        release();
        CliResult restart = sealctl("restart", String.valueOf(executionId), "--json");

        assertThat(restart.exitCode()).as(restart.out() + restart.err()).isZero();
        int[] changed = WorldChecks.remediated(world, world.activeSealed(), bookingBefore, TEST_HMAC_KEY);
        JsonOutput restarted = JsonOutput.of(restart.out()).has("verdict", "COMPLIANT", "matched",
                changed[0] + changed[1], "purged", changed[0], "masked", changed[1], "failed", 0, "residual", 0,
                "targetsVerified", 4);
        // the restart applied the failed range alone, and verified its target
        assertThat(jdbc.queryForList("select step_name from batch_step_execution where job_execution_id = ?"
                + " and step_name not in ('targets', 'apply', 'verify', 'report') order by step_name", String.class,
                restarted.number("executionId"))).containsExactly(failed.get(0),
                        "apply:" + failed.get(0).substring("apply.".length()), "verify.booking", "verify:booking");
        assertThat(jdbc.queryForObject("select count(*) from audit_ledger", Long.class))
                .isEqualTo(changed[0] + changed[1]);
    }
}
