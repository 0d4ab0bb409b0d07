package org.sealing.amqp;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.sealing.support.FunctionalTestSupport;
import org.sealing.support.JsonOutput;
import org.sealing.support.RemediationWorld;
import org.sealing.support.SealctlProcess;
import org.sealing.support.WorldChecks;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Remote partitioning over the local RabbitMQ server: a manager ({@code sealctl run} with
 * {@code SEALING_BROKER_URL}) sends the partitions of its run (a target's plan, a range of its apply, its
 * verification) to {@code sealctl worker} processes sharing its control database; the rows in the targets and the run's figures are exactly those of
 * an in-process run.
 */
class RemotePartitionsFunctionalTests extends FunctionalTestSupport {

    private final List<SealctlProcess> workers = new ArrayList<>();
    private RemediationWorld world;
    private Map<String, String> env;
    private String queue;

    @BeforeEach
    void world() throws Exception {
        TestRabbitMq.assumeAvailable();
        resetControlDatabase();
        world = importedWorld(600);
        queue = TestRabbitMq.newQueue();
        env = childEnv();
        env.put("SEALING_BROKER_URL", TestRabbitMq.URL);
        env.put("SEALING_BROKER_QUEUE", queue);
    }

    @AfterEach
    void stopWorkers() throws Exception {
        // the workers, and a manager left running by a test that failed half-way (and the triggers it left)
        SealctlProcess.killAll();
        jdbc.execute("drop trigger if exists slow_chunk on apply_chunk");
        jdbc.execute("drop function if exists slow_chunk()");
        jdbc.execute("drop trigger if exists refuse_partition_start on batch_step_execution");
        jdbc.execute("drop function if exists refuse_partition_start()");
        if (queue != null) {
            TestRabbitMq.deleteQueue(queue);
        }
    }

