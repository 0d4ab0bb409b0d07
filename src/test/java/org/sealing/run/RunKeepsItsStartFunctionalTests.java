package org.sealing.run;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.sealing.support.FunctionalTestSupport;
import org.sealing.support.JsonOutput;
import org.sealing.support.RemediationWorld;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A run keeps what it started with (SPEC section 7): its restart works on the definitions the run
 * recorded when it started, from whatever directory the operator restarts it, and says when the
 * files now differ; and a dry run changes nothing, the register and the inbox included.
 */
class RunKeepsItsStartFunctionalTests extends FunctionalTestSupport {

    private RemediationWorld world;
    private Path elsewhere;

    @BeforeEach
    void world() throws Exception {
        resetControlDatabase();
        world = RemediationWorld.create(220);
        emptyTargetsDirectory();
        elsewhere = workDir.resolve("elsewhere-" + System.nanoTime());
        world.writeTargets(elsewhere);
        Path feeds = Files.createDirectories(workDir.resolve("feeds"));
        assertThat(sealctl("import", world.writeFeed(feeds.resolve("seal.csv")).toString()).exitCode()).isZero();
        System.clearProperty("IT_KEEP_CASES_URL");
    }

    @AfterEach
    void clear() {
        System.clearProperty("IT_KEEP_CASES_URL");
    }

    @Test
    void aRunStartedWithAnotherConfigDirectoryRestartsOnTheDefinitionsItStartedWith() throws Exception {
        Path cases = elsewhere.resolve("targets/cases.yml");
        Files.writeString(cases, Files.readString(cases).replaceFirst("url: .*",
                "url: \\${IT_KEEP_CASES_URL:jdbc:postgresql://127.0.0.1:9/nowhere}"));
        CliResult run = sealctl("run", "remediate", "--config", elsewhere.toString());
        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        assertThat(run.out()).contains("targets 4 (verified 3, failed 1)");

        // restarted as the printed hint says, from a directory whose jobs/ has no such targets: the run's
        // own definitions are used (the target is still down, so it fails again, but as itself)
        java.util.regex.Matcher hint = java.util.regex.Pattern.compile("resume with: sealctl (restart \\d+)\\s*$",
                java.util.regex.Pattern.MULTILINE).matcher(run.err());
        assertThat(hint.find()).as(run.err()).isTrue();
        String[] pasted = (hint.group(1) + " --json").split(" ");
        CliResult again = sealctl(pasted);
        assertThat(again.exitCode()).as(again.out() + again.err()).isEqualTo(1);
        assertThat(again.err()).contains("note: target booking is no longer defined in");
        JsonOutput.of(again.out()).has("targetsFailed", 1, "targetsVerified", 3);
        long second = executionId(again.out());

        // the files change meanwhile (booking's is broken now); the restart still uses what the run started with
        Files.writeString(elsewhere.resolve("targets/booking.yml"), "name: booking\ntables: []\n");
        System.setProperty("IT_KEEP_CASES_URL", world.database("cases").url());
        CliResult last = sealctl("restart", String.valueOf(second), "--config", elsewhere.toString(), "--json");
        assertThat(last.exitCode()).as(last.out() + last.err()).isZero();
        JsonOutput.of(last.out()).has("verdict", "COMPLIANT", "targetsVerified", 4, "residual", 0);
        assertThat(last.err()).contains("note: target booking is no longer defined in " + elsewhere.resolve("targets"))
                .doesNotContain("target cases");
        assertThat(jdbc.queryForList("select target from run_definition order by target", String.class))
                .containsExactly("booking", "cases", "prints", "stops");
        // what is recorded is the file as written: the variable, not the address it expanded to
        assertThat(jdbc.queryForObject("select count(*) from run_definition where source like '%IT_KEEP_CASES_URL%'",
                Long.class)).isEqualTo(1);
    }

    @Test
    void restartAndStopAcceptAnyExecutionOfTheRun() throws Exception {
        Path cases = elsewhere.resolve("targets/cases.yml");
        Files.writeString(cases, Files.readString(cases).replaceFirst("url: .*",
                "url: \\${IT_KEEP_CASES_URL:jdbc:postgresql://127.0.0.1:9/nowhere}"));
        CliResult run = sealctl("run", "remediate", "--config", elsewhere.toString(), "--json");
        long first = executionId(run.out());
        long second = executionId(sealctl("restart", String.valueOf(first), "--json").out());
        assertThat(second).isGreaterThan(first);

        // the first execution's id still names the run: restarting it resumes the latest
        System.setProperty("IT_KEEP_CASES_URL", world.database("cases").url());
        CliResult byFirstId = sealctl("restart", String.valueOf(first), "--json");
        assertThat(byFirstId.exitCode()).as(byFirstId.out() + byFirstId.err()).isZero();
        JsonOutput.of(byFirstId.out()).has("verdict", "COMPLIANT");
        long third = executionId(byFirstId.out());
        assertThat(jdbc.queryForList("select job_execution_id from batch_job_execution where job_instance_id ="
                + " (select job_instance_id from batch_job_execution where job_execution_id = ?) order by 1",
                Long.class, first)).containsExactly(first, second, third);

        // status links each execution to the one that resumed it
        CliResult status = sealctl("status", "--json");
        JsonOutput.of(status.out()).item("executions", "executionId", second).has("resumes", first, "resumedBy", third);
        assertThat(sealctl("status").out()).containsPattern("(?m)^" + first + " .*resumed by " + second + "$")
                .containsPattern("(?m)^" + third + " .*resumes " + second + "$");

        // stop names the run's latest execution: here it completed, so there is nothing to stop
        CliResult stop = sealctl("stop", String.valueOf(first));
        assertThat(stop.exitCode()).isEqualTo(2);
        assertThat(stop.err()).contains("execution " + third + " is not running (COMPLETED)");
    }

    @Test
    void aDryRunOfNightlyChangesNothingTheRegisterAndTheInboxIncluded() throws Exception {
        world.writeTargets(properties().configDir());
        Path inbox = Files.createDirectories(properties().inbox());
        Path feed = world.writeUnsealFeed(inbox.resolve("unseal-" + System.nanoTime() + ".csv"));
        long orders = jdbc.queryForObject("select count(*) from sealing_order", Long.class);
        long imports = jdbc.queryForObject("select count(*) from feed_import", Long.class);

        CliResult run;
        try {
            run = sealctl("run", "nightly", "--dry-run", "--json");
        } finally {
            // the inbox is shared by the test classes: leave it as found
            Files.move(feed, workDir.resolve(feed.getFileName()));
        }

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        JsonOutput json = JsonOutput.of(run.out()).has("verdict", "DRY_RUN", "purged", 0, "masked", 0);
        assertThat(json.number("matched")).isNotZero();
        // the feed was still in the inbox when the run ended (moved away just above), and nowhere else
        assertThat(workDir.resolve(feed.getFileName())).exists();
        if (Files.isDirectory(inbox.resolve("processed"))) {
            try (var processed = Files.list(inbox.resolve("processed"))) {
                assertThat(processed.map(p -> p.getFileName().toString()))
                        .noneMatch(n -> n.endsWith(feed.getFileName().toString()));
            }
        }
        assertThat(jdbc.queryForObject("select count(*) from sealing_order", Long.class)).isEqualTo(orders);
        assertThat(jdbc.queryForObject("select count(*) from sealing_order where order_type = 'UNSEAL'", Long.class))
                .isZero();
        assertThat(jdbc.queryForObject("select count(*) from feed_import", Long.class)).isEqualTo(imports);
    }

    private static long executionId(String json) {
        return JsonOutput.of(json).number("executionId");
    }
}
