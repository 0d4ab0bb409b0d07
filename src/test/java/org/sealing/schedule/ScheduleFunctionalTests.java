package org.sealing.schedule;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.sealing.support.JsonOutput;
import org.sealing.support.FunctionalTestSupport;
import org.sealing.support.RemediationWorld;
import org.sealing.support.SealctlProcess;
import org.sealing.support.TestControlDatabase;
import org.sealing.support.WorldChecks;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scheduler as administrators run it: two {@code serve} nodes on one control database run each
 * fire time once, a paused schedule fires nowhere, SIGTERM ends a node cleanly (a run it was applying
 * ends STOPPED and its restart completes it), a fire time missed while no node ran fires once when one
 * starts, and the metrics say what {@code status} says.
 */
class ScheduleFunctionalTests extends FunctionalTestSupport {

    private Path config;
    private Map<String, String> env;
    private long firstExecution;

    @BeforeEach
    void clean() throws Exception {
        resetControlDatabase();
        jdbc.update("delete from qrtz_cron_triggers");
        jdbc.update("delete from qrtz_triggers");
        jdbc.update("delete from qrtz_job_details");
        config = properties().configDir();
        emptyTargetsDirectory();
        Long last = jdbc.queryForObject("select max(job_execution_id) from batch_job_execution", Long.class);
        firstExecution = last == null ? 1 : last + 1;
        env = SealctlProcess.controlEnv(controlUrl(), controlUser(), controlPassword());
        env.put("SEALING_CONFIGDIR", config.toString());
        env.put("SEALING_REPORTS", properties().reports().toString());
        env.put("SEALING_INBOX", properties().inbox().toString());
    }

    @org.junit.jupiter.api.AfterEach
    void killLeftovers() {
        // a test that failed before its SIGTERM must not leave a scheduler running into the next ones
        SealctlProcess.killAll();
    }

    /** One small target whose verification is quick: the schedules run verify on it. */
    private void smallTarget() throws Exception {
        TestControlDatabase.Database db = TestControlDatabase.create();
        try (Connection c = java.sql.DriverManager.getConnection(db.url(), db.user(), db.password());
                Statement s = c.createStatement()) {
            s.execute("create table card (card_id int primary key, arrest_no text, notes text);"
                    + " insert into card values (1, 'Q-1234-5678', 'kept'), (2, 'K00000001', 'other')");
        }
        Files.writeString(config.resolve("targets/cards.yml"), """
                name: cards
                connection:
                  url: %s
                  username: %s
                  password: "%s"
                tables:
                  - table: card
                    key: [card_id]
                    match: { arrest_number: arrest_no }
                    action: mask
                    mask: { notes: redact }
                """.formatted(db.url(), db.user(), db.password() == null ? "" : db.password()));
        // one sealed case, on card 1: verification finds it until something remediates it
        Path feed = org.sealing.support.Feeds.write(workDir, "cards-feed.csv",
                org.sealing.support.Feeds.valid("CARD-1", "Q12345678"));
        assertThat(sealctl("import", feed.toString()).exitCode()).isZero();
    }

