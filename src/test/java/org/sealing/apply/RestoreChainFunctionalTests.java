package org.sealing.apply;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import org.sealing.support.FunctionalTestSupport;
import org.sealing.support.JsonOutput;
import org.sealing.support.SealctlProcess;
import org.sealing.vault.VaultStore;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Restores of unsealed orders along a purge chain three tables deep (SPEC section 7), in the moments that
 * could make them restore the wrong thing, twice, or half: a row sealed twice, a restore judged in another time
 * zone than its sealing, a parent that is a conflict or fails, a restore that fails for good until the target is
 * fixed, a restored row that another active case still holds. In every one a row comes back exactly as it was
 * sealed or not at all, is counted once, and nothing of it reaches an output or a log.
 */
@ExtendWith(OutputCaptureExtension.class)
class RestoreChainFunctionalTests extends FunctionalTestSupport {

    /** Fragments only the target rows hold (see {@link RestoreWorld}). */
    static final List<String> PERSONAL = List.of("PERSONNAME", "ÆSIR", "CASETITLE", "ENTRYBODY", "NOTETEXT", "EVENTTEXT",
            "ORIGINALTEXT", "CHANGEDTEXT");

    @Autowired
    VaultStore vault;

    private RestoreWorld world;
    private Map<String, Map<String, String>> original;

    @BeforeEach
    void world() throws Exception {
        resetControlDatabase();
        world = RestoreWorld.create(6);
        world.writeTarget(emptyTargetsDirectory());
        original = world.snapshot();
    }

    @AfterEach
    void removeTargets() throws Exception {
        emptyTargetsDirectory();
    }

    @Test
    void aRowSealedTwiceComesBackOnceAsItWasWhenLastSealed(CapturedOutput logs) throws Exception {
        seal(1, 6);
        // arrest 1 is unmasked by someone and its case re-entered under its old key: both are sealed again
        world.execute("update arrest set name = 'CHANGEDTEXT NAME', sealed = false where arrest_id = 1;"
                + "insert into case_file values (10, 1, '2021-06-30 12:00:00.5+00', 'CHANGEDTEXT TITLE')");
        Map<String, String> resealed = world.rowsOf(1);
        CliResult again = sealctl("run", "remediate", "--json");
        JsonOutput.of(again.out()).has("verdict", "COMPLIANT", "sealed", 2);
        assertThat(jdbc.queryForObject("select count(*) from vault_copy where order_id = ?", Long.class,
                RestoreWorld.order(1))).isEqualTo(RestoreWorld.ROWS_PER_ORDER + 2);

        CliResult restore = unsealAndRun(1);

        // each of the order's 8 rows once, as they were when they were sealed last: the case as re-entered, the
        // arrest with the name written over it (its birth date, which nobody unmasked, from the first copy)
        JsonOutput.of(restore.out()).has("verdict", "COMPLIANT", "restored", RestoreWorld.ROWS_PER_ORDER,
                "conflicts", 0, "failed", 0, "residual", 0);
        Map<String, String> expected = RestoreWorld.rowsOf(original, 1);
        expected.put("arrest/1", expected.get("arrest/1").replace("PERSONNAME1 ÆSIR", "CHANGEDTEXT NAME"));
        expected.put("case_file/10", resealed.get("case_file/10"));
        assertThat(expected.get("arrest/1")).contains("CHANGEDTEXT NAME").endsWith("|f");
        assertThat(expected.get("case_file/10")).contains("CHANGEDTEXT TITLE");
        assertThat(world.rowsOf(1)).isEqualTo(expected);
        assertThat(copiesOf(RestoreWorld.order(1))).isEmpty();
        assertStillSealedExactly(2, 6);
        assertAuditWhole();
        assertNothingPersonalIn(restore.out() + restore.err() + logs.getAll());
    }

