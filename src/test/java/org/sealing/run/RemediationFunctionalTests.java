package org.sealing.run;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.sealing.support.FunctionalTestSupport;
import org.sealing.support.JsonOutput;
import org.sealing.support.RemediationWorld;
import org.sealing.support.WorldChecks;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code sealctl run} end to end on four small target databases shaped unlike each other: every row of
 * an active sealed case ends purged or masked exactly per its rule, every other row is unchanged,
 * verification finds nothing left, and the second run has nothing to do.
 */
class RemediationFunctionalTests extends FunctionalTestSupport {

    private RemediationWorld world;
    private Path config;

    @BeforeEach
    void world() throws Exception {
        resetControlDatabase();
        world = RemediationWorld.create(880);
        config = properties().configDir();
        emptyTargetsDirectory();
        world.writeTargets(config);
        Path feeds = Files.createDirectories(workDir.resolve("feeds"));
        assertThat(sealctl("import", world.writeFeed(feeds.resolve("seal.csv")).toString()).exitCode()).isZero();
        assertThat(sealctl("import", world.writeUnsealFeed(feeds.resolve("unseal.csv")).toString()).exitCode()).isZero();
    }

    @Test
    void nightlyRemediatesExactlyTheRowsOfActiveSealedCasesAndASecondRunChangesNothing() throws Exception {
        Map<String, Map<String, Integer>> before = snapshots();
        Set<Integer> sealed = world.activeSealed();

        CliResult run = sealctl("run", "nightly", "--json");

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        JsonOutput.of(run.out()).has("status", "COMPLETED", "verdict", "COMPLIANT", "residual", 0, "failed", 0,
                "refused", 0, "targets", 4, "targetsVerified", 4);
        int[] changed = WorldChecks.remediated(world, sealed, before.get("booking"), TEST_HMAC_KEY);
        JsonOutput.of(run.out()).has("matched", changed[0] + changed[1], "purged", changed[0], "masked", changed[1]);
        // the work is three partitioned steps: targets (a partition per target), apply (a partition per range of
        // a target's lanes) and verify (a partition per target); Spring Batch sums the partitions into their step,
        // and neither holds counts of its own: the rows written are counted once, by the lanes
        long executionId = JsonOutput.of(run.out()).number("executionId");
        assertThat(jdbc.queryForList("select step_name from batch_step_execution where job_execution_id = ?"
                + " and (step_name in ('targets', 'apply', 'verify') or step_name like '%:%') order by step_name",
                String.class, executionId)).containsExactly("apply", "apply:booking.mask.booking.arrest",
                        "apply:booking.mask.booking.charge", "apply:booking.purge", "apply:cases.mask.case_file",
                        "apply:prints.purge", "apply:stops.mask.public.stop_report",
                        "targets", "targets:booking", "targets:cases", "targets:prints", "targets:stops", "verify",
                        "verify:booking", "verify:cases", "verify:prints", "verify:stops");
        assertThat(jdbc.queryForObject("select sum(write_count) from batch_step_execution where job_execution_id = ?"
                + " and (step_name in ('targets', 'apply', 'verify') or step_name like '%:%')", Long.class,
                executionId)).isZero();
        assertThat(jdbc.queryForObject("select sum(write_count) from batch_step_execution where job_execution_id = ?"
                + " and step_name like 'apply.%' and step_name not like '%.restore'", Long.class, executionId))
                .isEqualTo(changed[0] + changed[1]);
        // the unsealed order and the order not yet in effect kept their rows as they were
        for (RemediationWorld.Arrest a : List.of(world.unsealed(), world.notYetEffective())) {
            assertThat(sealed).doesNotContain(a.id());
        }
        // one audit row per changed row, named by its HMAC reference, with the order that required it
        assertThat(jdbc.queryForObject("select count(*) from audit_ledger", Long.class))
                .isEqualTo(changed[0] + changed[1]);
        assertThat(jdbc.queryForObject("select count(distinct (target, table_name, row_ref)) from audit_ledger",
                Long.class)).isEqualTo(changed[0] + changed[1]);
        RemediationWorld.Arrest first = world.arrests().get(0);
        assertThat(jdbc.queryForObject("select order_id from audit_ledger where target = 'booking'"
                + " and table_name = 'booking.arrest' and row_ref = ?", String.class,
                rowRef("booking", "booking.arrest", String.valueOf(first.id())))).isEqualTo(first.orderId());
        // the plan was analysed in the planning transaction (apply's pages and the figures are read with statistics
        // that know its rows); a new table has none until then, and autovacuum waits a minute at least
        assertThat(jdbc.queryForObject("select count(*) from pg_stats where tablename = 'remediation_plan'"
                + " and attname = 'run_id'", Long.class)).isOne();
        assertThat(jdbc.queryForObject("select reltuples from pg_class where relname = 'remediation_plan'",
                Double.class)).isGreaterThanOrEqualTo(changed[0] + changed[1]);
        // the workbook is there, checked by its checksum (the .sha256 beside it lists it and the ledger export)
        String workbook = JsonOutput.of(run.out()).text("workbook");
        assertThat(Path.of(workbook)).exists();
        assertThat(Files.readString(Path.of(workbook.replaceAll("\\.xlsx$", ".sha256"))))
                .startsWith(sha256(Path.of(workbook)));

        // a second run finds nothing to do and is compliant
        Map<String, Map<String, Integer>> after = snapshots();
        CliResult second = sealctl("run", "remediate", "--json");
        assertThat(second.exitCode()).as(second.err()).isZero();
        JsonOutput.of(second.out()).has("verdict", "COMPLIANT", "matched", 0, "residual", 0);
        assertThat(snapshots()).isEqualTo(after);
    }