    @Test
    void twoNodesRunEachFireTimeOnceAPausedScheduleFiresNowhereAndSigtermEndsBoth() throws Exception {
        smallTarget();
        CliResult set = sealctl("schedule", "set", "verify", "0/5 * * * * ?", "--zone", "UTC", "--json");
        assertThat(set.exitCode()).as(set.err()).isZero();
        JsonOutput.of(set.out()).item("schedules", "job", "verify").has("cron", "0/5 * * * * ?", "zone", "UTC", "state", "NORMAL");
        assertScheduledHere("verify");
        long started = System.currentTimeMillis();
        int port = freePort();
        env.put("SEALING_SERVE_PORT", String.valueOf(port));
        SealctlProcess first = SealctlProcess.start(workDir, env, "serve");
        env.put("SEALING_SERVE_PORT", String.valueOf(freePort()));
        SealctlProcess second = SealctlProcess.start(workDir, env, "serve");

        // both nodes join the cluster, then three fire times pass with both up
        awaitUntil("both nodes in the cluster: " + first.err() + second.err(), 120, () -> count("select count(*)"
                + " from qrtz_scheduler_state where last_checkin_time >= " + started) >= 2);
        int firedBefore = fired().size();
        awaitUntil("three fire times with both nodes up: " + first.err() + second.err(), 90,
                () -> fired().size() >= firedBefore + 3);

        // paused, it fires on neither node
        CliResult pause = sealctl("schedule", "pause", "verify");
        assertThat(pause.out()).contains("PAUSED");
        awaitUntil("the last run to end", 60, () -> count("select count(*) from batch_job_execution"
                + " where status in ('STARTING', 'STARTED', 'STOPPING')") == 0);
        List<String> fired = fired();
        assertThat(fired).as(first.err() + second.err()).hasSizeGreaterThanOrEqualTo(2).doesNotHaveDuplicates()
                .allMatch(t -> Instant.parse(t).getEpochSecond() % 5 == 0);
        assertThat(executions()).isEqualTo(fired.size());

        // the metrics say what status says
        HttpClient http = HttpClient.newHttpClient();
        String health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        JsonOutput.of(health).has("status", "UP", "scheduler", "STARTED");
        String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        CliResult status = sealctl("status", "--json", "--limit", "1");
        JsonOutput.of(status.out()).items("executions").get(0).has("verdict", "NOT_COMPLIANT", "residual", 1);
        assertThat(metrics).contains("sealing_residual_rows{target=\"cards\"} 1.0",
                "sealing_last_verdict{verdict=\"NOT_COMPLIANT\"} 1.0", "sealing_last_verdict{verdict=\"COMPLIANT\"} 0.0",
                "sealing_run_duration_seconds");

        // no fire time of the next two (absence has no event to wait for: the wait spans them)
        int before = executions();
        long now = System.currentTimeMillis();
        Thread.sleep(10_000 - now % 5_000 + 1_000);
        assertThat(executions()).isEqualTo(before);

        // SIGTERM ends both cleanly
        first.terminate();
        second.terminate();
        assertThat(first.waitFor(60)).as(first.err()).isZero();
        assertThat(second.waitFor(60)).as(second.err()).isZero();
    }

    @Test
    void sigtermWhileApplyingLeavesTheRunStoppedAndARestartCompletesItExactly() throws Exception {
        RemediationWorld world = RemediationWorld.create(880);
        world.writeTargets(config);
        Path feeds = Files.createDirectories(workDir.resolve("feeds"));
        assertThat(sealctl("import", world.writeFeed(feeds.resolve("seal.csv")).toString()).exitCode()).isZero();
        assertThat(sealctl("import", world.writeUnsealFeed(feeds.resolve("unseal.csv")).toString()).exitCode()).isZero();
        Map<String, Integer> bookingBefore = world.snapshot("booking");
        // it fires when the node is up: a fire time passed by less than the misfire threshold (a minute) is on time
        CliResult set = sealctl("schedule", "set", "remediate", once(Instant.now().plusSeconds(3)), "--zone", "UTC");
        assertThat(set.exitCode()).as(set.err()).isZero();
        assertScheduledHere("remediate");
        env.put("SEALING_REMEDIATION_CHUNKSIZE", "10");
        env.put("SEALING_REMEDIATION_PARALLELTARGETS", "1");
        env.put("SEALING_SERVE_PORT", String.valueOf(freePort()));
        SealctlProcess node = SealctlProcess.start(workDir, env, "serve");

        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline && count("select count(*) from remediation_plan_state"
                + " where state = 'DONE'") < 100) {
            assertThat(node.isAlive()).as(node.err()).isTrue();
            Thread.sleep(20);
        }
        node.terminate();