    @Test
    void aRowFoundAsItWasSealedCountsRestoredWhateverTheZoneOfTheRunThatJudgesIt() throws Exception {
        seal(1, 6);
        // the purged rows of case 2 are in the target again exactly as they were (put back from the snapshot taken
        // before sealing): what a run killed between the target's commit of its restore and the control commit of
        // its chunk leaves
        putBack(2);
        importUnseal(2);
        Map<String, String> env = childEnv();
        // the restore runs where the clock is another zone's: the target's sessions take the JVM's
        env.put("TZ", "America/New_York");

        SealctlProcess restore = SealctlProcess.start(workDir, env, "run", "remediate", "--json");

        assertThat(restore.waitFor(180)).as(restore.err()).isZero();
        JsonOutput.of(restore.out()).has("verdict", "COMPLIANT", "restored", RestoreWorld.ROWS_PER_ORDER,
                "conflicts", 0, "failed", 0, "residual", 0);
        assertThat(world.rowsOf(2)).isEqualTo(RestoreWorld.rowsOf(original, 2));
        assertThat(copiesOf(RestoreWorld.order(2))).isEmpty();
        assertNothingPersonalIn(restore.out() + restore.err());
    }

    @Test
    void aParentThatIsAConflictKeepsItsChildrenOutUntilAPersonResolvesIt(CapturedOutput logs) throws Exception {
        seal(1, 5);
        // another case (of arrest 6, which no order names) is filed under case 30's key after it was purged
        world.execute("insert into case_file values (30, 6, '2024-01-01 00:00:00+00', 'CHANGEDTEXT OTHER CASE')");

        CliResult restore = unsealAndRun(3);

        // the arrest comes back; the case is a conflict, and so are its event, its entries and their notes, which
        // must not hang under another case
        JsonOutput.of(restore.out()).has("verdict", "COMPLIANT", "restored", 1, "conflicts", 8, "failed", 0);
        assertThat(world.db().rows("select entry_id from case_entry where case_id = 30")).isEmpty();
        assertThat(jdbc.queryForList("select distinct p.table_name || ': ' || c.reason from restore_conflict c"
                + " join remediation_plan p using (plan_id) order by 1", String.class)).containsExactly(
                "case_entry: its parent row in case_file is a restore conflict",
                "case_event: its parent row in case_file is a restore conflict",
                "case_file: a row under its key exists and is not the sealed original",
                "entry_note: its parent row in case_entry is a restore conflict");
        assertThat(copiesOf(RestoreWorld.order(3))).hasSize(8);

        // a person removes the other case: the next run restores the chain
        world.execute("delete from case_file where case_id = 30");
        CliResult next = sealctl("run", "remediate", "--json");
        JsonOutput.of(next.out()).has("verdict", "COMPLIANT", "restored", 8, "conflicts", 0, "failed", 0);
        assertThat(world.rowsOf(3)).isEqualTo(RestoreWorld.rowsOf(original, 3));
        assertThat(copiesOf(RestoreWorld.order(3))).isEmpty();
        assertAuditWhole();
        assertNothingPersonalIn(restore.out() + restore.err() + next.out() + next.err() + logs.getAll());
    }