    @Test
    void aManagerAndTwoWorkersRemediateEveryTargetExactlyAndBothWorkersWork() throws Exception {
        Map<String, Integer> bookingBefore = world.snapshot("booking");
        // a worker takes one partition at a time, and the masked tables are applied in ranges of 40 rows: each of
        // two workers gets some of each step's partitions
        env.put("SEALING_REMEDIATION_PARALLELTARGETS", "1");
        env.put("SEALING_REMEDIATION_PARTITIONROWS", "40");
        List<SealctlProcess> both = startWorkers(2);
        SealctlProcess first = both.get(0);
        SealctlProcess second = both.get(1);

        SealctlProcess manager = SealctlProcess.start(workDir, env, "run", "remediate", "--json");

        assertThat(manager.waitFor(600)).as("%s%s\nfirst worker:\n%s\nsecond worker:\n%s", manager.out(),
                manager.err(), first.err(), second.err()).isZero();
        int[] changed = WorldChecks.remediated(world, world.activeSealed(), bookingBefore, TEST_HMAC_KEY);
        JsonOutput run = JsonOutput.of(manager.out()).has("status", "COMPLETED", "verdict", "COMPLIANT", "residual", 0,
                "failed", 0, "matched", changed[0] + changed[1], "purged", changed[0], "masked", changed[1]);
        long executionId = run.number("executionId");
        JsonOutput.of(sealctl("status", "--json").out()).item("executions", "executionId", executionId)
                .has("status", "COMPLETED");
        assertThat(jdbc.queryForObject("select sum(write_count) from batch_step_execution where job_execution_id = ?"
                + " and step_name like 'apply.%' and step_name not like '%.restore'", Long.class, executionId))
                .isEqualTo(changed[0] + changed[1]);
        // each partition (a target's plan, a range of its apply, its verification) ran in a worker, and each
        // worker ran some
        int ranByFirst = ran(first);
        int ranBySecond = ran(second);
        long partitions = jdbc.queryForObject("select count(*) from batch_step_execution where job_execution_id = ?"
                + " and step_name like '%:%'", Long.class, executionId);
        assertThat(partitions).isGreaterThan(4 + 4 + 4);
        assertThat(ranByFirst + ranBySecond).isEqualTo(partitions);
        assertThat(ranByFirst).as(first.err()).isPositive();
        assertThat(ranBySecond).as(second.err()).isPositive();
        assertThat(TestRabbitMq.waiting(queue)).isZero();

        // SIGTERM: a worker with nothing to do exits 0
        first.terminate();
        assertThat(first.waitFor(60)).as(first.err()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"targets", "apply"})
    void aWorkerKilledMidPartitionFailsItsTargetByNameAndTheRestartCompletesExactly(String phase) throws Exception {
        Map<String, Integer> bookingBefore = world.snapshot("booking");
        // small chunks and one partition per worker at a time make a partition long enough to be killed in; a
        // target's plan (targets:T) takes a second here, and the kill comes as the worker begins it
        env.put("SEALING_REMEDIATION_CHUNKSIZE", "10");
        env.put("SEALING_REMEDIATION_PARALLELTARGETS", "1");
        startWorkers(2);
        SealctlProcess manager = SealctlProcess.start(workDir, env, "run", "remediate", "--json");
        if (phase.equals("apply")) {
            awaitApplying(manager, 20);
        }
        SealctlProcess victim = busyWorker(phase + ":");
        String partition = runningPartition(victim);
        victim.kill();
        long executionId = jdbc.queryForObject("select max(job_execution_id) from batch_job_execution", Long.class);

        assertThat(manager.waitFor(600)).as(manager.out() + manager.err()).isEqualTo(1);
        String target = targetOf(partition);
        JsonOutput.of(manager.out()).has("status", "FAILED");
        String reason = jdbc.queryForObject("select reason from run_target where target = ?", String.class, target);
        assertThat(reason).startsWith("the sealctl worker running target " + target)
                .endsWith(" died or lost its connection to the control database (its partition lock is gone);"
                        + " a restart of the execution redoes it");
        assertThat(manager.err()).contains(reason);
        assertThat(jdbc.queryForObject("select exit_message from batch_step_execution where job_execution_id = ?"
                + " and step_name = ?", String.class, executionId, partition)).contains(reason);

        // each changed row once in the ledger, across the killed partition and its redo
        restartCompletesExactly(executionId, bookingBefore, true);
    }

    @Test
    void aWorkerSentSigtermEndsItsPartitionAtAChunkBoundaryAndExitsZeroAndTheRestartCompletesExactly()
            throws Exception {
        Map<String, Integer> bookingBefore = world.snapshot("booking");
        env.put("SEALING_REMEDIATION_CHUNKSIZE", "10");
        env.put("SEALING_REMEDIATION_PARALLELTARGETS", "1");
        startWorkers(2);
        SealctlProcess manager = SealctlProcess.start(workDir, env, "run", "remediate", "--json");
        long executionId = awaitApplying(manager, 20);
        SealctlProcess stopped = busyWorker();
        String partition = runningPartition(stopped);

        stopped.terminate();

        assertThat(stopped.waitFor(120)).as(stopped.err()).isZero();
        assertThat(manager.waitFor(600)).as(manager.out() + manager.err()).isEqualTo(1);
        String target = targetOf(partition);
        JsonOutput.of(manager.out()).has("status", "FAILED");
        assertThat(jdbc.queryForObject("select status from batch_step_execution where job_execution_id = ?"
                + " and step_name = ?", String.class, executionId, partition)).isEqualTo("FAILED");
        assertThat(jdbc.queryForObject("select reason from run_target where target = ?", String.class, target))
                .as(stopped.err()).startsWith("the sealctl worker running target " + target)
                .endsWith(" was stopped (SIGTERM) at a chunk boundary; a restart of the execution redoes it");
        assertThat(manager.err().lines().reduce((a, b) -> b).orElse(""))
                .as("the command's failure line gives the partition's reason, not that of a step it stopped")
                .contains("failed: step " + partition + ": the sealctl worker running target " + target)
                .contains(" was stopped (SIGTERM) at a chunk boundary;");
        // what it applied before it stopped is kept, the rest is applied once: each changed row once in the ledger
        restartCompletesExactly(executionId, bookingBefore, false);
    }

