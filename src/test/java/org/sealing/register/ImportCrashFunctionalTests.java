package org.sealing.register;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.sealing.support.Feeds;
import org.sealing.support.FunctionalTestSupport;
import org.sealing.support.JsonOutput;
import org.sealing.support.SealctlProcess;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An import killed outright (SIGKILL, no chance to clean up) at random points, or stopped by an
 * operator, is seen as such by {@code status} and completed by {@code restart} with every line
 * counted exactly once.
 */
class ImportCrashFunctionalTests extends FunctionalTestSupport {

    private static final int LINES = 30_000;
    private static final int BAD_EVERY = 1_000;

    private Path feed;
    private Map<String, String> env;

    @BeforeEach
    void bigFeed() {
        resetControlDatabase();
        List<String> lines = new ArrayList<>(LINES);
        for (int i = 0; i < LINES; i++) {
            String arrest = "K" + String.format("%08d", i);
            lines.add(i % BAD_EVERY == 7 ? Feeds.validWith("C-" + i, arrest, 4, "BAD-NYSID") : Feeds.valid("C-" + i, arrest));
        }
        feed = Feeds.write(workDir, "crash.csv", lines.toArray(new String[0]));
        env = SealctlProcess.controlEnv(controlUrl(), controlUser(), controlPassword());
        // small chunks make the run long enough to be killed in the middle of it
        env.put("SEALING_IMPORTING_CHUNKSIZE", "100");
    }

    @Test
    void anImportKilledTwiceAtRandomPointsIsResumedByRestartAndCountsEveryLineOnce() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        // given an import killed at a random point
        SealctlProcess first = SealctlProcess.start(workDir, env, "import", feed.toString());
        long executionId = killAfter(first, LINES / 10 + random.nextInt(LINES / 3));

        // then status shows it dead, not running
        awaitStatus(executionId, "DEAD").as("seed %d", seed).has("job", "import", "status", "DEAD");

        // and a restart, killed again further on, then restarted to the end
        SealctlProcess second = SealctlProcess.start(workDir, env, "restart", String.valueOf(executionId));
        long secondId = killAfter(second, LINES / 2 + random.nextInt(LINES / 3));
        CliResult last = sealctl("restart", String.valueOf(secondId), "--json");

        // completes with each line counted once, exactly as an uninterrupted import would
        int rejected = LINES / BAD_EVERY;
        assertThat(last.exitCode()).as("seed %d: %s", seed, last.err()).isZero();
        JsonOutput.of(last.out()).as("seed %d", seed).has("status", "COMPLETED", "accepted", LINES - rejected,
                "unchanged", 0, "updated", 0, "rejected", rejected);
        assertThat(jdbc.queryForObject("select count(*) from sealing_order", Long.class)).isEqualTo(LINES - rejected);
        assertThat(jdbc.queryForList("select line_no from feed_line where outcome = 'REJECTED' order by line_no",
                Long.class)).hasSize(rejected).allMatch(line -> (line - 2) % BAD_EVERY == 7);
        assertThat(jdbc.queryForObject("select count(*) from sealing_order where order_id = 'C-' || "
                + "cast(cast(substr(arrest_number, 2) as int) as text)", Long.class)).isEqualTo(LINES - rejected);
    }

    /**
     * Spring Batch 6 saves a step's reader position after the chunk's transaction commits, not in it
     * (spring-batch#5199): a process killed between the two leaves a position behind the lines it
     * committed. The restart then reads committed lines again, and must count each once.
     */
    @Test
    void aRestartWhoseSavedPositionLagsBehindTheCommittedLinesCountsEveryLineOnce() throws Exception {
        // given an import whose reader position is captured early, then killed well after it
        SealctlProcess first = SealctlProcess.start(workDir, env, "import", feed.toString());
        long executionId = awaitProgress(first, LINES / 20);
        Map<String, Object> early = jdbc.queryForMap("select c.short_context, c.serialized_context"
                + " from batch_step_execution_context c join batch_step_execution s"
                + " on s.step_execution_id = c.step_execution_id where s.job_execution_id = ?", executionId);
        killAfter(first, LINES / 3);
        long committed = jdbc.queryForObject("select count(*) from feed_line", Long.class);

        // when the saved position is put back where it was early on, as a kill just after a commit leaves it
        jdbc.update("update batch_step_execution_context c set short_context = ?, serialized_context = ?"
                + " from batch_step_execution s where s.step_execution_id = c.step_execution_id"
                + " and s.job_execution_id = ?", early.get("short_context"), early.get("serialized_context"),
                executionId);
        CliResult restart = sealctl("restart", String.valueOf(executionId), "--json");

        // then the lines read again are passed over, and the import ends as an uninterrupted one
        int rejected = LINES / BAD_EVERY;
        assertThat(committed).isGreaterThan(LINES / 20 + 1_000);
        assertThat(restart.exitCode()).as(restart.err()).isZero();
        JsonOutput.of(restart.out()).has("status", "COMPLETED", "accepted", LINES - rejected, "unchanged", 0,
                "updated", 0, "rejected", rejected);
        assertThat(jdbc.queryForObject("select count(*) from sealing_order", Long.class)).isEqualTo(LINES - rejected);
    }

    @Test
    void aSecondImportIsRefusedWhileOneRunsAndAStoppedImportResumes() throws Exception {
        SealctlProcess running = SealctlProcess.start(workDir, env, "import", feed.toString());
        long executionId = awaitProgress(running, 2_000);

        // a second import is refused, naming the running one
        CliResult second = sealctl("import", Feeds.write(workDir, "other.csv", Feeds.valid("O-1", "Q00000001")).toString());
        assertThat(second.exitCode()).isEqualTo(4);
        assertThat(second.err()).contains("another execution of import is running: import execution " + executionId);

        // an operator stops the running one; it ends STOPPED, restartable
        CliResult stop = sealctl("stop", String.valueOf(executionId));
        assertThat(stop.exitCode()).as(stop.err()).isZero();
        assertThat(running.waitFor(120)).isEqualTo(1);
        JsonOutput.of(sealctl("status", "--json").out()).item("executions", "executionId", executionId)
                .has("job", "import", "status", "STOPPED");

        CliResult restart = sealctl("restart", String.valueOf(executionId), "--json");
        assertThat(restart.exitCode()).as(restart.err()).isZero();
        JsonOutput.of(restart.out()).has("accepted", LINES - LINES / BAD_EVERY);
    }

    private long killAfter(SealctlProcess process, int lines) throws Exception {
        long executionId = awaitProgress(process, lines);
        process.kill();
        return executionId;
    }

    /** Waits until the running import has recorded this many line outcomes, and returns its execution id. */
    private long awaitProgress(SealctlProcess process, int lines) throws Exception {
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline) {
            assertThat(process.isAlive()).as("the import ended before it could be interrupted: %s", process.err())
                    .isTrue();
            Long done = jdbc.queryForObject("select count(*) from feed_line", Long.class);
            if (done != null && done >= lines) {
                return jdbc.queryForObject("select max(job_execution_id) from batch_job_execution", Long.class);
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the import made no progress: " + process.err());
    }
}