    @Test
    void aRestoreThatFailsForGoodKeepsItsCopyAndTheNextRunAfterTheFixRestoresIt(CapturedOutput logs)
            throws Exception {
        seal(1, 6);
        // constraints added after sealing that one note of case 4 and the case row of case 5 break
        world.execute("alter table entry_note add constraint note_vetted check (note <> 'NOTETEXT 7/1 é');"
                + "alter table case_file add constraint title_vetted check (title <> 'CASETITLE 5')");

        CliResult restore = unsealAndRun(4, 5);

        // case 4: 8 of 9 back, its note failed; case 5: the arrest back, the case failed, and its event, entries and
        // notes wait for it (conflicts), rather than failing on its foreign key or hanging under nothing
        assertThat(restore.exitCode()).isEqualTo(3);
        JsonOutput.of(restore.out()).has("verdict", "NOT_COMPLIANT", "restored", 9, "failed", 2, "conflicts", 7);
        assertThat(jdbc.queryForList("select reason from apply_failure order by reason", String.class))
                .allSatisfy(RestoreChainFunctionalTests::assertNothingPersonalIn)
                .anySatisfy(reason -> assertThat(reason).contains("note_vetted"))
                .anySatisfy(reason -> assertThat(reason).contains("title_vetted"));
        assertThat(jdbc.queryForList("select distinct p.table_name || ': ' || c.reason from restore_conflict c"
                + " join remediation_plan p using (plan_id) order by 1", String.class)).containsExactly(
                "case_entry: its parent row in case_file is not in the target",
                "case_event: its parent row in case_file is not in the target",
                "entry_note: its parent row in case_entry is a restore conflict");
        assertThat(copiesOf(RestoreWorld.order(4))).containsOnlyKeys("entry_note/7/1");
        assertThat(copiesOf(RestoreWorld.order(5))).hasSize(8);
        Map<String, String> four = RestoreWorld.rowsOf(original, 4);
        four.remove("entry_note/7/1");
        assertThat(world.rowsOf(4)).isEqualTo(four);

        world.execute("alter table entry_note drop constraint note_vetted;"
                + "alter table case_file drop constraint title_vetted");
        CliResult next = sealctl("run", "remediate", "--json");

        assertThat(next.exitCode()).as(next.out() + next.err()).isZero();
        JsonOutput.of(next.out()).has("verdict", "COMPLIANT", "restored", 9, "failed", 0, "conflicts", 0);
        assertThat(world.rowsOf(4)).isEqualTo(RestoreWorld.rowsOf(original, 4));
        assertThat(world.rowsOf(5)).isEqualTo(RestoreWorld.rowsOf(original, 5));
        assertThat(copiesOf(RestoreWorld.order(4))).isEmpty();
        assertThat(copiesOf(RestoreWorld.order(5))).isEmpty();
        assertStillSealedExactly(1, 3);
        assertStillSealedExactly(6, 6);
        assertAuditWhole();
        assertNothingPersonalIn(restore.out() + restore.err() + next.out() + next.err() + logs.getAll());
    }

    @Test
    void aRestoredRowThatAnotherActiveCaseHoldsIsSealedAgainUnderIt() throws Exception {
        // two stop reports of person 6 on the day of the arrest, which a second sealed case (another docket of the
        // same arrest day, the same NYSID) also names
        world.execute("insert into stop_report values (601, '" + RestoreWorld.nysid(6) + "',"
                + " '2012-05-03 12:06:07.891+00', 'ORIGINALTEXT STOP 1'),"
                + " (602, '" + RestoreWorld.nysid(6) + "', '2012-05-03 15:00:00+00', 'ORIGINALTEXT STOP 2')");
        Map<String, String> stops = world.db().rows(RestoreWorld.TABLES.get("stop_report"));
        Path feeds = Files.createDirectories(workDir.resolve("feeds"));
        assertThat(sealctl("import", org.sealing.support.Feeds.write(feeds, "second-case.csv",
                org.sealing.support.Feeds.line("RW-90006", "SEAL", "", "K00009006", RestoreWorld.nysid(6), "", "", "",
                        "2012-05-03", "CLEAN_SLATE", "2023-11-16", "160.57", "")).toString()).exitCode()).isZero();
        seal(1, 6);
        // the stop reports were sealed under the first of the two cases
        assertThat(jdbc.queryForList("select distinct order_id from vault_copy where table_name = 'stop_report'",
                String.class)).containsExactly(RestoreWorld.order(6));

        CliResult restore = unsealAndRun(6);

        // the case's 8 rows and the 2 stop reports come back; the stop reports are sealed again under RW-90006
        JsonOutput.of(restore.out()).has("verdict", "COMPLIANT", "restored", RestoreWorld.ROWS_PER_ORDER + 2,
                "sealed", 2, "purged", 2, "conflicts", 0, "failed", 0, "residual", 0);
        assertThat(world.rowsOf(6)).isEqualTo(RestoreWorld.rowsOf(original, 6));
        assertThat(world.db().rows(RestoreWorld.TABLES.get("stop_report"))).isEmpty();
        assertThat(copiesOf(RestoreWorld.order(6))).isEmpty();
        Map<String, String> kept = copiesOf("RW-90006");
        assertThat(kept).containsOnlyKeys("stop_report/601", "stop_report/602");
        assertThat(kept.get("stop_report/601")).isEqualTo(stops.get("601"));
        assertThat(kept.get("stop_report/602")).isEqualTo(stops.get("602"));
        assertAuditWhole();
    }