    /**
     * The manager killed while its workers plan ({@code targets}), apply or verify: each phase's partitions are
     * short in this world, so the kill comes as a worker begins one of the phase's (in apply, once 20 plan rows are
     * applied), and the partition it ran is asserted on only where apply's small chunks make it still running.
     */
    @ParameterizedTest
    @ValueSource(strings = {"targets", "apply", "verify"})
    void aManagerKilledMidPhaseLeavesItsWorkersToEndTheirPartitionsAndTheRestartCompletesExactly(String phase)
            throws Exception {
        Map<String, Integer> bookingBefore = world.snapshot("booking");
        env.put("SEALING_REMEDIATION_CHUNKSIZE", "10");
        env.put("SEALING_REMEDIATION_PARALLELTARGETS", "1");
        List<SealctlProcess> both = startWorkers(2);
        SealctlProcess manager = SealctlProcess.start(workDir, env, "run", "remediate", "--json");
        if (phase.equals("apply")) {
            awaitApplying(manager, 20);
        }
        SealctlProcess busy = busyWorker(phase + ":");
        String partition = runningPartition(busy);

        manager.kill();
        List<Integer> begunAtKill = both.stream().map(RemotePartitionsFunctionalTests::begun).toList();
        long executionId = jdbc.queryForObject("select max(job_execution_id) from batch_job_execution", Long.class);

        // the workers see the manager's lock gone: what they run ends at a chunk boundary, and the partitions still
        // queued for the dead execution are not begun (but by a worker that took one as the manager died); they stay
        // up for the next run
        long deadline = System.currentTimeMillis() + 120_000;
        while (both.stream().anyMatch(w -> runningPartition(w) != null)) {
            assertThat(System.currentTimeMillis()).as("a worker still runs a partition of the dead manager: "
                    + busy.err()).isLessThan(deadline);
            Thread.sleep(100);
        }
        Thread.sleep(2_000);
        for (int i = 0; i < both.size(); i++) {
            SealctlProcess worker = both.get(i);
            assertThat(runningPartition(worker)).as(worker.err()).isNull();
            assertThat(begun(worker)).as(worker.err()).isBetween(begunAtKill.get(i), begunAtKill.get(i) + 1);
            assertThat(worker.isAlive()).as(worker.err()).isTrue();
        }
        awaitStatus(executionId, "DEAD").has("status", "DEAD");
        if (phase.equals("apply")) {
            String target = targetOf(partition);
            assertThat(jdbc.queryForObject("select reason from run_target where target = ?", String.class, target))
                    .as(busy.err()).startsWith("the sealctl process that ran execution " + executionId + " is gone"
                            + " (killed or crashed), so the sealctl worker running target " + target)
                    .endsWith(" ended it at a chunk boundary; a restart of the execution redoes it");
        }

        SealctlProcess restart = SealctlProcess.start(workDir, env, "restart", String.valueOf(executionId), "--json");

        assertThat(restart.waitFor(600)).as("%s%s\nfirst worker:\n%s\nsecond worker:\n%s", restart.out(),
                restart.err(), both.get(0).err(), both.get(1).err()).isZero();
        int[] changed = WorldChecks.remediated(world, world.activeSealed(), bookingBefore, TEST_HMAC_KEY);
        JsonOutput.of(restart.out()).has("status", "COMPLETED", "verdict", "COMPLIANT", "residual", 0, "failed", 0,
                "purged", changed[0], "masked", changed[1]);
        // each changed row once in the ledger, across the dead manager's partitions and the restart's
        assertThat(jdbc.queryForObject("select count(*) from audit_ledger", Long.class))
                .isEqualTo(changed[0] + changed[1]);
        assertThat(both).allMatch(SealctlProcess::isAlive);
    }

