package org.sealing.demo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

import org.sealing.control.ControlDatabase;
import org.sealing.demo.DemoPopulation.Arrest;
import org.sealing.demo.DemoPopulation.Person;
import org.sealing.support.FunctionalTestSupport;
import org.sealing.support.JsonOutput;
import org.sealing.support.TestControlDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code sealctl demo} as a new user runs it, on the target files shipped in {@code jobs/}: the
 * fourteen-database world is created, its feed (with broken lines) imported, and the sealing night is
 * compliant with rows purged and masked in every kind of system; then the court reverses a share of those
 * orders, and the unsealing night puts their sealed rows back in the targets as they were, while their
 * destroyed photographs and prints stay gone and every other case stays sealed; the ledger holds under
 * {@code audit verify}, and a still-sealed case opens to the accused. A second demo starts afresh.
 */
class DemoFunctionalTests extends FunctionalTestSupport {

    private static final Pattern VAULT_OPEN = Pattern.compile("vault open (DEMO-\\d{4}-\\d{7}) --recipient accused");

    @Test
    void theDemoSealsThenRestoresTheUnsealedCasesOnFourteenDatabasesAndIsCompliantBothNights() throws Exception {
        resetControlDatabase();

        CliResult demo = sealctl("demo", "--json", "--config", "jobs");

        assertThat(demo.exitCode()).as(demo.out() + demo.err()).isZero();
        JsonOutput figures = JsonOutput.of(demo.out()).has("job", "nightly", "status", "COMPLETED", "verdict",
                "COMPLIANT", "targets", 14, "targetsVerified", 14, "residual", 0, "failed", 0, "restored", 0,
                "exitCode", 0);
        assertThat(figures.number("purged")).isPositive();
        assertThat(figures.number("masked")).isPositive();
        assertThat(figures.number("rejected")).isPositive();
        Path workbook = Path.of(figures.text("workbook"));
        try (XSSFWorkbook book = new XSSFWorkbook(Files.newInputStream(workbook))) {
            Set<String> targets = new HashSet<>();
            for (Row row : book.getSheet("Targets")) {
                if (row.getRowNum() > 0) {
                    targets.add(row.getCell(0).getStringCellValue());
                }
            }
            assertThat(targets).hasSize(14).containsAll(DemoWorld.TARGETS);
        }
        // every kind of system had rows of sealed cases: both purged and masked ones
        assertThat(jdbc.queryForList("select distinct target from audit_ledger", String.class))
                .containsExactlyInAnyOrderElementsOf(DemoWorld.TARGETS);

        JsonOutput unsealing = figures.object("unsealing").has("job", "nightly", "status", "COMPLETED", "verdict",
                "COMPLIANT", "targetsVerified", 14, "conflicts", 0, "failed", 0, "residual", 0, "exitCode", 0);
        long sealingRun = figures.number("runId");
        long unsealingRun = unsealing.number("runId");
        Map<String, String> unsealed = new HashMap<>();
        jdbc.query("select order_id, statute from sealing_order where order_type = 'UNSEAL'",
                (java.sql.ResultSet rs) -> {
                    unsealed.put(rs.getString(1), rs.getString(2));
                });
        assertThat(unsealed.values()).as("the court reverses both kinds of case").contains("160.50", "160.57");
        assertThat(unsealing.number("unsealedOrders")).isEqualTo(unsealed.size());
        assertThat(unsealing.number("imported")).isEqualTo(unsealed.size());
        String[] orders = unsealed.keySet().toArray(new String[0]);
        // restored: every row the sealing night sealed of those cases, counted in the ledger of that night
        long sealedOfUnsealed = count("select count(*) from audit_ledger where run_id = ? and outcome = 'SEAL'"
                + " and order_id = any(?)", sealingRun, orders);
        assertThat(sealedOfUnsealed).isPositive();
        assertThat(unsealing.number("restored")).isEqualTo(sealedOfUnsealed)
                .isEqualTo(count("select count(*) from audit_ledger where run_id = ? and action = 'RESTORE'",
                        unsealingRun));
        assertThat(count("select count(*) from vault_copy where order_id = any(?)", (Object) orders)).isZero();
        long destroyed = count("select count(*) from audit_ledger where run_id = ? and outcome = 'DESTROY'"
                + " and order_id = any(?)", sealingRun, orders);
        assertThat(destroyed).isPositive();
        assertThat(unsealing.number("destroyedEarlier")).isEqualTo(destroyed);

        targetsHoldTheUnsealedCasesAsTheyWereAndTheRestSealed(sealingRun, unsealed);

        // the next commands the demo suggests work: a still-sealed case opens to the accused, the chain holds
        Matcher next = VAULT_OPEN.matcher(demo.out());
        assertThat(next.find()).as(demo.out()).isTrue();
        assertThat(unsealed).doesNotContainKey(next.group(1));
        CliResult opened = sealctl("vault", "open", next.group(1), "--recipient", "accused", "--authority",
                DemoService.AUTHORITY, "--json");
        assertThat(opened.exitCode()).as(opened.out() + opened.err()).isZero();
        assertThat(JsonOutput.of(opened.out()).items("rows")).isNotEmpty();
        CliResult gone = sealctl("vault", "open", orders[0], "--recipient", "accused", "--authority", "x");
        assertThat(gone.exitCode()).as("an unsealed case has nothing left in the vault").isEqualTo(2);
        CliResult verify = sealctl("audit", "verify", "--json");
        assertThat(verify.exitCode()).as(verify.out() + verify.err()).isZero();
        JsonOutput.of(verify.out()).has("whole", true);

        // a second demo starts from a fresh world: the same rows are found, changed and restored again (no
        // copy of the first world's rows is restored into the second)
        CliResult again = sealctl("demo", "--json", "--config", "jobs");
        assertThat(again.exitCode()).as(again.out() + again.err()).isZero();
        JsonOutput second = JsonOutput.of(again.out()).has("matched", figures.number("matched"));
        second.object("unsealing").has("restored", unsealing.number("restored"), "conflicts", 0, "verdict",
                "COMPLIANT");
        // the vault holds the second world's sealed rows still sealed, and nothing of the first world's
        assertThat(count("select count(*) from vault_copy")).isEqualTo(second.number("sealed")
                - second.object("unsealing").number("restored"));
    }