    private void seal(int first, int last) throws Exception {
        Path feeds = Files.createDirectories(workDir.resolve("feeds"));
        CliResult imported = sealctl("import", world.sealFeed(feeds, "restore-seal.csv", first, last).toString());
        assertThat(imported.exitCode()).as(imported.out() + imported.err()).isZero();
        CliResult run = sealctl("run", "remediate", "--json");
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        JsonOutput.of(run.out()).has("verdict", "COMPLIANT", "sealed", (last - first + 1) * RestoreWorld.ROWS_PER_ORDER
                + stopsSealed());
    }

    /** The stop reports the sealing run took (those of the orders' NYSIDs): counted in what it sealed. */
    private long stopsSealed() {
        return jdbc.queryForObject("select count(*) from remediation_plan where table_name = 'stop_report'",
                Long.class);
    }

    private void importUnseal(int... arrests) throws Exception {
        List<String> orders = java.util.Arrays.stream(arrests).mapToObj(RestoreWorld::order).toList();
        Path feed = RestoreWorld.unsealFeed(workDir.resolve("feeds"), "restore-unseal.csv", orders);
        CliResult imported = sealctl("import", feed.toString());
        assertThat(imported.exitCode()).as(imported.out() + imported.err()).isZero();
    }

    private CliResult unsealAndRun(int... arrests) throws Exception {
        importUnseal(arrests);
        return sealctl("run", "remediate", "--json");
    }

    /** Puts the purged rows of arrest {@code n} back into the target from the snapshot taken before sealing. */
    private void putBack(int n) throws Exception {
        StringBuilder sql = new StringBuilder();
        for (Map.Entry<String, String> row : RestoreWorld.rowsOf(original, n).entrySet()) {
            String table = row.getKey().substring(0, row.getKey().indexOf('/'));
            String key = row.getKey().substring(table.length() + 1);
            String[] v = row.getValue().split("\\|", -1);
            switch (table) {
                case "case_file" -> sql.append("insert into case_file values (%s, %s, '%s', '%s');"
                        .formatted(key, v[0], v[1], v[2]));
                case "case_event" -> sql.append("insert into case_event values (%s, '%s', '%s');"
                        .formatted(key.split("/")[0], key.split("/")[1], v[0]));
                case "case_entry" -> sql.append(("insert into case_entry overriding system value values (%s, %s, %s,"
                        + " '%s', %s, '%s');").formatted(key, v[0], v[1], v[2], v[3], v[4]));
                case "entry_note" -> sql.append("insert into entry_note (entry_id, n, note, blob) values (%s, %s, %s,"
                        .formatted(key.split("/")[0], key.split("/")[1], "null".equals(v[0]) ? "null"
                                : "'" + v[0] + "'") + " '" + v[1] + "'::bytea);");
                default -> {
                    // the arrest is masked, not purged
                }
            }
        }
        world.execute(sql.toString());
        assertThat(world.rowsOf(n)).as("put back").hasSize(RestoreWorld.ROWS_PER_ORDER);
    }

    private Map<String, String> copiesOf(String order) throws Exception {
        return RestoreWorld.copiesOf(vault, order);
    }

    /** The orders {@code first..last} are still sealed: their rows remediated and their copies exact. */
    private void assertStillSealedExactly(int first, int last) throws Exception {
        for (int n = first; n <= last; n++) {
            Map<String, String> rows = RestoreWorld.rowsOf(original, n);
            Map<String, String> copies = copiesOf(RestoreWorld.order(n));
            assertThat(copies).as("the copies of %s", RestoreWorld.order(n)).isEqualTo(rows);
            Map<String, String> now = world.rowsOf(n);
            assertThat(now).as("the sealed rows of %s", RestoreWorld.order(n)).containsOnlyKeys("arrest/" + n);
            assertThat(now.get("arrest/" + n)).contains("[SEALED]").endsWith("|t");
        }
    }

    static void assertNothingPersonalIn(String text) {
        assertThat(text).as("what a restore printed, logged or recorded").doesNotContain(PERSONAL.toArray(String[]::new));
    }

    private void assertAuditWhole() {
        CliResult audit = sealctl("audit", "verify", "--json");
        assertThat(audit.exitCode()).as(audit.out() + audit.err()).isZero();
        JsonOutput.of(audit.out()).has("whole", true);
    }
}