    @Test
    void aStopReachesTheWorkersAndTheRestartCompletesExactly() throws Exception {
        Map<String, Integer> bookingBefore = world.snapshot("booking");
        env.put("SEALING_REMEDIATION_CHUNKSIZE", "10");
        env.put("SEALING_REMEDIATION_PARALLELTARGETS", "1");
        SealctlProcess worker = startWorker();
        SealctlProcess manager = SealctlProcess.start(workDir, env, "run", "remediate", "--json");
        long executionId = awaitApplying(manager, 20);

        CliResult stop = sealctl("stop", String.valueOf(executionId));

        assertThat(stop.exitCode()).as(stop.err()).isZero();
        assertThat(manager.waitFor(300)).as(manager.out() + manager.err()).isEqualTo(1);
        JsonOutput.of(manager.out()).has("status", "STOPPED");
        assertThat(worker.isAlive()).isTrue();
        SealctlProcess restart = SealctlProcess.start(workDir, env, "restart", String.valueOf(executionId), "--json");
        assertThat(restart.waitFor(600)).as(restart.out() + restart.err()).isZero();
        int[] changed = WorldChecks.remediated(world, world.activeSealed(), bookingBefore, TEST_HMAC_KEY);
        JsonOutput.of(restart.out()).has("status", "COMPLETED", "verdict", "COMPLIANT", "purged", changed[0],
                "masked", changed[1]);
    }

    /**
     * A worker killed after it took a partition's message and before it claimed the partition: the test holds the
     * waiting partitions' rows in the control database, so that the first worker's claim waits on them, kills that
     * worker there, then lets a second one go. The message goes back to the queue with the dead worker's connection,
     * and the run completes without a restart (it used to wait the pickup timeout, then fail the partition as one no
     * worker took).
     */
    @Test
    void aWorkerKilledAsItTakesAPartitionLeavesItsMessageToAnotherAndTheRunCompletesExactly() throws Exception {
        Map<String, Integer> bookingBefore = world.snapshot("booking");
        env.put("SEALING_REMEDIATION_PARALLELTARGETS", "1");
        env.put("SEALING_BROKER_PICKUPTIMEOUT", "60s");
        SealctlProcess manager = SealctlProcess.start(workDir, env, "run", "remediate", "--json");
        try (java.sql.Connection holder = java.sql.DriverManager.getConnection(controlUrl(), controlUser(),
                controlPassword())) {
            holder.setAutoCommit(false);
            long deadline = System.currentTimeMillis() + 120_000;
            awaitSent(manager, 4);
            int held;
            try (java.sql.Statement hold = holder.createStatement();
                    java.sql.ResultSet rows = hold.executeQuery("select step_execution_id from batch_step_execution"
                            + " where status = 'STARTING' and step_name like 'targets:%' for update")) {
                held = 0;
                while (rows.next()) {
                    held++;
                }
            }
            assertThat(held).isEqualTo(4);
            SealctlProcess first = startWorker();
            while (jdbc.queryForObject("select count(*) from pg_stat_activity where wait_event_type = 'Lock'"
                    + " and query ilike '%update batch_step_execution%'", Long.class) == 0) {
                assertThat(System.currentTimeMillis()).as("the worker's claim did not wait: " + first.err())
                        .isLessThan(deadline);
                Thread.sleep(50);
            }
            first.kill();
            startWorker();
            holder.rollback();
        }

        completedExactly(manager, bookingBefore, true, workers.get(workers.size() - 1));
        assertThat(TestRabbitMq.waiting(queue)).isZero();
    }