        assertThat(node.waitFor(120)).as(node.err()).isZero();
        Long executionId = jdbc.queryForObject("select max(job_execution_id) from batch_job_execution", Long.class);
        JsonOutput.of(sealctl("status", "--json").out()).item("executions", "executionId", executionId)
                .has("job", "remediate", "status", "STOPPED");
        CliResult restart = sealctl("restart", String.valueOf(executionId), "--json");
        assertThat(restart.exitCode()).as(restart.err()).isZero();
        int[] changed = WorldChecks.remediated(world, world.activeSealed(), bookingBefore, TEST_HMAC_KEY);
        JsonOutput.of(restart.out()).has("verdict", "COMPLIANT", "purged", changed[0], "masked", changed[1], "residual", 0);
        assertThat(count("select count(*) from audit_ledger")).isEqualTo(changed[0] + changed[1]);
        CliResult detail = sealctl("status", String.valueOf(executionId + 1));
        assertThat(detail.out()).contains("target booking: VERIFIED, residual 0", "booking.arrest", "mask");
    }

    @Test
    void aFireTimeMissedWhileNoNodeRanFiresOnceWhenANodeStarts() throws Exception {
        smallTarget();
        Instant fireTime = Instant.now().plusSeconds(3).truncatedTo(ChronoUnit.SECONDS);
        CliResult set = sealctl("schedule", "set", "verify", once(fireTime), "--zone", "UTC");
        assertThat(set.exitCode()).as(set.err()).isZero();
        assertScheduledHere("verify");
        // missed by more than the threshold below before any node runs
        Thread.sleep(Math.max(0, java.time.Duration.between(Instant.now(), fireTime).toMillis() + 3_000));
        assertThat(executions()).isZero();

        // a misfire is a fire time late by more than the threshold (a minute by default; two seconds here)
        env.put("JAVA_TOOL_OPTIONS", "-Dspring.quartz.properties.org.quartz.jobStore.misfireThreshold=2000");
        env.put("SEALING_SERVE_PORT", String.valueOf(freePort()));
        SealctlProcess node = SealctlProcess.start(workDir, env, "serve");
        awaitUntil("the missed fire time to fire: " + node.err(), 60, () -> executions() > 0);
        // its trigger has no fire time left once it fired: Quartz deletes it when the run ends, so none can follow
        awaitUntil("the run of the missed fire time to end: " + node.err(), 60,
                () -> count("select count(*) from qrtz_triggers where trigger_name = 'verify'") == 0);
        node.terminate();
        assertThat(node.waitFor(60)).as(node.err()).isZero();

        assertThat(jdbc.queryForList("select p.parameter_value from batch_job_execution_params p where"
                + " p.parameter_name = 'run.time' and p.job_execution_id >= ?", String.class, firstExecution))
                .containsExactly(fireTime.toString());
    }

    @Test
    void aSecondServeOnAPortInUseFailsInOneLineNamingThePortAndItsSettingBeforeItSchedulesAnything() throws Exception {
        long started = System.currentTimeMillis();
        // what a first serve on this host holds: the endpoint's address and port
        try (ServerSocket first = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            int port = first.getLocalPort();
            env.put("SEALING_SERVE_PORT", String.valueOf(port));
            SealctlProcess second = SealctlProcess.start(workDir, env, "serve");

            assertThat(second.waitFor(120)).as(second.err()).isEqualTo(2);
            assertThat(second.err().lines().filter(l -> !l.isBlank()).toList()).containsExactly("sealctl: cannot serve"
                    + " health and metrics on 127.0.0.1:" + port + ": the port is already in use (another sealctl serve on"
                    + " this host?); set SEALING_SERVE_PORT to a free port (0 switches the endpoint off) or"
                    + " SEALING_SERVE_ADDRESS to another address");
        }
        // it neither applied schedules.yml nor joined the cluster
        assertThat(count("select count(*) from qrtz_triggers")).isZero();
        assertThat(count("select count(*) from qrtz_scheduler_state where last_checkin_time >= " + started)).isZero();
    }

    @Test
    void theMetricsCountAnExecutionWhoseProcessDiedAsDeadNotAsRunning() {
        MetricsServer metrics = application.getBean(MetricsServer.class);
        org.sealing.job.ExecutionLocks locks = application.getBean(org.sealing.job.ExecutionLocks.class);
        String before = metrics.scrape();
        // both say STARTED in the repository, as an execution does while it runs and after its process died;
        // only the live one's lock is held (by this process)
        long dead = startedExecution();
        long live = startedExecution();
        locks.holdExecution(live);
        try {
            String after = metrics.scrape();
            assertThat(after).containsPattern("(?m)^sealing_executions_dead ");
            assertThat(gauge(after, "sealing_executions_running")).as(after)
                    .isEqualTo(gauge(before, "sealing_executions_running") + 1);
            assertThat(gauge(after, "sealing_executions_dead")).as(after)
                    .isEqualTo(gauge(before, "sealing_executions_dead") + 1);
        } finally {
            locks.releaseExecution(live);
            for (long id : new long[] {dead, live}) {
                Long instance = jdbc.queryForObject("select job_instance_id from batch_job_execution"
                        + " where job_execution_id = ?", Long.class, id);
                jdbc.update("delete from batch_job_execution where job_execution_id = ?", id);
                jdbc.update("delete from batch_job_instance where job_instance_id = ?", instance);
            }
        }
    }

    /** An execution of verify that the repository says is running, created an hour ago. */
    private long startedExecution() {
        Long instance = jdbc.queryForObject("insert into batch_job_instance (job_instance_id, version, job_name, job_key)"
                + " values (nextval('batch_job_instance_seq'), 0, 'verify', md5(random()::text)) returning job_instance_id",
                Long.class);
        return jdbc.queryForObject("""
                insert into batch_job_execution (job_execution_id, version, job_instance_id, create_time, start_time,
                                                 status, exit_code, last_updated)
                values (nextval('batch_job_execution_seq'), 1, ?, localtimestamp - interval '1 hour',
                        localtimestamp - interval '1 hour', 'STARTED', 'UNKNOWN', localtimestamp)
                returning job_execution_id
                """, Long.class, instance);
    }

    private static double gauge(String scrape, String name) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^" + name + " (\\S+)$").matcher(scrape);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    /**
     * The schedule's trigger is in the control database the serve nodes of this test use: the test JVM's
     * scheduler writes where the application's control database is, not into another application's.
     */
    private void assertScheduledHere(String job) {
        assertThat(count("select count(*) from qrtz_triggers where sched_name = 'sealing' and trigger_name = '"
                + job + "'")).as("the %s trigger in this test's control database", job).isEqualTo(1);
    }

    /** The fire times of the scheduled runs of this test, one per execution. */
    private List<String> fired() {
        return jdbc.queryForList("""
                select p.parameter_value from batch_job_execution_params p
                join batch_job_execution e on e.job_execution_id = p.job_execution_id
                join batch_job_instance i on i.job_instance_id = e.job_instance_id
                where i.job_name = 'verify' and p.parameter_name = 'run.time' and e.job_execution_id >= ? order by 1
                """, String.class, firstExecution);
    }

    /** Polls until the condition holds; fails naming what it waited for at the deadline. */
    private static void awaitUntil(String what, int seconds, java.util.function.BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + seconds * 1_000L;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("waited " + seconds + " s for " + what);
            }
            Thread.sleep(200);
        }
    }

    private int executions() {
        return jdbc.queryForObject("select count(*) from batch_job_execution e join batch_job_instance i"
                + " on i.job_instance_id = e.job_instance_id where i.job_name in ('verify', 'remediate')"
                + " and e.job_execution_id >= ?", Integer.class, firstExecution);
    }

    private long count(String sql) {
        return jdbc.queryForObject(sql, Long.class);
    }

    /** A Quartz cron that fires once, at this second (in UTC). */
    private static String once(Instant at) {
        ZonedDateTime t = at.atZone(ZoneOffset.UTC);
        return t.getSecond() + " " + t.getMinute() + " " + t.getHour() + " " + t.getDayOfMonth() + " "
                + t.getMonthValue() + " ? " + t.getYear();
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