    /**
     * In the booking system, mugshots and fingerprints: an unsealed case's arrest has its name, birth date,
     * NYSID and narrative back and is no longer flagged; its photographs and prints are back under 160.57 and
     * stay destroyed under 160.50; every case still sealed stays masked, its photographs and prints gone.
     */
    private void targetsHoldTheUnsealedCasesAsTheyWereAndTheRestSealed(long sealingRun, Map<String, String> unsealed)
            throws Exception {
        Map<String, Arrest> arrests = new HashMap<>();
        for (Arrest a : DemoPopulation.of(DemoService.Scale.SMALL.arrests(), DemoService.SEED).arrests()) {
            if (a.sealed()) {
                arrests.put(a.orderId(), a);
            }
        }
        Set<String> stillSealed = new HashSet<>(jdbc.queryForList("select distinct order_id from audit_ledger"
                + " where run_id = ?", String.class, sealingRun));
        stillSealed.removeAll(unsealed.keySet());
        assertThat(stillSealed).isNotEmpty();
        TestControlDatabase.Database olbs = target("olbs");
        TestControlDatabase.Database mugshots = target("mugshots");
        TestControlDatabase.Database fingerprints = target("fingerprints");
        Map<String, String> booked = olbs.rows("select arrest_id, defendant_last, defendant_first, date_of_birth,"
                + " nysid, narrative, is_sealed from booking.arrest");
        Map<String, String> charged = olbs.rows("select arrest_id, string_agg(charge_desc, ',' order by charge_seq)"
                + " from booking.arrest_charge group by arrest_id");
        Map<String, String> photos = mugshots.rows("select arrest_number, count(*) from photo group by arrest_number");
        Map<String, String> prints = fingerprints.rows("select set_id, arrest_num, nysid from print_set");

        for (Map.Entry<String, String> order : unsealed.entrySet()) {
            Arrest a = arrests.get(order.getKey());
            Person p = a.person();
            String id = String.valueOf(a.seq() + 1);
            assertThat(booked.get(id)).as(order.getKey()).isEqualTo(String.join("|", p.last(), p.first(),
                    p.dob().toString(), p.nysid(), "Defendant arrested in the " + a.precinct() + " precinct for "
                    + a.offense(), "f"));
            assertThat(charged.get(id)).as(order.getKey()).startsWith(a.offense()).doesNotContain("[SEALED]");
            String number = a.number().toLowerCase(java.util.Locale.ROOT);
            if (order.getValue().equals("160.57")) {
                assertThat(photos.get(number)).as("photographs of %s, sealed, back", order.getKey())
                        .isEqualTo(String.valueOf(1 + DemoRows.pick(a, 4, 2)));
                assertThat(prints.get(id)).as("prints of %s, sealed, back", order.getKey()).isEqualTo(
                        a.number().charAt(0) + " " + a.digits().substring(0, 4) + " " + a.digits().substring(4) + "|"
                        + DemoRows.spaced(p.nysid()));
            } else {
                assertThat(photos).as("photographs of %s, destroyed", order.getKey()).doesNotContainKey(number);
                assertThat(prints).as("prints of %s, destroyed", order.getKey()).doesNotContainKey(id);
            }
        }
        for (String order : stillSealed) {
            Arrest a = arrests.get(order);
            String id = String.valueOf(a.seq() + 1);
            assertThat(booked.get(id)).as(order).startsWith("null|null|").endsWith("|t");
            assertThat(photos).as(order).doesNotContainKey(a.number().toLowerCase(java.util.Locale.ROOT));
            assertThat(prints).as(order).doesNotContainKey(id);
        }
    }

    private TestControlDatabase.Database target(String name) {
        ControlDatabase control = application.getBean(ControlDatabase.class);
        return new TestControlDatabase.Database(DemoWorld.database(name),
                control.serverUrlPrefix() + DemoWorld.database(name), control.user(), control.password());
    }

    private long count(String sql, Object... args) {
        Long n = jdbc.queryForObject(sql, Long.class, args);
        return n == null ? 0 : n;
    }

    @Test
    void theDemoRefusesTargetFilesThatPointAnywhereButAtItsOwnDatabases() throws Exception {
        Path config = Files.createDirectories(workDir.resolve("elsewhere/targets"));
        try (var files = Files.list(Path.of("jobs/targets"))) {
            for (Path f : files.toList()) {
                Files.writeString(config.resolve(f.getFileName()), Files.readString(f)
                        .replace("demo_olbs", "production_booking"));
            }
        }

        CliResult demo = sealctl("demo", "--config", config.getParent().toString());

        assertThat(demo.exitCode()).isEqualTo(2);
        assertThat(demo.err()).contains("refusing to run the demo: target olbs points at", "production_booking");
    }
}