    /**
     * A partition's message handed to a worker while another process still holds the partition's lock but never
     * claimed it (a worker killed as it claimed it, whose session the server has not ended yet: a host gone, not a
     * process): the test holds the waiting partitions' locks as such a session would. The worker puts the messages
     * back and takes them again once the locks are gone, and the run completes (it used to acknowledge them away,
     * and the partitions failed at the pickup timeout).
     */
    @Test
    void aWaitingPartitionLockedElsewhereGoesBackToTheQueueAndRunsOnceTheLockIsGone() throws Exception {
        Map<String, Integer> bookingBefore = world.snapshot("booking");
        env.put("SEALING_BROKER_PICKUPTIMEOUT", "30s");
        SealctlProcess manager = SealctlProcess.start(workDir, env, "run", "remediate", "--json");
        try (java.sql.Connection holder = java.sql.DriverManager.getConnection(controlUrl(), controlUser(),
                controlPassword())) {
            long deadline = System.currentTimeMillis() + 120_000;
            awaitSent(manager, 4);
            // the partition locks (class 0x5EA3, keyed by the step execution's id) of the four waiting plans
            try (java.sql.Statement hold = holder.createStatement();
                    java.sql.ResultSet locked = hold.executeQuery("select count(pg_advisory_lock(24227,"
                            + " (step_execution_id & 2147483647)::int)) from batch_step_execution"
                            + " where status = 'STARTING' and step_name like 'targets:%'")) {
                locked.next();
                assertThat(locked.getLong(1)).isEqualTo(4);
            }
            SealctlProcess worker = startWorker();
            while (!worker.err().contains("is locked by a process that has not claimed it")) {
                assertThat(System.currentTimeMillis()).as("the worker did not find them locked: " + worker.err())
                        .isLessThan(deadline);
                Thread.sleep(50);
            }
            assertThat(TestRabbitMq.waiting(queue) + jdbc.queryForObject("select count(*) from batch_step_execution"
                    + " where status = 'STARTING' and step_name like 'targets:%'", Long.class)).as(worker.err())
                    .isPositive();
            try (java.sql.Statement release = holder.createStatement()) {
                release.execute("select pg_advisory_unlock_all()");
            }
        }

        completedExactly(manager, bookingBefore, true, workers.get(0));
        assertThat(TestRabbitMq.waiting(queue)).isZero();
    }

    @Test
    void partitionsNoWorkerTakesFailByNameAfterThePickupTimeoutAndARestartWithAWorkerCompletesExactly()
            throws Exception {
        Map<String, Integer> bookingBefore = world.snapshot("booking");
        env.put("SEALING_BROKER_PICKUPTIMEOUT", "3s");

        SealctlProcess manager = SealctlProcess.start(workDir, env, "run", "remediate", "--json");

        assertThat(manager.waitFor(120)).as(manager.out() + manager.err()).isEqualTo(1);
        JsonOutput.of(manager.out()).has("status", "FAILED", "targetsFailed", 4, "targetsVerified", 0);
        String reason = "no sealctl worker took a partition from queue " + queue + " for 3s"
                + " (SEALING_BROKER_PICKUPTIMEOUT), so that of target booking was not run: start workers on that"
                + " queue, then restart the execution";
        assertThat(manager.err()).contains(reason);
        long executionId = JsonOutput.of(manager.out()).number("executionId");
        String failureLine = manager.err().lines().reduce((a, b) -> b).orElse("");
        assertThat(failureLine).as("the command's last line says why, as a partition recorded it")
                .startsWith("sealctl: remediate execution " + executionId + " failed: step targets:")
                .contains("no sealctl worker took a partition from queue " + queue)
                .doesNotContain(": failed;");
        assertThat(jdbc.queryForObject("select reason from run_target where target = 'booking'", String.class))
                .isEqualTo(reason);
        assertThat(world.snapshot("booking")).as("nothing of a target changed").isEqualTo(bookingBefore);

        // a worker started now skips the partitions left in the queue (they were failed) and runs the restart's
        SealctlProcess worker = startWorker();
        restartCompletesExactly(executionId, bookingBefore, true, worker);
        assertThat(TestRabbitMq.waiting(queue)).isZero();
    }