    @Test
    void nightlyImportsTheInboxFirstRefusingWhatIsNotAFeedAndMovingWhatItRead() throws Exception {
        resetControlDatabase();
        Path inbox = Files.createDirectories(properties().inbox());
        for (String folder : List.of("processed", "refused")) {
            if (Files.isDirectory(inbox.resolve(folder))) {
                try (var old = Files.list(inbox.resolve(folder))) {
                    for (Path f : old.toList()) {
                        Files.delete(f);
                    }
                }
            }
        }
        world.writeFeed(inbox.resolve("court-feed.csv"));
        Files.write(inbox.resolve("scan.pdf"), new byte[] {'%', 'P', 'D', 'F', 0, 1, 2});

        CliResult run = sealctl("run", "nightly", "--json");

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        JsonOutput.of(run.out()).has("verdict", "COMPLIANT");
        // without the later UNSEAL feed, the unsealed arrest is sealed too
        assertThat(jdbc.queryForObject("select count(*) from audit_ledger where order_id = ?", Long.class,
                world.unsealed().orderId())).isPositive();
        assertThat(jdbc.queryForObject("select count(*) from sealing_order", Long.class))
                .isEqualTo(world.arrests().stream().filter(RemediationWorld.Arrest::sealed).count());
        try (var files = Files.list(inbox.resolve("processed"))) {
            assertThat(files.map(p -> p.getFileName().toString())).singleElement().asString().endsWith("-court-feed.csv");
        }
        try (var files = Files.list(inbox.resolve("refused"))) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted())
                    .anyMatch(n -> n.endsWith("-scan.pdf")).anyMatch(n -> n.endsWith("-scan.pdf.reason.txt"));
        }
        assertThat(jdbc.queryForObject("select reason from feed_refusal", String.class)).contains("binary");
        try (var files = Files.list(inbox)) {
            assertThat(files.filter(Files::isRegularFile)).isEmpty();
        }
    }

    @Test
    void aSealedRowInsertedAgainIsFoundByTheNextRun() throws Exception {
        assertThat(sealctl("run", "remediate").exitCode()).isZero();
        RemediationWorld.Arrest a = world.arrests().get(0);
        try (Connection c = world.connect("booking"); Statement s = c.createStatement()) {
            s.execute("insert into booking.arrest values (9999, '" + a.arrestNumber().toLowerCase() + "', '"
                    + a.date() + "', 'copy', 'Copied', 'Back', '1970-06-07', 'restored from a backup', false)");
        }

        CliResult verify = sealctl("run", "verify", "--json");
        assertThat(verify.exitCode()).isEqualTo(3);
        JsonOutput.of(verify.out()).has("verdict", "NOT_COMPLIANT", "residual", 1);

        CliResult run = sealctl("run", "remediate", "--json");
        assertThat(run.exitCode()).isZero();
        JsonOutput.of(run.out()).has("matched", 1, "masked", 1, "residual", 0);
        try (Connection c = world.connect("booking"); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select defendant_last, date_of_birth, narrative, is_sealed"
                        + " from booking.arrest where arrest_id = 9999")) {
            rs.next();
            assertThat(rs.getString(1)).isNull();
            assertThat(rs.getObject(2, LocalDate.class)).isEqualTo(LocalDate.of(1970, 1, 1));
            assertThat(rs.getString(3)).isEqualTo("[SEALED]");
            assertThat(rs.getBoolean(4)).isTrue();
        }
    }

    @Test
    void aDryRunPlansAndReportsButLeavesEveryTargetByteIdentical() throws Exception {
        Map<String, Map<String, Integer>> before = snapshots();

        CliResult run = sealctl("run", "remediate", "--dry-run", "--json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonOutput json = JsonOutput.of(run.out()).has("verdict", "DRY_RUN", "purged", 0, "masked", 0);
        assertThat(json.number("matched")).isNotZero();
        assertThat(snapshots()).isEqualTo(before);
        assertThat(jdbc.queryForObject("select count(*) from audit_ledger", Long.class)).isZero();
    }

    @Test
    void aTableOverItsMaxChangeRatioIsRefusedAndStaysUnchanged() throws Exception {
        Path file = config.resolve("targets/prints.yml");
        Files.writeString(file, Files.readString(file).replace("description: Fingerprint store",
                "description: Fingerprint store\nmax-change-ratio: 0.05"));
        Map<String, Map<String, Integer>> before = snapshots();

        CliResult run = sealctl("run", "remediate", "--target", "prints", "--json");

        assertThat(run.exitCode()).as(run.out()).isEqualTo(4);
        JsonOutput.of(run.out()).has("verdict", "NOT_COMPLIANT", "purged", 0, "masked", 0);
        assertThat(snapshots().get("prints")).isEqualTo(before.get("prints"));
        assertThat(jdbc.queryForList("select distinct reason from run_table where refused", String.class))
                .allMatch(r -> r.contains("more than max-change-ratio 0.05"));
    }

    @Test
    void anUnreachableTargetFailsItsOwnFlowWhileTheOthersCompleteAndARestartRedoesOnlyIt() throws Exception {
        // the URL comes from a variable, as credentials and addresses do in production
        Path file = config.resolve("targets/cases.yml");
        String good = Files.readString(file);
        String goodUrl = world.database("cases").url();
        System.clearProperty("IT_CASES_URL");
        Files.writeString(file, good.replaceFirst("url: .*", "url: \\${IT_CASES_URL:jdbc:postgresql://127.0.0.1:9/nowhere}"));

        CliResult run = sealctl("run", "remediate", "--json");

        assertThat(run.exitCode()).isEqualTo(1);
        JsonOutput.of(run.out()).has("status", "FAILED", "targetsVerified", 3, "targetsFailed", 1);
        CliResult status = sealctl("status");
        assertThat(status.out()).contains("FAILED", "step plan-restores.cases", "127.0.0.1:9");
        long executionId = JsonOutput.of(run.out()).number("executionId");
        assertThat(jdbc.queryForObject("select reason from run_target where target = 'cases'", String.class))
                .contains("Connection to 127.0.0.1:9 refused");

        // the operator fixes the target's variable and restarts: only the failed target's partitions (targets:cases,
        // then its apply and verify, which it had none of) run, and in them only the steps that did not complete
        System.setProperty("IT_CASES_URL", goodUrl);
        CliResult restart;
        try {
            restart = sealctl("restart", String.valueOf(executionId), "--json");
        } finally {
            System.clearProperty("IT_CASES_URL");
        }
        assertThat(restart.exitCode()).as(restart.out() + restart.err()).isZero();
        assertThat(restart.err()).doesNotContain("note:");
        JsonOutput.of(restart.out()).has("verdict", "COMPLIANT", "targetsVerified", 4, "residual", 0);
        long restartId = JsonOutput.of(restart.out()).number("executionId");
        assertThat(jdbc.queryForList("select step_name from batch_step_execution where job_execution_id = ?"
                + " order by step_name", String.class, restartId))
                .containsExactly("apply", "apply.cases.mask.case_file", "apply.cases.restore",
                        "apply:cases.mask.case_file", "plan-restores.cases", "plan.cases", "report", "targets",
                        "targets:cases", "verify", "verify.cases", "verify:cases");
    }

    @Test
    void anInjectionAttemptInATargetFileIsRefusedBeforeAnySqlRuns() throws Exception {
        Path file = config.resolve("targets/cases.yml");
        // the URL leads nowhere: had anything tried SQL, the error would be about connecting
        Files.writeString(file, Files.readString(file).replace("table: case_file", "table: \"case_file; drop table x\"")
                .replaceFirst("url: .*", "url: jdbc:postgresql://127.0.0.1:9/nowhere"));

        CliResult check = sealctl("targets", "check");
        CliResult run = sealctl("run", "remediate");

        assertThat(check.exitCode()).isEqualTo(2);
        assertThat(check.out()).contains("cases.yml: tables[0].table: 'case_file; drop table x' is not a table name");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("'case_file; drop table x' is not a table name").doesNotContain("127.0.0.1:9");
        assertThat(jdbc.queryForObject("select count(*) from remediation_run", Long.class)).isZero();
    }

    @Test
    void targetsCheckFindsWhatIsWrongWithEachTargetAgainstItsLiveCatalog() throws Exception {
        Files.writeString(config.resolve("targets/broken.yml"), """
                name: broken
                connection:
                  url: %s
                  username: %s
                  password: "%s"
                tables:
                  - table: booking.arrest
                    key: [arrest_id]
                    match: { arrest_number: no_such_column }
                    action: purge
                  - table: booking.charge
                    key: [arrest_id]
                    match: { via: booking.arrest }
                    action: mask
                    mask: { law_code: year-only, charge_text: "constant:%s" }
                  - table: booking.nowhere
                    key: [id]
                    match: { docket_number: docket }
                    action: mask
                    mask: { docket: hash }
                """.formatted(world.database("booking").url(), world.database("booking").user(),
                world.database("booking").password() == null ? "" : world.database("booking").password(), "x"));

        CliResult check = sealctl("targets", "check");

        assertThat(check.exitCode()).isEqualTo(2);
        assertThat(check.out()).contains(
                "no column no_such_column in booking.arrest",
                "table booking.arrest_photo references purged booking.arrest",
                "key [arrest_id] is not unique",
                "'year-only' on text column law_code",
                "no foreign key from booking.charge to booking.arrest",
                "no table booking.nowhere",
                "booking (", "prints (", "stops (", "cases (");
        assertThat(check.out()).containsPattern("booking \\(.*\\): OK|booking \\(.*\\): 0 errors");
    }

    @Test
    void aTransientFailureIsRetriedAndARowThatKeepsFailingIsReportedWithoutStoppingTheRest() throws Exception {
        int victimId = world.activeSealed().stream().skip(3).findFirst().orElseThrow();
        RemediationWorld.Arrest victim = world.arrests().get(victimId - 1);
        try (Connection c = world.connect("booking"); Statement s = c.createStatement()) {
            // the first two updates of the table fail as a serialization failure would; one row always fails
            s.execute("""
                    create sequence flaky;
                    create function flaky() returns trigger language plpgsql as $$
                    begin
                        if nextval('flaky') <= 2 then
                            raise exception 'simulated conflict' using errcode = '40001';
                        end if;
                        if new.arrest_id = %d then
                            raise exception 'this row cannot be changed' using errcode = '23514';
                        end if;
                        return new;
                    end $$;
                    create trigger flaky before update on booking.arrest for each row execute function flaky();
                    """.formatted(victim.id()));
        }

        CliResult run = sealctl("run", "remediate", "--json");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(3);
        JsonOutput.of(run.out()).has("status", "COMPLETED", "verdict", "NOT_COMPLIANT", "failed", 1, "residual", 1);
        assertThat(jdbc.queryForObject("select reason from remediation_plan_state where state = 'FAILED'", String.class))
                .contains("this row cannot be changed");
        try (Connection c = world.connect("booking"); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select count(*) from booking.arrest where is_sealed")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(world.activeSealed().size() - 1);
        }
    }

    private Map<String, Map<String, Integer>> snapshots() throws Exception {
        Map<String, Map<String, Integer>> all = new HashMap<>();
        for (String target : List.of("booking", "prints", "stops", "cases")) {
            all.put(target, world.snapshot(target));
        }
        return all;
    }

    private static String rowRef(String... parts) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(TEST_HMAC_KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        for (String part : parts) {
            mac.update(part.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
        }
        return java.util.HexFormat.of().formatHex(mac.doFinal());
    }

    private static String sha256(Path file) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(Files.readAllBytes(file)));
    }
}