    @Test
    void aPartitionWhoseStartTheControlDatabaseRefusesFailsWithThatReasonAndTheRestartCompletesExactly()
            throws Exception {
        Map<String, Integer> bookingBefore = world.snapshot("booking");
        // Spring Batch records a step's start before its own error handling: the worker's first write of the
        // booking plan's partition fails, as a control database that refuses it would
        jdbc.execute("""
                create function refuse_partition_start() returns trigger language plpgsql as $$
                begin
                    if new.step_name = 'targets:booking' and new.status = 'STARTED' and old.start_time is null
                            and new.start_time is not null then
                        raise exception 'the test refuses the start of this partition';
                    end if;
                    return new;
                end $$""");
        jdbc.execute("create trigger refuse_partition_start before update on batch_step_execution for each row"
                + " execute function refuse_partition_start()");
        long executionId;
        try {
            SealctlProcess worker = startWorker();
            SealctlProcess manager = SealctlProcess.start(workDir, env, "run", "remediate", "--json");

            assertThat(manager.waitFor(600)).as(manager.out() + manager.err() + worker.err()).isEqualTo(1);
            executionId = JsonOutput.of(manager.out()).has("status", "FAILED").number("executionId");
            String reason = jdbc.queryForObject("select reason from run_target where target = 'booking'",
                    String.class);
            assertThat(reason).as("the worker's reason, not a dead worker's")
                    .startsWith("the sealctl worker running target booking could not run it: ")
                    .contains("the test refuses the start of this partition")
                    .endsWith("; a restart of the execution redoes it");
            assertThat(manager.err()).contains(reason).doesNotContain("died");
            assertThat(worker.isAlive()).as(worker.err()).isTrue();
            assertThat(world.snapshot("booking")).as("nothing of the target changed").isEqualTo(bookingBefore);
        } finally {
            jdbc.execute("drop trigger refuse_partition_start on batch_step_execution");
            jdbc.execute("drop function refuse_partition_start()");
        }

        restartCompletesExactly(executionId, bookingBefore, true);
    }

    /**
     * The connection on which a worker holds its partitions' locks ended under it (a network blip, the control
     * database's administrator): the manager can no longer tell that worker alive, so the partition it ran fails,
     * the worker ends it at a chunk boundary and goes on working on a new connection, and the restart completes
     * exactly, run by that same worker.
     */
    @Test
    void aWorkerWhoseLockConnectionEndsEndsItsPartitionAndTheRestartCompletesExactly() throws Exception {
        Map<String, Integer> bookingBefore = world.snapshot("booking");
        env.put("SEALING_REMEDIATION_CHUNKSIZE", "10");
        env.put("SEALING_REMEDIATION_PARALLELTARGETS", "1");
        // each chunk of 10 of booking's rows takes a fifth of a second to record: its partitions last seconds
        jdbc.execute("""
                create function slow_chunk() returns trigger language plpgsql as $$
                begin
                    if new.target = 'booking' then
                        perform pg_sleep(0.2);
                    end if;
                    return new;
                end $$""");
        jdbc.execute("create trigger slow_chunk before insert on apply_chunk for each row execute function"
                + " slow_chunk()");
        SealctlProcess worker = startWorker();
        SealctlProcess manager = SealctlProcess.start(workDir, env, "run", "remediate", "--json");
        // booking's purges, the longest partition here (some 40 chunks): its lock goes as it begins
        busyWorker("apply:booking.purge");
        String partition = runningPartition(worker);
        long executionId = jdbc.queryForObject("select max(job_execution_id) from batch_job_execution", Long.class);

        // the backend that holds the worker's lock of that partition (class 0x5EA3, keyed by its id)
        long partitionId = jdbc.queryForObject("select step_execution_id from batch_step_execution where"
                + " job_execution_id = ? and step_name = ?", Long.class, executionId, partition);
        String lockSql = " from pg_locks where locktype = 'advisory' and granted and classid = 24227 and objsubid = 2"
                + " and objid = ?::int::oid";
        assertThat(jdbc.queryForObject("select count(pg_terminate_backend(pid))" + lockSql, Integer.class,
                (int) partitionId)).as("%s", jdbc.queryForList("select pid, objid from pg_locks where classid = 24227"))
                .isOne();

        // the worker finds its lock gone within two seconds, unless the manager found it first: the partition's
        // next chunk then fails, its record having been changed under it
        String lost = "the lock of partition " + partition + " went with a broken connection to the control database";
        String ended = "partition " + partition + " ended";
        long deadline = System.currentTimeMillis() + 30_000;
        while (!worker.err().contains(lost) && !worker.err().contains(ended)) {
            assertThat(System.currentTimeMillis()).as("the partition ran on: " + worker.err()).isLessThan(deadline);
            Thread.sleep(50);
        }
        assertThat(worker.err()).as("the partition ended as it lost its lock").doesNotContain(ended + " COMPLETED");
        // the rest of the run at full speed
        jdbc.execute("drop trigger slow_chunk on apply_chunk");
        jdbc.execute("drop function slow_chunk()");

        assertThat(manager.waitFor(600)).as(manager.out() + manager.err() + worker.err()).isEqualTo(1);
        String target = targetOf(partition);
        JsonOutput.of(manager.out()).has("status", "FAILED");
        assertThat(jdbc.queryForObject("select reason from run_target where target = ?", String.class, target))
                .as(worker.err()).startsWith("the sealctl worker running target " + target)
                .containsAnyOf(" lost its partition lock (its connection to the control database broke), so it"
                        + " ended it at a chunk boundary;", " died or lost its connection to the control database"
                        + " (its partition lock is gone);");
        assertThat(worker.isAlive()).as(worker.err()).isTrue();

        restartCompletesExactly(executionId, bookingBefore, false, worker);
    }

    @Test
    void anUnreachableBrokerIsAConfigurationErrorThatChangesNothing() throws Exception {
        env.put("SEALING_BROKER_URL", "amqp://guest:secret-password@127.0.0.1:1/");
        Long before = jdbc.queryForObject("select count(*) from batch_job_execution", Long.class);

        SealctlProcess manager = SealctlProcess.start(workDir, env, "run", "remediate");
        SealctlProcess worker = SealctlProcess.start(workDir, env, "worker");

        assertThat(manager.waitFor(120)).as(manager.err()).isEqualTo(2);
        assertThat(manager.err()).contains("cannot use the RabbitMQ broker at 127.0.0.1:1 (SEALING_BROKER_URL)")
                .doesNotContain("secret-password");
        assertThat(worker.waitFor(120)).as(worker.err()).isEqualTo(2);
        assertThat(worker.err()).contains("cannot use the RabbitMQ broker at 127.0.0.1:1 (SEALING_BROKER_URL)")
                .doesNotContain("secret-password");
        assertThat(jdbc.queryForObject("select count(*) from batch_job_execution", Long.class)).isEqualTo(before);
    }

    /**
     * Restarts an execution and asserts that it completes exactly: every sealed row of the world changed, nothing
     * else, each changed row once in the ledger across the execution and its restart (and, when asked, the figures'
     * matched rows the changed ones).
     */
    private void restartCompletesExactly(long executionId, Map<String, Integer> bookingBefore, boolean matched,
            SealctlProcess... logs) throws Exception {
        completedExactly(SealctlProcess.start(workDir, env, "restart", String.valueOf(executionId), "--json"),
                bookingBefore, matched, logs);
    }

    /**
     * Waits for a run (or restart) and asserts that it completed exactly: every sealed row of the world changed,
     * nothing else, each changed row once in the ledger across the execution and its restarts (and, when asked, the
     * figures' matched rows the changed ones).
     */
    private void completedExactly(SealctlProcess run, Map<String, Integer> bookingBefore, boolean matched,
            SealctlProcess... logs) throws Exception {
        assertThat(run.waitFor(600)).as("%s%s%s", run.out(), run.err(),
                java.util.Arrays.stream(logs).map(SealctlProcess::err).toList()).isZero();
        int[] changed = WorldChecks.remediated(world, world.activeSealed(), bookingBefore, TEST_HMAC_KEY);
        JsonOutput figures = JsonOutput.of(run.out()).has("status", "COMPLETED", "verdict", "COMPLIANT", "residual", 0,
                "failed", 0, "purged", changed[0], "masked", changed[1]);
        if (matched) {
            figures.has("matched", changed[0] + changed[1]);
        }
        assertThat(jdbc.queryForObject("select count(*) from audit_ledger", Long.class))
                .isEqualTo(changed[0] + changed[1]);
    }

    /** Waits up to 2 minutes until the manager has sent this many partitions to the queue. */
    private void awaitSent(SealctlProcess manager, int partitions) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 120_000;
        while (TestRabbitMq.waiting(queue) < partitions) {
            assertThat(manager.isAlive()).as(manager.err()).isTrue();
            assertThat(System.currentTimeMillis()).as("no partitions sent: " + manager.err()).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private SealctlProcess startWorker() throws InterruptedException {
        return startWorkers(1).get(0);
    }

    /** Starts workers side by side and waits until each takes partitions. */
    private List<SealctlProcess> startWorkers(int count) throws InterruptedException {
        List<SealctlProcess> started = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            started.add(SealctlProcess.start(workDir, env, "worker"));
        }
        workers.addAll(started);
        long deadline = System.currentTimeMillis() + 120_000;
        for (SealctlProcess worker : started) {
            while (!(worker.out() + worker.err()).contains("worker taking partitions from queue " + queue)) {
                assertThat(worker.isAlive()).as(worker.err()).isTrue();
                assertThat(System.currentTimeMillis()).as("the worker did not start: " + worker.err())
                        .isLessThan(deadline);
                Thread.sleep(100);
            }
        }
        return started;
    }

    /** A worker that runs a partition now, waiting up to 2 minutes for one. */
    private SealctlProcess busyWorker() throws InterruptedException {
        return busyWorker("");
    }

    /** A worker that runs a partition whose name begins so now, waiting up to 2 minutes for one. */
    private SealctlProcess busyWorker(String prefix) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 120_000;
        while (true) {
            for (SealctlProcess worker : workers) {
                String running = runningPartition(worker);
                if (running != null && running.startsWith(prefix)) {
                    return worker;
                }
            }
            assertThat(System.currentTimeMillis()).as("no worker ran a partition").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    /** The partition a worker runs now ({@code targets:T}, {@code apply:T.purge}...), as its log says, or null. */
    private static String runningPartition(SealctlProcess worker) {
        String log = worker.out() + worker.err();
        String running = null;
        for (String line : log.lines().toList()) {
            int at = line.indexOf("running partition ");
            if (at >= 0) {
                running = line.substring(at + "running partition ".length()).strip();
            } else if (running != null && line.contains("partition " + running + " ended")) {
                running = null;
            }
        }
        return running;
    }

    /** How many partitions a worker has begun, as its log says. */
    private static int begun(SealctlProcess worker) {
        return (int) (worker.out() + worker.err()).lines().filter(l -> l.contains("running partition ")).count();
    }

    /** The target of a partition: {@code booking} of {@code apply:booking.mask.booking.arrest#2}. */
    private static String targetOf(String partition) {
        String rest = partition.substring(partition.indexOf(':') + 1);
        return rest.contains(".") ? rest.substring(0, rest.indexOf('.')) : rest;
    }

    /** How many partitions a worker ran to their end, as its log says. */
    private static int ran(SealctlProcess worker) {
        String log = worker.out() + worker.err();
        return (int) log.lines().filter(l -> l.contains("partition ") && l.contains("ended COMPLETED")).count();
    }
}
